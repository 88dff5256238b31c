/**
 * P2: map ready, from navigation to the zones painted (the first maplibre `idle` with the zones
 * source loaded and the zone layers present), for the real app served by the real server versus a
 * bare maplibre page (bench/bare/) drawing the same GeoJSON, in headless Chromium, a fresh browser
 * context per run, app and bare runs interleaved. Times are performance.now() in the page, i.e.
 * milliseconds since navigation start.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, startServer, type RunningServer } from '../tests/helpers';
import { BARE_OUT } from './lib/build';
import { serveStatic, type StaticServer } from './lib/static-server';
import { median, ms, p95, ratio } from './lib/stats';
import { markdownTable, passText, type FigureResult } from './lib/report';
import {
  APP_PROBE,
  fetchText,
  signIn,
  type Probed,
  type Session,
  waitForZonesPainted,
  type PageKind,
} from './lib/app-page';

const TARGET_RATIO = 1.3;
const RUNS = Number(process.env.BENCH_P2_RUNS ?? 7);
const TIMEOUT_MS = 60_000;

const list = (paths: string[]) => (paths.length ? paths.map((item) => `\`${item}\``).join(', ') : '(none seen)');

type Kind = PageKind;

interface Run {
  kind: Kind;
  /** ms from navigation start to the first idle with the zones painted. */
  readyMs: number;
  /** ms from navigation start to the map's creation and to the zones data reaching the map. */
  mapCreatedMs: number;
  zonesDataMs: number;
  /** Zone features in the painted source tiles (a check that something was drawn). */
  zoneFeatures: number;
  problems: string[];
  /** Data requests and scripts the page requested (paths), for the report. */
  requests: string[];
  scripts: string[];
  /** Layer count by type in the style at ready, e.g. "line 9, symbol 5". */
  layers: string;
}

interface MapSize {
  width: number;
  height: number;
}

async function measureOnce(
  browser: Browser,
  kind: Kind,
  url: string,
  session: Session,
): Promise<Run & { size: MapSize }> {
  const { page, context, problems } = await openPage(browser);
  if (kind === 'app' && session.cookies.length) {
    await context.addCookies(session.cookies.map((cookie) => ({ ...cookie, url })));
  }
  const requests: string[] = [];
  const scripts: string[] = [];
  page.on('request', (request) => {
    const type = request.resourceType();
    if (type === 'fetch' || type === 'xhr') requests.push(new URL(request.url()).pathname);
    if (type === 'script') scripts.push(new URL(request.url()).pathname);
  });
  try {
    if (kind === 'app') await page.addInitScript(APP_PROBE);
    await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT_MS });
    await waitForZonesPainted(page, kind, TIMEOUT_MS);
    const measured = await page.evaluate((which) => {
      const map = which === 'app' ? window.__jinxiMap! : window.__bareMap!;
      const ready = which === 'app' ? (window as unknown as Probed).__benchReady! : window.__ready!;
      const box = map.getContainer().getBoundingClientRect();
      const marks = window.__benchMarks;
      const types = new Map<string, number>();
      for (const layer of map.getStyle().layers) types.set(layer.type, (types.get(layer.type) ?? 0) + 1);
      return {
        layers: [...types].map(([type, count]) => `${type} ${count}`).join(', '),
        readyMs: ready,
        mapCreatedMs: marks?.mapCreated ?? Number.NaN,
        zonesDataMs: marks?.zonesData ?? Number.NaN,
        zoneFeatures: map.querySourceFeatures('zones').length,
        size: { width: Math.round(box.width), height: Math.round(box.height) },
      };
    }, kind);
    return { kind, ...measured, problems: [...problems], requests, scripts };
  } catch (error) {
    throw new Error(`${kind} page did not get ready: ${(error as Error).message}\n${problems.join('\n')}`);
  } finally {
    await context.close();
  }
}

