import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  baseUrl: string;
  close(): Promise<void>;
}

export interface StaticOptions {
  /**
   * Serve as a production server would (P8, a weak link): gzip when the browser accepts it and
   * content-hashed files under /assets/ cached `immutable`, like the app's server. Off for P2 (local).
   */
  production?: boolean;
}

/** A minimal static file server on 127.0.0.1 (a free port) for the bare benchmark page and its data. */
export async function serveStatic(root: string, options: StaticOptions = {}): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = path.resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
    if (!file.startsWith(root + path.sep) || request.method !== 'GET') {
      response.writeHead(404).end();
      return;
    }
    readFile(file).then(
      (content) => {
        const gzip = options.production && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
        const body = gzip ? gzipSync(content) : content;
        const immutable = options.production && pathname.startsWith('/assets/');
        response.writeHead(200, {
          'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
          'Content-Length': body.length,
          'Cache-Control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
          ...(gzip ? { 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding' } : {}),
        });
        response.end(body);
      },
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('static server has no port');
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
