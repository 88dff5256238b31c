import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendProblem } from './problem';

/** Always answered: this machine's own names, any port. */
export const LOCAL_HOST_NAMES = ['localhost', '127.0.0.1', '[::1]'] as const;

/**
 * The Host names the server answers to (L1, against DNS rebinding): the local names, the public
 * origin's host, and the configured ones (`name` for any port, `name:port` for one). `*` answers any
 * Host, which lets a rebound attacker's page read the API: documented as unsafe (docs/operations.md).
 */
export function hostAllowlist(
  configured: readonly string[] | '*' = [],
  publicOrigin?: string,
): readonly string[] | '*' {
  if (configured === '*') return '*';
  const hosts = new Set<string>([...LOCAL_HOST_NAMES, ...configured.map((host) => host.toLowerCase())]);
  if (publicOrigin) hosts.add(new URL(publicOrigin).host.toLowerCase());
  return [...hosts];
}

/** `name[:port]` → its name and port ('' without one); IPv6 names keep their brackets. */
function splitHost(host: string): { name: string; port: string } {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d*))?$/.exec(host.toLowerCase());
  return match ? { name: match[1]!, port: match[2] ?? '' } : { name: '', port: '' };
}

export function hostAllowed(host: string | undefined, allowlist: readonly string[] | '*'): boolean {
  if (allowlist === '*') return true;
  if (!host) return false;
  const { name, port } = splitHost(host);
  if (!name) return false;
  return allowlist.some((entry) => {
    const allowed = splitHost(entry);
    return allowed.name === name && (allowed.port === '' || allowed.port === port);
  });
}

/** Refuse requests for any other Host with 421 (before anything else runs). */
export function registerHostCheck(app: FastifyInstance, allowlist: readonly string[] | '*'): void {
  if (allowlist === '*') return;
  app.addHook('onRequest', async (request, reply) => {
    if (!hostAllowed(request.host, allowlist)) {
      return sendProblem(reply, 421, 'This server does not answer to that host name');
    }
  });
}

/**
 * May a write carrying this Origin header go ahead? The configured public origin, or this very
 * server's origin as reached through an allowed host (the Host check has run by then).
 */
export function sameOrigin(
  origin: string,
  request: FastifyRequest,
  allowlist: readonly string[] | '*',
  publicOrigin?: string,
): boolean {
  if (publicOrigin && origin === publicOrigin) return true;
  return origin === `${request.protocol}://${request.host}` && hostAllowed(request.host, allowlist);
}
