import { parentPort, threadId } from 'node:worker_threads';
import { ImportError } from './import-error';

interface Job {
  job: number;
  /** A module of this server (a file URL set by the server's code, never by a client) and its export. */
  module: string;
  name: string;
  input: unknown;
}

/** A worker thread: run jobs one at a time and post each result (or why the file cannot be read) back. */
parentPort!.on('message', async ({ job, module, name, input }: Job) => {
  try {
    const exports = (await import(module)) as Record<string, (input: unknown) => unknown>;
    // The reading starts now: the server's deadline counts from here, not from the thread's start-up.
    parentPort!.postMessage({ job, started: true });
    const result = await exports[name]!(input);
    // A file written here (an export) goes back without a copy when it owns its whole memory.
    const transfer =
      result instanceof Uint8Array &&
      result.buffer instanceof ArrayBuffer &&
      result.byteOffset === 0 &&
      result.byteLength === result.buffer.byteLength
        ? [result.buffer]
        : [];
    parentPort!.postMessage({ job, ok: true, result, threadId }, transfer);
  } catch (error) {
    const status = error instanceof ImportError ? error.status : 422;
    const message =
      error instanceof ImportError
        ? error.message
        : `The file cannot be read (${error instanceof Error ? error.message.slice(0, 300) : 'unreadable'})`;
    parentPort!.postMessage({ job, ok: false, status, message, threadId });
  }
});
