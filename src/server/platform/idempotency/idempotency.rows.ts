/** The statements of the idempotent writes (SQLite and PostgreSQL alike; `@name` parameters). */
export const IDEMPOTENCY_SQL = {
  claim: `
    INSERT INTO idempotent_writes (user_id, key, route, status, response_json, created_at)
    VALUES (@userId, @key, @route, NULL, NULL, @at)
    ON CONFLICT (user_id, key) DO NOTHING
    RETURNING key`,
  select: 'SELECT route, status, response_json FROM idempotent_writes WHERE user_id = @userId AND key = @key',
  finish:
    'UPDATE idempotent_writes SET status = @status, response_json = @response WHERE user_id = @userId AND key = @key AND status IS NULL',
  release: 'DELETE FROM idempotent_writes WHERE user_id = @userId AND key = @key AND status IS NULL',
  forget: 'DELETE FROM idempotent_writes WHERE created_at < @cutoff',
} as const;

export interface IdempotentRow {
  route: string;
  status: number | null;
  response_json: string | null;
}

/** What a write's answer was, kept to answer a resend of its key. */
export interface StoredAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type IdempotencyClaim =
  { claimed: true } | { claimed: false; route: string; answer: StoredAnswer | null /* null: still running */ };

export const otherClaim = (row: IdempotentRow | undefined): IdempotencyClaim => {
  // Gone between the insert and the select (released just now): claim again.
  if (!row) return { claimed: false, route: '', answer: null };
  return {
    claimed: false,
    route: row.route,
    answer: row.status === null || row.response_json === null ? null : (JSON.parse(row.response_json) as StoredAnswer),
  };
};

/** Writes sent with an Idempotency-Key (docs/field.md): claimed once per user and key, answered again on a resend. */
export interface IdempotencyRepository {
  /** Claim `key` for `route`: exactly one caller gets `claimed: true`; the others see the claim or its answer. */
  claim(userId: string, key: string, route: string, at: string): Promise<IdempotencyClaim>;
  /** The claimed write is done: later resends get `answer`. */
  finish(userId: string, key: string, answer: StoredAnswer): Promise<void>;
  /** The claimed write was refused or failed: the key may be used again. */
  release(userId: string, key: string): Promise<void>;
  /** Forget the keys claimed before `cutoff`. */
  forget(cutoff: string): Promise<void>;
}
