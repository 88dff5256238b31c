/**
 * P9: a county's zones. The real server started on a data folder holding the sample town plus ~11,000 generated
 * zones (src/testing/synthetic-zones.ts `prepareScaledDataDir`, seeded, each named 合成区域 N: generated sample
 * data, never real work), opened by the demo leader in headless Chromium (tests/helpers.ts flags): map ready, one
 * zoom frame, a filter change and list scrolling, each beside the same app with the sample town's zones and beside the
 * bare maplibre page of P2 drawing the same 11,000 zones. Main-thread work is the renderer's `TaskDuration`
 * (DevTools protocol `Performance.getMetrics`) before and after each interaction. Each is measured twice: with the
 * tests' flags (software compositing: the main thread waits for each WebGL frame and reads it back), where the targets
 * are read as in P2, and with SwiftShader as a GPU that composites (tests/helpers.ts `GPU_COMPOSITING_ARGS`): the
 * page's own work without that wait.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { GPU_COMPOSITING_ARGS, launchBrowser, openPage, startServer, type RunningServer } from '../tests/helpers';
import { prepareScaledDataDir } from '../src/testing/synthetic-zones';
import { APP_PROBE, fetchText, signIn, waitForZonesPainted, type Session } from './lib/app-page';
import { BARE_OUT } from './lib/build';
import { serveStatic, type StaticServer } from './lib/static-server';
import { median, ms, ratio } from './lib/stats';
import { markdownTable, passText, type FigureResult } from './lib/report';

const RUNS = Number(process.env.BENCH_P9_RUNS ?? 3);
/** Generated zones added to the sample town: 11 towns' worth. */
const COUNTY_EXTRA = Number(process.env.BENCH_P9_ZONES ?? 11_000);
const TIMEOUT_MS = 180_000;
const MAX_READY_RATIO = 1.5;
const MAX_FILTER_MS = 100;
/** A virtualised list keeps well under this many rows in the page wherever it is scrolled. */
const MAX_ROWS = 80;
const SCROLL_STEPS = 5;

type Kind = 'county' | 'town' | 'bare';
/** Software: the tests' flags. GPU: SwiftShader in the GPU process, compositing there (no read-back). */
type Compositing = 'software' | 'gpu';
const COMPOSITINGS: Compositing[] = ['software', 'gpu'];
const COMPOSITING_LABEL: Record<Compositing, string> = {
  software: 'software compositing (the tests)',
  gpu: 'GPU compositing (SwiftShader)',
};

interface Run {
  kind: Kind;
  compositing: Compositing;
  firstPaintMs: number;
  readyMs: number;
  /** A zoom-in by one level: to the next rendered frame and to `idle` (tiles laid out again). */
  zoomFrameMs: number;
  zoomIdleMs: number;
  /** A filter change (a status chip; on the bare page the same filter set on its layers): main-thread work and wall time to idle. */
  filterTaskMs: number;
  /** The part of that main-thread work spent running JavaScript (the page's and maplibre's). */
  filterScriptMs: number;
  filterIdleMs: number;
  /**
   * One repaint with nothing changed (`triggerRepaint` to `idle`): main-thread work. What any change that shows on the
   * map costs at least, on this renderer.
   */
  repaintTaskMs: number;
  /** List scrolling (app only): rows in the page at each step, main-thread work per step. */
  rows: number[];
  scrollTaskMs: number;
}

const KINDS: Kind[] = ['county', 'town', 'bare'];
/** The table's row names: the county's zones in all, and the sample town's (the county's less the generated ones). */
const labels = (countyZones: number): Record<Kind, string> => ({
  county: `app, county (${countyZones.toLocaleString('en')} zones)`,
  town: `app, town (${countyZones - COUNTY_EXTRA} zones)`,
  bare: 'bare maplibre, county zones',
});

/**
 * The renderer's main-thread busy time so far (ms) and the part of it spent running JavaScript, from the DevTools
 * protocol.
 */
async function taskClock(page: Page): Promise<() => Promise<{ task: number; script: number }>> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
    const read = (name: string) => (metrics.find((metric) => metric.name === name)?.value ?? Number.NaN) * 1000;
    return { task: read('TaskDuration'), script: read('ScriptDuration') };
  };
}

