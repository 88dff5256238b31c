/**
 * P1: the map page's initial JavaScript, gzip level 9 (entry, modulepreloads and the maplibre
 * worker), measured on the fresh dist/ with scripts/initial-js.ts, against the 550 KiB budget; the
 * bare maplibre page (bench/out/bare) is measured the same way for comparison. Then the same files as a browser
 * receives them: from the real server over dist/, asked for with no Accept-Encoding, with `br` and with `gzip`.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { measureInitialJavaScript } from '../scripts/initial-js';
import { startTestServer } from '../src/testing/test-server';
import { rawGet } from '../src/testing/raw-get';
import { BARE_OUT, DIST } from './lib/build';
import { kib, ratio } from './lib/stats';
import { markdownTable, passText, type FigureResult } from './lib/report';

const BUDGET_KIB = 550;

type Encoding = 'identity' | 'br' | 'gzip';
const ENCODINGS: Encoding[] = ['identity', 'br', 'gzip'];

/** Each initial file as the real server sends it, in each encoding. */
async function measureServed(files: readonly string[]) {
  const server = await startTestServer({ staticDir: DIST });
  try {
    const rows: { file: string; sent: Record<Encoding, { bytes: number; encoding: string }> }[] = [];
    for (const file of files) {
      const sent = {} as Record<Encoding, { bytes: number; encoding: string }>;
      for (const encoding of ENCODINGS) {
        const answer = await rawGet(server.baseUrl, `/${file}`, encoding === 'identity' ? undefined : encoding);
        sent[encoding] = {
          bytes: answer.body.length,
          encoding: String(answer.headers['content-encoding'] ?? 'identity'),
        };
      }
      rows.push({ file, sent });
    }
    const total = (encoding: Encoding) => rows.reduce((sum, row) => sum + row.sent[encoding].bytes, 0);
    return { rows, total };
  } finally {
    await server.close();
  }
}

const bytes = (value: number) => value.toLocaleString('en');

export async function runP1(): Promise<FigureResult> {
  const app = measureInitialJavaScript(DIST);
  const bare = existsSync(path.join(BARE_OUT, 'index.html')) ? measureInitialJavaScript(BARE_OUT) : null;
  const totalKiB = app.totalGzipBytes / 1024;
  const pass = totalKiB <= BUDGET_KIB;

  console.log('  initial JavaScript of the map page (dist/):');
  for (const file of app.files) {
    console.log(
      `    ${file.file.padEnd(46)} ${kib(file.bytes).padStart(11)}  gzip ${kib(file.gzipBytes).padStart(10)}`,
    );
  }
  console.log(`    ${'total'.padEnd(46)} ${' '.repeat(11)}  gzip ${kib(app.totalGzipBytes).padStart(10)}`);

  const wire = await measureServed(app.files.map((file) => file.file));
  console.log('  as the server sends them (bytes: identity, br, gzip):');
  for (const row of wire.rows) {
    console.log(
      `    ${row.file.padEnd(46)} ${ENCODINGS.map((encoding) => `${bytes(row.sent[encoding].bytes).padStart(10)} (${row.sent[encoding].encoding})`).join('  ')}`,
    );
  }

  const rows: FigureResult['rows'] = [
    {
      measure: 'initial JS of the map page (gzip)',
      value: kib(app.totalGzipBytes),
      target: `≤ ${BUDGET_KIB} KiB`,
      pass,
    },
    { measure: 'headroom under the budget', value: `${(BUDGET_KIB - totalKiB).toFixed(1)} KiB` },
    {
      measure: 'served: identity / br / gzip',
      value: ENCODINGS.map((encoding) => kib(wire.total(encoding))).join(' / '),
    },
    { measure: 'served br / identity', value: `${((100 * wire.total('br')) / wire.total('identity')).toFixed(1)} %` },
  ];
  if (bare) {
    rows.push(
      { measure: 'bare maplibre page (gzip)', value: kib(bare.totalGzipBytes) },
      { measure: 'app / bare', value: ratio(app.totalGzipBytes / bare.totalGzipBytes) },
    );
  }

  const markdown = [
    'The JavaScript a browser must fetch before the map can paint: the entry script, its `modulepreload`',
    'links and the maplibre worker (scripts/initial-js.ts, gzip level 9). Lazy chunks (deck.gl …) are not counted.',
    '',
    markdownTable(
      ['file', 'raw', 'gzip'],
      [
        ...app.files.map((file) => [`\`${file.file}\``, kib(file.bytes), kib(file.gzipBytes)]),
        ['**total**', kib(app.files.reduce((sum, file) => sum + file.bytes, 0)), `**${kib(app.totalGzipBytes)}**`],
      ],
    ),
    '',
    `Budget ${BUDGET_KIB} KiB gzip: **${passText(pass)}**, ${(BUDGET_KIB - totalKiB).toFixed(1)} KiB of headroom.`,
    '',
    'The same files as a browser receives them: bytes on the wire from the real server over `dist/`',
    '(`startTestServer`), asked for with no `Accept-Encoding`, with `br` and with `gzip`. The build writes `.br`',
    '(quality 11) and `.gz` (level 9) beside each file (scripts/precompress.ts) and the server sends the best one the',
    'browser accepts (`Vary: Accept-Encoding`); files under 1 KiB go as they are. Content-hashed `/assets/*` files are',
    'sent `Cache-Control: public, max-age=31536000, immutable` (src/server/platform/static-assets.test.ts).',
    '',
    markdownTable(
      ['file', 'identity', 'br', 'gzip'],
      [
        ...wire.rows.map((row) => [
          `\`${row.file}\``,
          ...ENCODINGS.map(
            (encoding) =>
              `${bytes(row.sent[encoding].bytes)}${row.sent[encoding].encoding === encoding ? '' : ` (${row.sent[encoding].encoding})`}`,
          ),
        ]),
        ['**total**', ...ENCODINGS.map((encoding) => `**${bytes(wire.total(encoding))}**`)],
      ],
    ),
    ...(bare
      ? [
          '',
          `For comparison, the bare maplibre page of P2 (bench/bare/, maplibre-gl and its worker only) ships`,
          `${kib(bare.totalGzipBytes)} gzip; the app ships ${ratio(app.totalGzipBytes / bare.totalGzipBytes)} that`,
          `(docs/quality.md's anchor: a bare maplibre-gl 6.17 page, 431 KB gzip).`,
        ]
      : []),
  ].join('\n');

  return {
    id: 'P1',
    title: 'initial JavaScript of the map page',
    command: 'npm run bench -- p1',
    target: `initial JavaScript for the map page ≤ ${BUDGET_KIB} KiB gzip (React + maplibre + app)`,
    pass,
    rows,
    markdown,
  };
}
