import { HttpProblem } from '../../platform/problem';

/** Seconds a client is asked to wait before trying again when the upload slots are taken. */
export const UPLOAD_RETRY_AFTER_SECONDS = 10;

/**
 * Photo uploads running at once, per user and in all (docs/quality.md R11): each holds a socket, a
 * temporary file and, while it is processed, sharp's decode buffers. Past either cap an upload is
 * refused at once with a 503 and Retry-After, before its body is read.
 */
export function createUploadSlots(limits: { perUser: number; total: number }) {
  const byUser = new Map<string, number>();
  let total = 0;
  const busy = (detail: string) =>
    new HttpProblem(503, detail, undefined, undefined, { 'Retry-After': String(UPLOAD_RETRY_AFTER_SECONDS) });
  return {
    /** Take a slot for `userId`, or throw the 503; call the returned function exactly once to give it back. */
    acquire(userId: string): () => void {
      const mine = byUser.get(userId) ?? 0;
      if (mine >= limits.perUser) {
        throw busy(
          `You already have ${limits.perUser} uploads running, the most one user may send at once: wait for them to finish`,
        );
      }
      if (total >= limits.total) {
        throw busy(`The server is receiving ${limits.total} uploads, the most it takes at once: try again shortly`);
      }
      byUser.set(userId, mine + 1);
      total += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        total -= 1;
        const left = (byUser.get(userId) ?? 1) - 1;
        if (left > 0) byUser.set(userId, left);
        else byUser.delete(userId);
      };
    },
  };
}