/** In the page: resolve with [ms to the next render, ms to idle, when it started] after `change` runs. */
const AFTER_MAP_CHANGE = `(change) => new Promise((resolve) => {
  const map = window.__jinxiMap || window.__bareMap;
  const started = performance.now();
  let frame;
  map.once('render', () => { frame = performance.now() - started; });
  map.once('idle', () => resolve([frame ?? performance.now() - started, performance.now() - started, started]));
  change(map);
  map.triggerRepaint();
})`;

async function mapChange(page: Page, change: string): Promise<[number, number, number]> {
  return page.evaluate(`(${AFTER_MAP_CHANGE})(${change})`) as Promise<[number, number, number]>;
}

/** In the app: note when the map was last given a layer filter (window.__benchSetFilterAt). */
const WATCH_SET_FILTER = `(() => {
  const map = window.__jinxiMap;
  const setFilter = map.setFilter.bind(map);
  map.setFilter = (...args) => { window.__benchSetFilterAt = performance.now(); return setFilter(...args); };
})()`;

async function measureOnce(
  browser: Browser,
  compositing: Compositing,
  kind: Kind,
  url: string,
  session: Session | null,
): Promise<Run> {
  const { page, context, problems } = await openPage(browser);
  try {
    if (session) await context.addCookies(session.cookies.map((cookie) => ({ ...cookie, url })));
    if (kind !== 'bare') await page.addInitScript(APP_PROBE);
    await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT_MS });
    await waitForZonesPainted(page, kind === 'bare' ? 'bare' : 'app', TIMEOUT_MS);
    const { firstPaintMs, readyMs } = await page.evaluate(() => {
      const paint = performance.getEntriesByType('paint').find((entry) => entry.name === 'first-contentful-paint');
      const ready = (window as unknown as { __benchReady?: number }).__benchReady ?? window.__ready!;
      return { firstPaintMs: paint ? paint.startTime : Number.NaN, readyMs: ready };
    });
    // What loads after the first paint (filters, overlays) settles before the interactions are timed.
    await page.waitForLoadState('networkidle', { timeout: TIMEOUT_MS }).catch(() => undefined);
    if (kind !== 'bare') await page.locator('.filters .chip').first().waitFor({ timeout: TIMEOUT_MS });
    await mapChange(page, '() => {}');
    const busy = await taskClock(page);
    const beforeRepaint = await busy();
    await mapChange(page, '() => {}');
    const repaintTaskMs = (await busy()).task - beforeRepaint.task;

    const [zoomFrameMs, zoomIdleMs] = await mapChange(page, '(map) => map.jumpTo({ zoom: map.getZoom() + 1 })');
    await mapChange(page, '(map) => map.jumpTo({ zoom: map.getZoom() - 1 })');

    // A filter change: the first status chip (the app), or the same status filter set on the bare page's layers. Both
    // from one script in the page, then the map's next idle: the chip's click is handled by React, which hands the
    // map its new filter before the click returns (checked below). Playwright's own clicking and polling would count
    // as the app's work.
    const header = kind === 'bare' ? null : await page.locator('.zone-list-header').textContent();
    if (kind !== 'bare') await page.evaluate(WATCH_SET_FILTER);
    const before = await busy();
    const started = Date.now();
    const [, filterWallMs, filterStartedAt] = await mapChange(
      page,
      kind === 'bare'
        ? `(map) => { for (const id of ['zones-fill', 'zones-outline', 'zones-line', 'zones-point']) map.setFilter(id, ['all', map.getFilter(id), ['==', ['get', 'status'], 'not_started']]); }`
        : `() => document.querySelector('.filters .chip').click()`,
    );
    const filterIdleMs = Date.now() - started;
    const after = await busy();
    const filterTaskMs = after.task - before.task;
    const filterScriptMs = after.script - before.script;
    if (kind !== 'bare') {
      const seen = (await page.evaluate(
        `[document.querySelector('.zone-list-header')?.textContent, window.__benchSetFilterAt]`,
      )) as [string | undefined, number | undefined];
      const filtered = seen[1] !== undefined && seen[1] >= filterStartedAt && seen[1] <= filterStartedAt + filterWallMs;
      if (seen[0] === header || !filtered)
        throw new Error(`${kind}: the chip's click did not filter the list and the map before the map's idle`);
    }

    const rows: number[] = [];
    let scrollTaskMs = Number.NaN;
    if (kind !== 'bare') {
      const scrollStart = (await busy()).task;
      for (let step = 1; step <= SCROLL_STEPS; step += 1) {
        await page.evaluate(
          (share) =>
            new Promise<void>((resolve) => {
              const box = document.querySelector('.zone-list-scroll') ?? document.getElementById('sidebar')!;
              box.scrollTop = (box.scrollHeight - box.clientHeight) * share;
              requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
            }),
          step / SCROLL_STEPS,
        );
        rows.push(await page.locator('.zone-row').count());
      }
      scrollTaskMs = ((await busy()).task - scrollStart) / SCROLL_STEPS;
    }
    if (problems.length) console.warn(`  ${kind}: ${problems.join('; ')}`);
    return {
      kind,
      compositing,
      firstPaintMs,
      readyMs,
      zoomFrameMs,
      zoomIdleMs,
      filterTaskMs,
      filterScriptMs,
      filterIdleMs,
      repaintTaskMs,
      rows,
      scrollTaskMs,
    };
  } finally {
    await context.close();
  }
}

