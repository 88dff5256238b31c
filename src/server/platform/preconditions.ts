import type { FastifyRequest } from 'fastify';
import { HttpProblem } from './problem';

/** `"7"` (or W/"7") → 7; null when the header is not a version this server could have issued. */
export function parseVersionTag(header: string): number | null {
  const match = /^(?:W\/)?"(\d{1,10})"$/.exec(header.trim());
  return match ? Number(match[1]) : null;
}

export const etagOf = (version: number) => `"${version}"`;

/**
 * The version a write expects, from If-Match (RFC 9110): missing → 428, unparsable → 400, and a
 * version other than `current` → 412 naming the current one. The caller re-checks inside its
 * transaction.
 */
export function expectedVersion(request: FastifyRequest, current: number): number {
  const header = request.headers['if-match'];
  if (header === undefined) throw new HttpProblem(428, 'This write needs an If-Match header with the ETag you read');
  if (Array.isArray(header) || header.includes(',')) throw new HttpProblem(400, 'If-Match must name exactly one ETag');
  const version = parseVersionTag(header);
  if (version === null) throw new HttpProblem(400, `If-Match ${header.slice(0, 40)} is not an ETag of this server`);
  if (version !== current) {
    throw new HttpProblem(
      412,
      `Changed by someone else: you have version ${version}, the current one is ${current}`,
      undefined,
      {
        currentVersion: current,
      },
    );
  }
  return version;
}
