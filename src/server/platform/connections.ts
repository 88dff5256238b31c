import { BlockList, isIPv4 } from 'node:net';
import type { Socket } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ConnectionLimits } from './config';

/** The Node/Fastify server options of the limits (headers, whole request, idle keep-alive). */
export function serverTimeoutOptions(limits: ConnectionLimits) {
  return {
    requestTimeout: limits.requestTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    // A socket with no traffic at all for as long as a request may take is closed.
    connectionTimeout: limits.requestTimeoutMs,
    http: { headersTimeout: limits.headersTimeoutMs, connectionsCheckingInterval: limits.checkIntervalMs },
  };
}

const RANGE_NAMES: Record<string, readonly [string, number, 'ipv4' | 'ipv6'][]> = {
  loopback: [
    ['127.0.0.0', 8, 'ipv4'],
    ['::1', 128, 'ipv6'],
  ],
  linklocal: [
    ['169.254.0.0', 16, 'ipv4'],
    ['fe80::', 10, 'ipv6'],
  ],
  uniquelocal: [
    ['10.0.0.0', 8, 'ipv4'],
    ['172.16.0.0', 12, 'ipv4'],
    ['192.168.0.0', 16, 'ipv4'],
    ['fc00::', 7, 'ipv6'],
  ],
};

/** The trusted proxies as a BlockList (their connections are not capped: every client comes through them). */
export function proxyList(trustProxy: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of trustProxy) {
    const named = RANGE_NAMES[entry];
    if (named) {
      for (const [address, bits, family] of named) list.addSubnet(address, bits, family);
      continue;
    }
    const [address, bits] = entry.split('/') as [string, string | undefined];
    const family = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (bits === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(bits), family);
  }
  return list;
}

const plainAddress = (address: string) =>
  address.startsWith('::ffff:') && isIPv4(address.slice(7)) ? address.slice(7) : address;

interface SlowBody {
  socket: Socket;
  startBytes: number;
  startedAt: number;
  request: FastifyRequest;
}

/**
 * Slow clients (M9, docs/quality.md R13): at most `maxConnectionsPerAddress` open connections per
 * client address (trusted proxies excepted), more are closed at once; and a request body still
 * arriving `bodyTimeoutMs` after the request began must have come at `bodyMinBytesPerSecond` on
 * average, or the connection is closed. Headers, whole requests and idle keep-alive connections are
 * bounded by Node's own timeouts (serverTimeoutOptions).
 */
export function registerConnectionLimits(
  app: FastifyInstance,
  limits: ConnectionLimits,
  trustProxy: readonly string[],
  /** Answer and close a connection whose headers or body came too slowly (app.ts: a raw 408). */
  onSlow: (socket: Socket) => void = (socket) => socket.destroy(),
): void {
  // Set on the server itself too: Node reads these when it starts listening.
  app.server.headersTimeout = limits.headersTimeoutMs;
  app.server.requestTimeout = limits.requestTimeoutMs;
  (app.server as { connectionsCheckingInterval?: number }).connectionsCheckingInterval = limits.checkIntervalMs;
  const proxies = proxyList(trustProxy);
  const open = new Map<string, number>();
  const firstRequest = new WeakMap<Socket, NodeJS.Timeout>();
  app.server.on('request', (request: { socket: Socket }) => {
    const deadline = firstRequest.get(request.socket);
    if (deadline) clearTimeout(deadline);
    firstRequest.delete(request.socket);
  });
  app.server.on('connection', (socket: Socket) => {
    const address = plainAddress(socket.remoteAddress ?? '');
    if (!address) return;
    const family = isIPv4(address) ? 'ipv4' : 'ipv6';
    if (proxies.check(address, family)) return;
    const count = (open.get(address) ?? 0) + 1;
    if (count > limits.maxConnectionsPerAddress) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    // The first request's headers must arrive in time (Node's own headersTimeout check is not
    // dependable here; it still covers later requests on a kept-alive connection).
    const headersDeadline = setTimeout(() => onSlow(socket), limits.headersTimeoutMs);
    headersDeadline.unref();
    firstRequest.set(socket, headersDeadline);
    socket.once('close', () => {
      clearTimeout(headersDeadline);
      firstRequest.delete(socket);
      const left = (open.get(address) ?? 1) - 1;
      if (left <= 0) open.delete(address);
      else open.set(address, left);
    });
  });

  const slow = new Set<SlowBody>();
  app.addHook('onRequest', async (request) => {
    if (request.raw.complete) return;
    const entry: SlowBody = {
      socket: request.raw.socket,
      startBytes: request.raw.socket.bytesRead,
      startedAt: Date.now(),
      request,
    };
    slow.add(entry);
    request.raw.once('close', () => slow.delete(entry));
  });
  app.addHook('onResponse', async (request) => {
    for (const entry of slow) if (entry.request === request) slow.delete(entry);
  });
  const check = () => {
    const now = Date.now();
    for (const entry of slow) {
      const elapsed = now - entry.startedAt;
      if (entry.request.raw.complete || entry.socket.destroyed) {
        slow.delete(entry);
      } else if (elapsed >= limits.bodyTimeoutMs) {
        const received = entry.socket.bytesRead - entry.startBytes;
        if (received < (limits.bodyMinBytesPerSecond * elapsed) / 1000) {
          slow.delete(entry);
          onSlow(entry.socket);
        }
      }
    }
  };
  let timer: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    timer = setInterval(check, limits.checkIntervalMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
  });
}