/** What chrome://gpu says of compositing: the bench checks each browser is set up as its label says. */
async function compositingOf(browser: Browser): Promise<Compositing> {
  const page = await browser.newPage();
  try {
    await page.goto('chrome://gpu');
    const text = await page.waitForFunction(() => {
      const root = document.querySelector('info-view')?.shadowRoot;
      const match = /Compositing:\s*([^*\n]+)/.exec(root?.textContent ?? '');
      return match?.[1]?.trim();
    });
    return /Hardware accelerated/.test(String(await text.jsonValue())) ? 'gpu' : 'software';
  } finally {
    await page.close();
  }
}

export async function runP9(): Promise<FigureResult> {
  let county: RunningServer | undefined;
  let town: RunningServer | undefined;
  let bareServer: StaticServer | undefined;
  const browsers: Partial<Record<Compositing, Browser>> = {};
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jinxi-p9-'));
  try {
    const seeding = performance.now();
    prepareScaledDataDir(dataDir, COUNTY_EXTRA);
    console.log(`  seeded ${COUNTY_EXTRA} generated zones in ${((performance.now() - seeding) / 1000).toFixed(0)} s`);
    county = await startServer({}, { dataDir, timeoutMs: TIMEOUT_MS });
    town = await startServer({}, { timeoutMs: TIMEOUT_MS });
    const countySession = await signIn(county.baseUrl);
    const townSession = await signIn(town.baseUrl);
    const zonesText = await fetchText(`${county.baseUrl}/api/zones`, countySession);
    const zoneCount = (JSON.parse(zonesText) as { features: unknown[] }).features.length;
    mkdirSync(path.join(BARE_OUT, 'data'), { recursive: true });
    writeFileSync(path.join(BARE_OUT, 'data', 'county-zones.json'), zonesText);
    writeFileSync(
      path.join(BARE_OUT, 'data', 'basemap.json'),
      await fetchText(`${county.baseUrl}/api/basemap`, countySession),
    );
    bareServer = await serveStatic(BARE_OUT);
    browsers.software = await launchBrowser();
    browsers.gpu = await launchBrowser(GPU_COMPOSITING_ARGS);
    for (const compositing of COMPOSITINGS) {
      const seen = await compositingOf(browsers[compositing]!);
      if (seen !== compositing) throw new Error(`the ${compositing} browser composites in ${seen}`);
    }
    const urls: Record<Kind, string> = {
      county: county.baseUrl,
      town: town.baseUrl,
      // The app's map area at 1440 × 900 (as P2 measures it).
      bare: `${bareServer.baseUrl}/?zones=county&w=1080&h=848`,
    };
    const sessions: Record<Kind, Session | null> = { county: countySession, town: townSession, bare: null };
    console.log(`  ${zoneCount} zones (${(zonesText.length / 1024 / 1024).toFixed(1)} MiB of GeoJSON) in the county`);
    // Warm-up of each (not counted).
    for (const compositing of COMPOSITINGS) {
      for (const kind of KINDS)
        await measureOnce(browsers[compositing]!, compositing, kind, urls[kind], sessions[kind]);
    }
    const runs: Run[] = [];
    for (let index = 0; index < RUNS; index += 1) {
      const order = index % 2 === 0 ? KINDS : [...KINDS].reverse();
      for (const compositing of index % 2 === 0 ? COMPOSITINGS : [...COMPOSITINGS].reverse()) {
        for (const kind of order) {
          const run = await measureOnce(browsers[compositing]!, compositing, kind, urls[kind], sessions[kind]);
          runs.push(run);
          console.log(
            `  run ${index + 1}/${RUNS} ${kind}, ${compositing}: ready ${ms(run.readyMs, 0)}, zoom frame ${ms(run.zoomFrameMs, 0)}, ` +
              `filter ${ms(run.filterTaskMs, 0)} main thread, ${ms(run.filterScriptMs, 0)} of it script ` +
              `(${ms(run.filterIdleMs, 0)} to idle; a repaint ${ms(run.repaintTaskMs, 0)})` +
              (run.rows.length ? `, rows ${run.rows.join('/')}, scroll ${ms(run.scrollTaskMs, 0)} per step` : ''),
          );
        }
      }
    }
    const of = (kind: Kind, compositing: Compositing, pick: (run: Run) => number) =>
      median(runs.filter((run) => run.kind === kind && run.compositing === compositing).map(pick));
    const readyRatio = (compositing: Compositing) =>
      of('county', compositing, (run) => run.readyMs) / of('bare', compositing, (run) => run.readyMs);
    const countyFilter = (compositing: Compositing) => of('county', compositing, (run) => run.filterTaskMs);
    const countyRows = Math.max(...runs.filter((run) => run.kind === 'county').flatMap((run) => run.rows));
    // The targets are read with the tests' flags, as P2's; GPU compositing says how much of it is the page's own work.
    const readyPass = readyRatio('software') <= MAX_READY_RATIO;
    const filterPass = countyFilter('software') <= MAX_FILTER_MS;
    const rowsPass = countyRows < MAX_ROWS;
    const pass = readyPass && filterPass && rowsPass;

    const both = (pick: (compositing: Compositing) => string) => `${pick('software')} / ${pick('gpu')}`;
    const rows: FigureResult['rows'] = [
      {
        measure: `county map ready (median of ${RUNS}), software / GPU compositing`,
        value: both((compositing) =>
          ms(
            of('county', compositing, (run) => run.readyMs),
            0,
          ),
        ),
      },
      {
        measure: 'bare maplibre, same zones',
        value: both((compositing) =>
          ms(
            of('bare', compositing, (run) => run.readyMs),
            0,
          ),
        ),
      },
      {
        measure: 'county / bare, software compositing',
        value: ratio(readyRatio('software')),
        target: `≤ ${MAX_READY_RATIO}×`,
        pass: readyPass,
      },
      { measure: 'county / bare, GPU compositing', value: ratio(readyRatio('gpu')) },
      {
        measure: `town (${zoneCount - COUNTY_EXTRA} zones) map ready`,
        value: both((compositing) =>
          ms(
            of('town', compositing, (run) => run.readyMs),
            0,
          ),
        ),
      },
      {
        measure: 'county filter change, main thread, software compositing',
        value: ms(countyFilter('software'), 0),
        target: `≤ ${MAX_FILTER_MS} ms`,
        pass: filterPass,
      },
      {
        measure: 'county filter change, main thread / of it JavaScript, GPU compositing',
        value: `${ms(countyFilter('gpu'), 0)} / ${ms(
          of('county', 'gpu', (run) => run.filterScriptMs),
          0,
        )}`,
      },
      {
        measure: 'county: one repaint with nothing changed, main thread, software / GPU',
        value: both((compositing) =>
          ms(
            of('county', compositing, (run) => run.repaintTaskMs),
            0,
          ),
        ),
      },
      {
        measure: 'bare page, same filter, main thread, software / GPU',
        value: both((compositing) =>
          ms(
            of('bare', compositing, (run) => run.filterTaskMs),
            0,
          ),
        ),
      },
      {
        measure: 'county list: most rows in the page',
        value: String(countyRows),
        target: `< ${MAX_ROWS}`,
        pass: rowsPass,
      },
    ];
    const cell = (kind: Kind, compositing: Compositing, pick: (run: Run) => number) => {
      const value = of(kind, compositing, pick);
      return Number.isFinite(value) ? ms(value, 0) : '—';
    };
    const table = markdownTable(
      [
        '',
        'first paint',
        'map ready',
        'zoom: next frame / idle',
        'filter: main thread / of it script / to idle',
        'a repaint, nothing changed: main thread',
        'list scroll: main thread per step',
        'rows in the page while scrolling',
      ],
      COMPOSITINGS.flatMap((compositing) =>
        KINDS.map((kind) => [
          `${labels(zoneCount)[kind]}, ${COMPOSITING_LABEL[compositing]}`,
          cell(kind, compositing, (run) => run.firstPaintMs),
          cell(kind, compositing, (run) => run.readyMs),
          `${cell(kind, compositing, (run) => run.zoomFrameMs)} / ${cell(kind, compositing, (run) => run.zoomIdleMs)}`,
          `${cell(kind, compositing, (run) => run.filterTaskMs)} / ${cell(kind, compositing, (run) => run.filterScriptMs)} / ${cell(kind, compositing, (run) => run.filterIdleMs)}`,
          cell(kind, compositing, (run) => run.repaintTaskMs),
          cell(kind, compositing, (run) => run.scrollTaskMs),
          kind === 'bare'
            ? '—'
            : [
                ...new Set(
                  runs.filter((run) => run.kind === kind && run.compositing === compositing).flatMap((run) => run.rows),
                ),
              ].join(', '),
        ]),
      ),
    );
    const markdown = [
      `The real server started on a data folder with the sample town plus ${COUNTY_EXTRA.toLocaleString('en')} generated`,
      `zones (\`prepareScaledDataDir\` of src/testing/synthetic-zones.ts: seeded, named 合成区域 N, labelled sample`,
      `data; ${zoneCount.toLocaleString('en')} zones, ${(zonesText.length / 1024 / 1024).toFixed(1)} MiB of GeoJSON from`,
      '`/api/zones`), opened by the demo leader in headless Chromium at 1440 × 900, beside the same app on the sample',
      `town (${zoneCount - COUNTY_EXTRA} zones) and the bare maplibre page of P2 drawing the same county zones`,
      `(\`?zones=county\`). Medians of ${RUNS} runs of each, one warm-up not counted, the order alternated.`,
      '',
      "Each is measured in two browsers. **Software compositing** is the tests' Chromium (tests/helpers.ts flags):",
      "with no GPU, the page's main thread waits for each WebGL frame to be drawn by the software renderer and reads",
      'it back to composite it. **GPU compositing** is the same Chromium with SwiftShader as its GPU, in the GPU process',
      '(`GPU_COMPOSITING_ARGS`; the bench checks chrome://gpu says so): the page hands each frame to the compositor, as',
      "on a phone with a GPU, and the frame is drawn outside the page's main thread (but on this machine's same two",
      "cores). The targets are read with the tests' flags, as P2's; the other says how much is the page's own work.",
      '',
      'Map ready as in P2. Zoom: `jumpTo` one level in, to the next rendered frame and to `idle`. Filter: a click',
      'on the first status chip, from a script in the page (the bare page: the same status filter set on its zone',
      'layers by script; the bench checks that the click changed the list and the map before the idle), main-thread',
      "work being the renderer's `TaskDuration` (DevTools protocol `Performance.getMetrics`) from before the click to the",
      "map's next `idle`, and of it `ScriptDuration`, the time running JavaScript (the page's and maplibre's); the rest",
      "is the browser's own work: style, layout, garbage collection, passing the tiles' new layout from the map's",
      'worker, and with software compositing the wait for each frame. A repaint: the same clock around one',
      '`triggerRepaint` to `idle` with nothing changed, before the zoom: what any change that shows on the map costs at',
      `least. List scroll: the list scrolled in ${SCROLL_STEPS} steps to its end, two frames each.`,
      '',
      table,
      '',
      `Targets (software compositing): map ready ≤ ${MAX_READY_RATIO}× the bare page (${ratio(readyRatio('software'))};`,
      `GPU compositing ${ratio(readyRatio('gpu'))}): **${passText(readyPass)}**; a filter change ≤ ${MAX_FILTER_MS} ms of`,
      `main-thread work (${ms(countyFilter('software'), 0)}; GPU compositing ${ms(countyFilter('gpu'), 0)}):`,
      `**${passText(filterPass)}**;`,
      `a virtualised list (at most ${countyRows} rows in the page, target < ${MAX_ROWS}): **${passText(rowsPass)}**.`,
    ].join('\n');
    return {
      id: 'P9',
      title: "a county's zones (~11,000)",
      command: 'npm run bench -- p9',
      target: `~11,000 zones: a virtualised list, a filter change ≤ ${MAX_FILTER_MS} ms of main-thread work, map ready ≤ ${MAX_READY_RATIO}× the bare page with the same data`,
      pass,
      rows,
      markdown,
    };
  } finally {
    for (const browser of Object.values(browsers)) await browser.close();
    await bareServer?.close();
    await county?.stop();
    await town?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
