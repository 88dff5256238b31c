import { Worker } from 'node:worker_threads';
import { ImportError } from './import-error';

export interface WorkerOptions {
  timeoutMs: number;
  /** Jobs at once in the lane every file may use; more wait in line. */
  concurrency: number;
  /**
   * Workers kept for small jobs only (docs/quality.md P10): a job whose input is at most
   * `smallJobBytes` may also run here, so big or hostile files cannot starve small ones. 0: no such lane.
   */
  smallConcurrency?: number;
  /** The largest input, in bytes, that counts as small (default 5 MiB). */
  smallJobBytes?: number;
  /** Jobs that may wait (in each lane); beyond that a 429. */
  queueLimit: number;
  /** Called when a job starts and ends in a worker (tests check that the event loop kept answering). */
  onEvent?: (event: { type: 'start' | 'end'; threadId: number }) => void;
}

/**
 * One job for a worker: the named export of a module (given as a file URL: never anything a client
 * sent) called with `input`, which must survive structured cloning. Jobs with the same `key` go back
 * to the worker that ran the last one, if it is idle (the module may cache its read there).
 */
export interface WorkerTask {
  module: string;
  name: string;
  input: unknown;
  key: string;
  /** The size of what the job reads, in bytes: picks the lane. */
  bytes: number;
}

interface WorkerReply {
  job: number;
  /** The worker has loaded the job's module and starts reading: the deadline starts. */
  started?: boolean;
  ok: boolean;
  result?: unknown;
  status?: number;
  message?: string;
}

interface Lane {
  capacity: number;
  running: number;
  waiting: (() => void)[];
}

const DEFAULT_SMALL_JOB_BYTES = 5 * 1024 * 1024;
/** A new worker thread loads its TypeScript first: this long at most, on top of the reading's deadline. */
const START_UP_ALLOWANCE_MS = 60_000;

/**
 * Runs file reading in worker threads (node:worker_threads), so the server's event loop keeps
 * answering while a 50 MB file is read: the GIS import and the case CSV import share this one
 * mechanism. Workers are kept warm and reused one job at a time; a worker that throws, runs out of
 * memory or takes longer than `timeoutMs` is terminated (never left running) and its job becomes a
 * 422 with a message.
 */
export function createImportWorkers(options: WorkerOptions) {
  let nextJob = 1;
  let closed = false;
  const smallJobBytes = options.smallJobBytes ?? DEFAULT_SMALL_JOB_BYTES;
  const shared: Lane = { capacity: options.concurrency, running: 0, waiting: [] };
  const small: Lane = { capacity: options.smallConcurrency ?? 0, running: 0, waiting: [] };
  const idle: Worker[] = [];
  const all = new Set<Worker>();
  /** What each worker read last: a job for the same file goes back to it (its read is cached there). */
  const lastKey = new WeakMap<Worker, string>();

  /** A slot for a job of `bytes`: small jobs take the small lane first, then the shared one. */
  async function slot(bytes: number): Promise<Lane> {
    const lanes = bytes <= smallJobBytes && small.capacity > 0 ? [small, shared] : [shared];
    const free = lanes.find((lane) => lane.running < lane.capacity);
    if (free) {
      free.running += 1;
      return free;
    }
    const queue = lanes[0]!;
    if (queue.waiting.length >= options.queueLimit) {
      throw new ImportError(429, 'The import is busy with other files: try again in a minute');
    }
    await new Promise<void>((resolve) => queue.waiting.push(resolve));
    queue.running += 1;
    return queue;
  }
  function release(lane: Lane) {
    lane.running -= 1;
    lane.waiting.shift()?.();
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

  function runOnce<T>(task: WorkerTask): Promise<T> {
    const same = idle.findIndex((candidate) => lastKey.get(candidate) === task.key);
    const worker = (same >= 0 ? idle.splice(same, 1)[0] : idle.pop()) ?? spawn();
    lastKey.set(worker, task.key);
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
      const tooLong = () =>
        finish(false, () =>
          reject(
            new ImportError(
              422,
              `The file took too long to read (it took longer than ${options.timeoutMs / 1000} s) and was stopped`,
            ),
          ),
        );
      // Until the worker says it started reading: the start-up allowance; then the deadline (docs/quality.md P10).
      let timer = setTimeout(tooLong, options.timeoutMs + START_UP_ALLOWANCE_MS);
      const onMessage = (message: WorkerReply) => {
        if (message.job !== job) return;
        if (message.started) {
          clearTimeout(timer);
          timer = setTimeout(tooLong, options.timeoutMs);
          return;
        }
        finish(true, () =>
          message.ok
            ? resolve(message.result as T)
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
      worker.postMessage({ job, module: task.module, name: task.name, input: task.input });
    });
  }

  return {
    async run<T>(task: WorkerTask): Promise<T> {
      const lane = await slot(task.bytes);
      try {
        return await runOnce<T>(task);
      } finally {
        release(lane);
      }
    },
    async close() {
      closed = true;
      await Promise.all([...all].map((worker) => worker.terminate()));
    },
  };
}

export type ImportWorkers = ReturnType<typeof createImportWorkers>;