export async function runP2(): Promise<FigureResult> {
  let server: RunningServer | undefined;
  let bareServer: StaticServer | undefined;
  let browser: Browser | undefined;
  try {
    server = await startServer();
    // The bare page fetches exactly what the app fetches from the same server, as static files.
    const session = await signIn(server.baseUrl);
    const zonesText = await fetchText(`${server.baseUrl}/api/zones`, session);
    const basemapText = await fetchText(`${server.baseUrl}/api/basemap`, session);
    const zoneCount = (JSON.parse(zonesText) as { features: unknown[] }).features.length;
    const basemapCount = (JSON.parse(basemapText) as { features: unknown[] }).features.length;
    mkdirSync(path.join(BARE_OUT, 'data'), { recursive: true });
    writeFileSync(path.join(BARE_OUT, 'data', 'zones.json'), zonesText);
    writeFileSync(path.join(BARE_OUT, 'data', 'basemap.json'), basemapText);
    bareServer = await serveStatic(BARE_OUT);
    browser = await launchBrowser();
    const browserVersion = browser.version();
    console.log(
      `  app ${server.baseUrl}, bare ${bareServer.baseUrl}; ${zoneCount} zones (${(zonesText.length / 1024).toFixed(1)} KiB), ` +
        `${basemapCount} basemap features; Chromium ${browserVersion}`,
    );

    // Warm-up (not counted): server JIT and disk caches, and the app's map size for the bare page.
    const warmApp = await measureOnce(browser, 'app', server.baseUrl, session);
    const size = warmApp.size;
    const bareUrl = `${bareServer.baseUrl}/?w=${size.width}&h=${size.height}`;
    const warmBare = await measureOnce(browser, 'bare', bareUrl, session);
    console.log(`  warm-up done; map canvas ${size.width}×${size.height} CSS px on both pages`);

    const runs: Run[] = [];
    for (let index = 0; index < RUNS; index += 1) {
      const order: Kind[] = index % 2 === 0 ? ['app', 'bare'] : ['bare', 'app'];
      const pair: Partial<Record<Kind, Run>> = {};
      for (const kind of order) {
        const run = await measureOnce(browser, kind, kind === 'app' ? server.baseUrl : bareUrl, session);
        if (run.zoneFeatures === 0) throw new Error(`${kind} page went idle with no zone features drawn`);
        pair[kind] = run;
        runs.push(run);
      }
      console.log(
        `  run ${index + 1}/${RUNS} (${order.join(' then ')}): app ${ms(pair.app!.readyMs, 0)}, bare ${ms(pair.bare!.readyMs, 0)}`,
      );
    }

    const app = runs.filter((run) => run.kind === 'app').map((run) => run.readyMs);
    const bare = runs.filter((run) => run.kind === 'bare').map((run) => run.readyMs);
    const pairedRatios = app.map((value, index) => value / bare[index]!);
    const medianRatio = median(app) / median(bare);
    const pass = medianRatio <= TARGET_RATIO;
    // Where the time goes: medians of each phase.
    const phases = (kind: Kind) => {
      const of = runs.filter((run) => run.kind === kind);
      return [
        median(of.map((run) => run.mapCreatedMs)),
        median(of.map((run) => run.zonesDataMs - run.mapCreatedMs)),
        median(of.map((run) => run.readyMs - run.zonesDataMs)),
      ];
    };
    const appPhases = phases('app');
    const barePhases = phases('bare');
    const problems = [...new Set(runs.flatMap((run) => run.problems.map((problem) => `${run.kind}: ${problem}`)))];
    for (const problem of problems) console.warn(`  warning: ${problem}`);

    const rows: FigureResult['rows'] = [
      { measure: `app map ready (median of ${RUNS})`, value: ms(median(app), 0) },
      { measure: `bare maplibre map ready (median of ${RUNS})`, value: ms(median(bare), 0) },
      { measure: 'app / bare (ratio of medians)', value: ratio(medianRatio), target: `≤ ${TARGET_RATIO}×`, pass },
      { measure: 'app / bare (median of paired runs)', value: ratio(median(pairedRatios)) },
      {
        measure: 'phases app: created / +data / +idle',
        value: appPhases.map((value) => value.toFixed(0)).join(' / ') + ' ms',
      },
      {
        measure: 'phases bare: created / +data / +idle',
        value: barePhases.map((value) => value.toFixed(0)).join(' / ') + ' ms',
      },
    ];

    const markdown = [
      `Navigation → zones painted: \`performance.now()\` in the page (ms since navigation start) at the first maplibre`,
      '`idle` with the `zones` source loaded and the `zones-fill` layer present. The app is the production build',
      'served by the real server (tests/helpers.ts `startServer`, fresh data folder with the sample data),',
      `${session.description}; the`,
      'bare page (bench/bare/main.ts, built by bench/bare/vite.config.ts) is maplibre-gl alone with `setWorkerUrl`, a',
      'plain fill/line/circle style and the same GeoJSON: `/api/zones` and `/api/basemap` of that server, saved as',
      'static files and fetched over HTTP by maplibre from a small node:http server. Both maps get the same bounds and',
      `the same canvas size (${size.width}×${size.height} CSS px, the app's map area at a 1440×900 viewport). Headless`,
      '`/usr/bin/chromium` (flags of tests/helpers.ts), a fresh browser context per run, one warm-up of each not',
      `counted, then ${RUNS} runs of each, alternating which page goes first.`,
      '',
      markdownTable(
        ['', 'median', 'p95 (max of the runs)', 'runs (ms)'],
        [
          ['app', ms(median(app), 0), ms(p95(app), 0), app.map((value) => value.toFixed(0)).join(', ')],
          ['bare maplibre', ms(median(bare), 0), ms(p95(bare), 0), bare.map((value) => value.toFixed(0)).join(', ')],
          [
            'app / bare',
            ratio(medianRatio),
            '',
            `paired: ${pairedRatios.map((value) => value.toFixed(2)).join(', ')} (median ${ratio(median(pairedRatios))})`,
          ],
        ],
      ),
      '',
      `Target app / bare ≤ ${TARGET_RATIO}× (ratio of medians): **${passText(pass)}**.`,
      '',
      'Where the time goes (medians of each phase, ms): navigation → map created; → the zones data reaches the map',
      "(first `data` event of the `zones` source, after maplibre's worker parsed it); → the first `idle` with the zones",
      'painted.',
      '',
      markdownTable(
        ['', 'navigation → map created', 'map created → zones data', 'zones data → idle'],
        [
          ['app', ...appPhases.map((value) => ms(value, 0))],
          ['bare maplibre', ...barePhases.map((value) => ms(value, 0))],
        ],
      ),
      '',
      `Data: ${zoneCount} zones (${(zonesText.length / 1024).toFixed(1)} KiB of GeoJSON) and ${basemapCount} base map`,
      `features. Data requests: the app ${list(warmApp.requests)}; the bare page ${list(warmBare.requests)}`,
      '(maplibre fetches a GeoJSON URL in its worker). Scripts requested by the time of the measurement: the app',
      `${list(warmApp.scripts)}; the bare page ${list(warmBare.scripts)}. Style layers at ready: the app`,
      `${warmApp.layers}; the bare page ${warmBare.layers}.`,
      ...(problems.length ? ['', 'Console problems seen during the runs:', ...problems.map((p) => `- ${p}`)] : []),
    ].join('\n');

    return {
      id: 'P2',
      title: 'map ready vs a bare maplibre page',
      command: 'npm run bench -- p2',
      target: `from navigation to zones painted (maplibre idle) with the sample data, within ${TARGET_RATIO}× of a bare maplibre page drawing the same GeoJSON`,
      pass,
      rows,
      markdown,
    };
  } finally {
    await browser?.close();
    await bareServer?.close();
    await server?.stop();
  }
}
