import { createServer, connect, type Server, type Socket } from 'node:net';

/**
 * A weak link for the browser benchmarks (P8): TCP proxies on 127.0.0.1 in front of local servers, all sharing
 * one link with a round-trip latency and a bandwidth in each direction. Everything the browser exchanges with a
 * proxied server crosses it (the page's requests and its service worker's alike), unlike DevTools' network
 * emulation, which throttles one page's requests only.
 *
 * - Latency: every byte is delivered half the round trip after it has been sent, each way; a new connection
 *   sends nothing before a round trip has passed (its TCP handshake on the real link).
 * - Bandwidth: each direction sends at most its rate, shared fairly (round robin) between the connections that
 *   have something to send, as TCP flows share a bottleneck.
 * - Bytes received: counted as they reach the browser (HTTP headers and bodies as sent, compressed).
 */
export interface LinkSpec {
  latencyMs: number;
  downKbit: number;
  upKbit: number;
}

export interface WeakLink {
  /** A proxy in front of `target` (an http://127.0.0.1:port base URL) on this link: its base URL. */
  proxy(target: string): Promise<string>;
  /** Bytes delivered to the browser since the previous call. */
  takeReceived(): number;
  /** Resolve once nothing has crossed the link (either way) for `quietMs`, or after `timeoutMs`. */
  quiet(quietMs: number, timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

/** How often a busy direction hands out its sending budget (ms). */
const TICK_MS = 4;
/** Queued bytes of one connection above which its source is paused (the sender's window is full). */
const HIGH_WATER = 256 * 1024;

interface Flow {
  queue: Buffer[];
  /** Bytes queued, not yet sent. */
  pending: number;
  /** The source ended: end the destination once everything queued has been delivered. */
  ending: boolean;
  deliver(chunk: Buffer): void;
  finish(): void;
  drained(): void;
}

/** One direction of the link: a sending rate shared round robin by its flows, then a fixed delay. */
class Direction {
  private readonly active = new Set<Flow>();
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private credit = 0;
  inFlight = 0;

  constructor(
    private readonly bytesPerMs: number,
    private readonly delayMs: number,
    private readonly activity: (delivered: number) => void,
  ) {}

  send(flow: Flow, chunk: Buffer): void {
    flow.queue.push(chunk);
    flow.pending += chunk.length;
    this.activity(0);
    this.active.add(flow);
    this.wake();
  }

  end(flow: Flow): void {
    flow.ending = true;
    if (flow.pending === 0) this.later(() => flow.finish());
  }

  /** The destination is gone (the browser reset the connection): drop what was still to send, as TCP would. */
  abort(flow: Flow): void {
    this.active.delete(flow);
    flow.queue = [];
    flow.pending = 0;
    flow.ending = false;
  }

  get queued(): number {
    let total = 0;
    for (const flow of this.active) total += flow.pending;
    return total;
  }

  private wake(): void {
    if (this.timer) return;
    // Idle until now: sending starts now, with no budget saved up while idle.
    this.last = performance.now();
    this.credit = 0;
    this.timer = setTimeout(() => this.tick(), TICK_MS);
  }

  private later(action: () => void): void {
    setTimeout(action, this.delayMs);
  }

  private tick(): void {
    this.timer = undefined;
    const now = performance.now();
    this.credit += (now - this.last) * this.bytesPerMs;
    this.last = now;
    while (this.active.size > 0) {
      const share = Math.floor(this.credit / this.active.size);
      if (share < 1) break;
      for (const flow of [...this.active]) {
        const sent = take(flow, share);
        this.credit -= sent.length;
        this.inFlight += sent.length;
        this.later(() => {
          this.inFlight -= sent.length;
          flow.deliver(sent);
          this.activity(sent.length);
        });
        if (flow.pending < HIGH_WATER) flow.drained();
        if (flow.pending === 0) {
          this.active.delete(flow);
          if (flow.ending) this.later(() => flow.finish());
        }
      }
    }
    if (this.active.size > 0) {
      this.timer = setTimeout(() => this.tick(), TICK_MS);
    }
  }
}

/** Up to `limit` bytes from the front of the flow's queue. */
function take(flow: Flow, limit: number): Buffer {
  const parts: Buffer[] = [];
  let size = 0;
  while (size < limit && flow.queue.length > 0) {
    const head = flow.queue[0]!;
    const room = limit - size;
    if (head.length <= room) {
      parts.push(head);
      size += head.length;
      flow.queue.shift();
    } else {
      parts.push(head.subarray(0, room));
      flow.queue[0] = head.subarray(room);
      size += room;
    }
  }
  flow.pending -= size;
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
}

function flowTo(destination: Socket, source: Socket): Flow {
  return {
    queue: [],
    pending: 0,
    ending: false,
    deliver: (chunk) => {
      if (!destination.destroyed) destination.write(chunk);
    },
    finish: () => {
      if (!destination.destroyed) destination.end();
    },
    drained: () => {
      if (source.isPaused()) source.resume();
    },
  };
}

export function createWeakLink(spec: LinkSpec): WeakLink {
  const servers: Server[] = [];
  const sockets = new Set<Socket>();
  let received = 0;
  let lastActivity = performance.now();
  const touch = () => {
    lastActivity = performance.now();
  };
  const down = new Direction((spec.downKbit * 1000) / 8 / 1000, spec.latencyMs / 2, (delivered) => {
    received += delivered;
    touch();
  });
  const up = new Direction((spec.upKbit * 1000) / 8 / 1000, spec.latencyMs / 2, touch);

  const pipe = (from: Socket, flow: Flow, direction: Direction, open: Promise<void>) => {
    from.on('data', (chunk: Buffer) => {
      void open.then(() => {
        direction.send(flow, chunk);
        if (flow.pending >= HIGH_WATER) from.pause();
      });
    });
    from.on('end', () => void open.then(() => direction.end(flow)));
  };

  const proxy = async (target: string): Promise<string> => {
    const { hostname, port } = new URL(target);
    // Half-open: an end in one direction crosses the link after that direction's bytes; the other carries on.
    const server = createServer({ allowHalfOpen: true }, (client) => {
      const upstream = connect({ port: Number(port), host: hostname, allowHalfOpen: true });
      sockets.add(client).add(upstream);
      touch();
      // The handshake: the browser's first bytes leave a round trip after it connected.
      const handshake = new Promise<void>((resolve) => setTimeout(resolve, spec.latencyMs));
      const toServer = flowTo(upstream, client);
      const toBrowser = flowTo(client, upstream);
      pipe(client, toServer, up, handshake);
      // The server's bytes follow its request (already past the handshake).
      pipe(upstream, toBrowser, down, Promise.resolve());
      let clientEnded = false;
      client.on('end', () => {
        clientEnded = true;
      });
      const close = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', close).on('close', () => {
        sockets.delete(client);
        // Closed without ending (a reset, a closed browser context): the rest of the answer is not sent.
        if (!clientEnded) {
          down.abort(toBrowser);
          up.abort(toServer);
          upstream.destroy();
        }
      });
      upstream.on('error', close).on('close', () => sockets.delete(upstream));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('weak link proxy has no port');
    return `http://127.0.0.1:${address.port}`;
  };

  return {
    proxy,
    takeReceived: () => {
      const bytes = received;
      received = 0;
      return bytes;
    },
    quiet: async (quietMs, timeoutMs) => {
      const deadline = performance.now() + timeoutMs;
      while (performance.now() < deadline) {
        const busy = down.queued + up.queued + down.inFlight + up.inFlight > 0;
        if (!busy && performance.now() - lastActivity >= quietMs) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}
