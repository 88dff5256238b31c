import type { FastifyRequest } from 'fastify';
import { HttpProblem } from './problem';

/** `"7"` (or W/"7") → 7; null when the header is not a version this server could have issued. */
export function parseVersionTag(header: string): number | null {
  const match = /^(?:W\/)?"(\d{1,10})"$/.exec(header.trim());
  return match ? Number(match[1]) : null;
}

export const etagOf = (version: number) => `"${version}"`;

/** True when the request's If-None-Match names `etag` (weak or strong): the client's copy is current, answer 304. */
export function clientHasEtag(request: FastifyRequest, etag: string): boolean {
  const match = request.headers['if-none-match'];
  return typeof match === 'string' && match.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}

export interface Stale {
  /** The version the resource has now (null: it has none yet); left out of the body when undefined. */
  currentVersion?: number | null;
  /** The resource as it is now, so a client can show both; left out when not given. */
  current?: unknown;
  /** The detail; by default "Changed by someone else: the current version is N". */
  detail?: string;
}

/**
 * The one 412 "changed by someone else" answer (RFC 9110 If-Match): the detail, the current
 * version and, where the client can use it, the current state.
 */
export function staleProblem(stale: Stale): HttpProblem {
  const extra: Record<string, unknown> = {};
  if (stale.currentVersion !== undefined) extra.currentVersion = stale.currentVersion;
  if ('current' in stale) extra.current = stale.current;
  return new HttpProblem(
    412,
    stale.detail ?? `Changed by someone else: the current version is ${stale.currentVersion}`,
    undefined,
    Object.keys(extra).length ? extra : undefined,
  );
}

/**
 * The version a write expects, from If-Match (RFC 9110): missing → 428, unparsable → 400, and a
 * version other than `current` → 412 naming the current one (with `state`, the resource as it is
 * now, when given). The caller re-checks inside its transaction.
 */
export function expectedVersion(request: FastifyRequest, current: number, ...state: [unknown?]): number {
  const header = request.headers['if-match'];
  if (header === undefined) throw new HttpProblem(428, 'This write needs an If-Match header with the ETag you read');
  if (Array.isArray(header) || header.includes(',')) throw new HttpProblem(400, 'If-Match must name exactly one ETag');
  const version = parseVersionTag(header);
  if (version === null) throw new HttpProblem(400, `If-Match ${header.slice(0, 40)} is not an ETag of this server`);
  if (version !== current) {
    throw staleProblem({
      currentVersion: current,
      ...(state.length ? { current: state[0] } : {}),
      detail: `Changed by someone else: you have version ${version}, the current one is ${current}`,
    });
  }
  return version;
}
