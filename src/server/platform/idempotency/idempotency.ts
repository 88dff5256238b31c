import type { FastifyReply, FastifyRequest } from 'fastify';
import { HttpProblem } from '../problem';
import type { IdempotencyRepository, StoredAnswer } from './idempotency.rows';

export type { IdempotencyRepository, StoredAnswer } from './idempotency.rows';

/** An Idempotency-Key: printable ASCII without spaces (a suffix such as " #2" cannot collide). */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,100}$/;
/** How long a key is remembered: longer than a phone stays offline with a queued write. */
const KEEP_DAYS = 30;
/** Seconds a resend waits while the first send of its key is still being written. */
const RETRY_AFTER_SECONDS = 5;

/** The request's Idempotency-Key header, or undefined; 400 when it is malformed. */
export function idempotencyKeyOf(request: FastifyRequest): string | undefined {
  const header = request.headers['idempotency-key'];
  if (header !== undefined && (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header))) {
    throw new HttpProblem(400, 'Idempotency-Key must be 1–100 printable ASCII characters without spaces');
  }
  return header;
}

/**
 * Make a write safe to send again (docs/field.md, the outbox): with an Idempotency-Key, the first request of a user
 * and key runs `write` and its answer is kept; a resend of the same key gets that answer again (header
 * `Idempotent-Replayed: true`) and writes nothing. A refused or failed write frees its key. Without the header the
 * write just runs.
 */
export async function idempotently(
  repo: IdempotencyRepository,
  request: FastifyRequest,
  reply: FastifyReply,
  options: { route: string; now: Date },
  write: () => Promise<StoredAnswer>,
): Promise<FastifyReply> {
  const key = idempotencyKeyOf(request);
  const send = (answer: StoredAnswer) =>
    reply
      .code(answer.status)
      .headers(answer.headers ?? {})
      .send(answer.body);
  const userId = request.user?.id;
  if (key === undefined || userId === undefined) return send(await write());
  const claim = await repo.claim(userId, key, options.route, options.now.toISOString());
  if (!claim.claimed) {
    if (claim.route && claim.route !== options.route) {
      throw new HttpProblem(422, 'This Idempotency-Key was already used for another kind of write: use a new key');
    }
    if (!claim.answer) {
      throw new HttpProblem(
        409,
        'The first send of this write is still being made: try again shortly',
        undefined,
        undefined,
        { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      );
    }
    reply.header('Idempotent-Replayed', 'true');
    return send(claim.answer);
  }
  let answer: StoredAnswer;
  try {
    answer = await write();
  } catch (error) {
    await repo.release(userId, key);
    throw error;
  }
  await repo.finish(userId, key, answer);
  await repo.forget(new Date(options.now.getTime() - KEEP_DAYS * 86_400_000).toISOString());
  return send(answer);
}
