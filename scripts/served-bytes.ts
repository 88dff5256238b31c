/**
 * One-off measure for docs/benchmarks.md ("Served bytes (compression)"): bytes on the wire for the
 * map page's initial JavaScript (scripts/initial-js.ts) from a real server over dist/, asked for
 * with no Accept-Encoding, with `br` and with `gzip`. Run after `npm run build`.
 */
import { get } from 'node:http';
import { fileURLToPath } from 'node:url';
import { measureInitialJavaScript } from './initial-js';
import { startTestServer } from '../src/testing/test-server';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const server = await startTestServer({ staticDir: dist });

function served(url: string, encoding?: string): Promise<{ bytes: number; encoding: string }> {
  return new Promise((resolve, reject) => {
    get(url, { headers: encoding ? { 'accept-encoding': encoding } : {} }, (response) => {
      let bytes = 0;
      response.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.on('end', () =>
        resolve({ bytes, encoding: String(response.headers['content-encoding'] ?? 'identity') }),
      );
      response.on('error', reject);
    }).on('error', reject);
  });
}

const totals = { identity: 0, br: 0, gzip: 0 };
for (const { file } of measureInitialJavaScript(dist).files) {
  const url = `${server.baseUrl}/${file}`;
  const [identity, br, gzip] = [await served(url), await served(url, 'br'), await served(url, 'gzip')];
  totals.identity += identity.bytes;
  totals.br += br.bytes;
  totals.gzip += gzip.bytes;
  console.log(
    `${file.padEnd(44)} identity ${String(identity.bytes).padStart(8)}  br ${String(br.bytes).padStart(7)} (${br.encoding})  gzip ${String(gzip.bytes).padStart(7)} (${gzip.encoding})`,
  );
}
console.log(`initial JavaScript served: identity ${totals.identity}  br ${totals.br}  gzip ${totals.gzip} bytes`);
await server.close();
