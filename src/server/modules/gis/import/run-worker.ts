import { Worker } from 'node:worker_threads';
import { readKey, type ParseRequest, type ParseResult } from './parse';
import { ImportError } from './import-error';

export interface WorkerOptions {
  timeoutMs: number;
  /** Parse jobs at once (the machine's cores); more wait in line. */
  concurrency: number;
  /** Jobs that may wait; beyond that a 429. */
  queueLimit: number;
  /** Called when a job starts and ends in a worker (tests check that the event loop kept answering). */
  onEvent?: (event: { type: 'start' | 'end'; threadId: number }) => void;
}

interface WorkerReply {
  job: number;
  ok: boolean;
  result?: ParseResult;
  status?: number;
  message?: string;
}

/**
 * Parses uploads in worker threads (node:worker_threads), so the server's event loop keeps answering
 * while a 50 MB file is read. Workers are kept warm and reused one job at a time; a worker that
 * throws, runs out of memory or takes too long is terminated (never left running) and its job
 * becomes a 422 with a message.
 */
export function createImportWorkers(options: WorkerOptions) {
  let running = 0;
  let nextJob = 1;
  let closed = false;
  const waiting: (() => void)[] = [];
  const idle: Worker[] = [];
  const all = new Set<Worker>();
  /** What each worker read last: a job for the same file goes back to it (its read is cached there). */
  const lastKey = new WeakMap<Worker, string>();

  async function slot(): Promise<void> {
    if (running < options.concurrency) {
      running += 1;
      return;
    }
    if (waiting.length >= options.queueLimit) {
      throw new ImportError(429, 'The import is busy with other files: try again in a minute');
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
    running += 1;
  }
  function release() {
    running -= 1;
    waiting.shift()?.();
  }

  function spawn(): Worker {
    const worker = new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      resourceLimits: { maxOldGenerationSizeMb: 2048, maxYoungGenerationSizeMb: 64, stackSizeMb: 8 },
    });
    all.add(worker);
    worker.on('exit', () => {
      all.delete(worker);
      const index = idle.indexOf(worker);
      if (index >= 0) idle.splice(index, 1);
    });
    // An idle worker must not keep the process alive.
    worker.on('error', () => undefined);
    return worker;
  }

  function runOnce(request: ParseRequest): Promise<ParseResult> {
    const key = readKey(request);
    const same = idle.findIndex((candidate) => lastKey.get(candidate) === key);
    const worker = (same >= 0 ? idle.splice(same, 1)[0] : idle.pop()) ?? spawn();
    lastKey.set(worker, key);
    const job = nextJob++;
    worker.ref();
    return new Promise((resolve, reject) => {
      options.onEvent?.({ type: 'start', threadId: worker.threadId });
      let settled = false;
      const finish = (keep: boolean, outcome: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        options.onEvent?.({ type: 'end', threadId: worker.threadId });
        if (keep && !closed) {
          worker.unref();
          idle.push(worker);
        } else {
          void worker.terminate();
        }
        outcome();
      };
      const timer = setTimeout(
        () =>
          finish(false, () =>
            reject(
              new ImportError(
                422,
                `Reading the file took longer than ${Math.round(options.timeoutMs / 1000)} s: it was stopped`,
              ),
            ),
          ),
        options.timeoutMs,
      );
      const onMessage = (message: WorkerReply) => {
        if (message.job !== job) return;
        finish(true, () =>
          message.ok
            ? resolve(message.result!)
            : reject(
                new ImportError(
                  (message.status ?? 422) as ImportError['status'],
                  message.message ?? 'The file cannot be read',
                ),
              ),
        );
      };
      const onError = (error: Error & { code?: string }) =>
        finish(false, () =>
          reject(
            new ImportError(
              422,
              error.code === 'ERR_WORKER_OUT_OF_MEMORY'
                ? 'Reading the file needs more memory than the import may use: split it'
                : `The file cannot be read (${error.message.slice(0, 300)})`,
            ),
          ),
        );
      const onExit = (code: number) =>
        finish(false, () => reject(new ImportError(422, `The file reader stopped unexpectedly (exit code ${code})`)));
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ job, request });
    });
  }

  return {
    async run(request: ParseRequest): Promise<ParseResult> {
      await slot();
      try {
        return await runOnce(request);
      } finally {
        release();
      }
    },
    async close() {
      closed = true;
      await Promise.all([...all].map((worker) => worker.terminate()));
    },
  };
}

export type ImportWorkers = ReturnType<typeof createImportWorkers>;
