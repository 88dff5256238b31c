import { parentPort, threadId } from 'node:worker_threads';
import { parseImport, type ParseRequest } from './parse';
import { ImportError } from './import-error';

/** A worker thread: parse uploads one at a time and post each result (or why it cannot be read) back. */
parentPort!.on('message', async ({ job, request }: { job: number; request: ParseRequest }) => {
  try {
    const result = await parseImport(request);
    parentPort!.postMessage({ job, ok: true, result, threadId });
  } catch (error) {
    const status = error instanceof ImportError ? error.status : 422;
    const message =
      error instanceof ImportError
        ? error.message
        : `The file cannot be read (${error instanceof Error ? error.message.slice(0, 300) : 'unreadable'})`;
    parentPort!.postMessage({ job, ok: false, status, message, threadId });
  }
});
