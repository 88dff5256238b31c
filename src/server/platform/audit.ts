import type { FastifyRequest } from 'fastify';
import { stampNow } from './clock';
import type { AuditEntry } from '../../shared/admin/audit';
import { HttpProblem } from './problem';
import type { PgTx } from './db/pg/pool';

/** Who made a change, as the write repositories record it (zone history, flood data, tasks …). */
export interface Actor {
  id: string | null;
  username: string | null;
  ip: string | null;
}

/** One audit entry to append (the admin module stores them). */
export interface NewAuditEntry {
  actorId: string | null;
  actorUsername: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  outcome: AuditEntry['outcome'];
  ip?: string | null;
  detail?: Record<string, unknown> | null;
}

/** Append an audit entry inside the caller's PostgreSQL transaction (the admin module's recordAuditIn). */
export type RecordAuditIn = (tx: PgTx, entry: NewAuditEntry) => Promise<unknown>;

/** Denied anonymous requests are counted per address, route and minute instead of appended one by one. */
export interface AuditTally {
  /** The minute (UTC ISO, seconds cut off). */
  windowStart: string;
  ip: string;
  route: string;
}

/** Where an audited refusal goes: the audit log. */
export interface AuditLog {
  record(entry: NewAuditEntry): Promise<void>;
  /** Count the entry under its tally: one row per address, route and minute, carrying the count. */
  tally(entry: NewAuditEntry, tally: AuditTally): Promise<void>;
}

/** The tally of an anonymous request: its address, `route` and the current minute. */
export function anonymousTally(request: FastifyRequest, route: string): AuditTally {
  return { windowStart: stampNow().slice(0, 16), ip: request.ip, route: route.slice(0, 300) };
}

export interface Denial {
  /** Why, for the audit log. */
  reason: string;
  /** The problem detail the caller reads with the 403. */
  message: string;
  /** What was refused; by default the route (`POST /api/zones/:id`). */
  target?: { type: string; id: string };
  /** Record the request path beside the reason. */
  withPath?: boolean;
}

/**
 * Append the `denied_write` entry of a refusal (the route, or `target`, and the reason). Refusals of
 * anonymous callers (no session, no API token) are tallied per address, route and minute instead, so
 * anonymous traffic cannot fill the append-only log (docs/quality.md R13); a signed-in user's refusal
 * is always its own entry.
 */
export async function recordDenial(
  audit: AuditLog,
  request: FastifyRequest,
  denial: Pick<Denial, 'reason' | 'target' | 'withPath'>,
): Promise<void> {
  const entry: NewAuditEntry = {
    ...auditActor(request),
    action: 'denied_write',
    targetType: denial.target?.type ?? 'route',
    targetId: denial.target?.id ?? `${request.method} ${request.routeOptions.url}`,
    outcome: 'denied',
    detail: denial.withPath
      ? { path: request.url.split('?')[0]!.slice(0, 200), reason: denial.reason }
      : { reason: denial.reason },
  };
  if (request.user || request.apiToken) return audit.record(entry);
  return audit.tally(entry, anonymousTally(request, `${entry.targetType} ${entry.targetId}`));
}

/**
 * The one audited refusal (docs/architecture.md): append a `denied_write` entry, then answer 403
 * with `message`. Nothing has changed yet when this is called. (The authorization guard records
 * with `recordDenial` and answers 401 or 403 itself, before any route runs.)
 */
export async function auditedDeny(audit: AuditLog, request: FastifyRequest, denial: Denial): Promise<never> {
  await recordDenial(audit, request, denial);
  throw new HttpProblem(403, denial.message);
}

/** Who is acting, for an audit entry: the logged-in user (or nobody) and the client address. */
export function auditActor(request: FastifyRequest): {
  actorId: string | null;
  actorUsername: string | null;
  ip: string;
} {
  return { actorId: request.user?.id ?? null, actorUsername: request.user?.username ?? null, ip: request.ip };
}

/** The same, in the shape the write repositories record (zone history, flood data, tasks). */
export function writeActor(request: FastifyRequest): { id: string | null; username: string | null; ip: string } {
  return { id: request.user?.id ?? null, username: request.user?.username ?? null, ip: request.ip };
}
