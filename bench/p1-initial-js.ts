/**
 * P1: the map page's initial JavaScript, gzip level 9 (entry, modulepreloads and the maplibre
 * worker), measured on the fresh dist/ with scripts/initial-js.ts, against the 550 KiB budget; the
 * bare maplibre page (bench/out/bare) is measured the same way for comparison.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { measureInitialJavaScript } from '../scripts/initial-js';
import { BARE_OUT, DIST } from './lib/build';
import { kib, ratio } from './lib/stats';
import { markdownTable, passText, type FigureResult } from './lib/report';

const BUDGET_KIB = 550;

export function runP1(): FigureResult {
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

  const rows: FigureResult['rows'] = [
    {
      measure: 'initial JS of the map page (gzip)',
      value: kib(app.totalGzipBytes),
      target: `≤ ${BUDGET_KIB} KiB`,
      pass,
    },
    { measure: 'headroom under the budget', value: `${(BUDGET_KIB - totalKiB).toFixed(1)} KiB` },
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
