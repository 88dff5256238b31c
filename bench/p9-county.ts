/**
 * P9: a county's zones. The real server started on a data folder holding the sample town plus ~11,000 generated
 * zones (src/testing/synthetic-zones.ts `prepareScaledDataDir`, seeded, each named 合成区域 N: generated sample
 * data, never real work), opened by the demo leader in headless Chromium (tests/helpers.ts flags): map ready, one
 * zoom frame, a filter change and list scrolling, each beside the same app with the sample town's zones and beside the
 * bare maplibre page of P2 drawing the same 11,000 zones. Main-thread work is the renderer's `TaskDuration`
 * (DevTools protocol `Performance.getMetrics`) before and after each interaction.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, startServer, type RunningServer } from '../tests/helpers';
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

interface Run {
  kind: Kind;
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

/** In the page: resolve with [ms to the next render, ms to idle] after `change` runs. */
const AFTER_MAP_CHANGE = `(change) => new Promise((resolve) => {
  const map = window.__jinxiMap || window.__bareMap;
  const started = performance.now();
  let frame;
  map.once('render', () => { frame = performance.now() - started; });
  map.once('idle', () => resolve([frame ?? performance.now() - started, performance.now() - started]));
  change(map);
  map.triggerRepaint();
})`;

async function mapChange(page: Page, change: string): Promise<[number, number]> {
  return page.evaluate(`(${AFTER_MAP_CHANGE})(${change})`) as Promise<[number, number]>;
}

async function measureOnce(browser: Browser, kind: Kind, url: string, session: Session | null): Promise<Run> {
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

    // A filter change: the first status chip (the app), or the same status filter set on the bare page's layers.
    const before = await busy();
    const started = Date.now();
    if (kind === 'bare') {
      await mapChange(
        page,
        `(map) => { for (const id of ['zones-fill', 'zones-outline', 'zones-line', 'zones-point']) map.setFilter(id, ['all', map.getFilter(id), ['==', ['get', 'status'], 'not_started']]); }`,
      );
    } else {
      const header = await page.locator('.zone-list-header').textContent();
      // The zone layers (GeoJSON source in the town, vector tiles in the county) get a new filter.
      const filterOf = () => {
        const map = window.__jinxiMap!;
        return map.getLayer('zones-fill') ? JSON.stringify(map.getFilter('zones-fill')) : 'county';
      };
      const filterBefore = await page.evaluate(filterOf);
      await page.locator('.filters .chip').first().click();
      await page.waitForFunction(
        ([text, filter]) => {
          const map = window.__jinxiMap!;
          const now = map.getLayer('zones-fill') ? JSON.stringify(map.getFilter('zones-fill')) : 'changed';
          return document.querySelector('.zone-list-header')?.textContent !== text && now !== filter;
        },
        [header, filterBefore] as const,
        { timeout: TIMEOUT_MS, polling: 'raf' },
      );
      await mapChange(page, '() => {}');
    }
    const filterIdleMs = Date.now() - started;
    const after = await busy();
    const filterTaskMs = after.task - before.task;
    const filterScriptMs = after.script - before.script;

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

export async function runP9(): Promise<FigureResult> {
  let county: RunningServer | undefined;
  let town: RunningServer | undefined;
  let bareServer: StaticServer | undefined;
  let browser: Browser | undefined;
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
    browser = await launchBrowser();
    const urls: Record<Kind, string> = {
      county: county.baseUrl,
      town: town.baseUrl,
      // The app's map area at 1440 × 900 (as P2 measures it).
      bare: `${bareServer.baseUrl}/?zones=county&w=1080&h=848`,
    };
    const sessions: Record<Kind, Session | null> = { county: countySession, town: townSession, bare: null };
    console.log(`  ${zoneCount} zones (${(zonesText.length / 1024 / 1024).toFixed(1)} MiB of GeoJSON) in the county`);
    // Warm-up of each (not counted).
    for (const kind of KINDS) await measureOnce(browser, kind, urls[kind], sessions[kind]);
    const runs: Run[] = [];
    for (let index = 0; index < RUNS; index += 1) {
      const order = index % 2 === 0 ? KINDS : [...KINDS].reverse();
      for (const kind of order) {
        const run = await measureOnce(browser, kind, urls[kind], sessions[kind]);
        runs.push(run);
        console.log(
          `  run ${index + 1}/${RUNS} ${kind}: ready ${ms(run.readyMs, 0)}, zoom frame ${ms(run.zoomFrameMs, 0)}, ` +
            `filter ${ms(run.filterTaskMs, 0)} main thread, ${ms(run.filterScriptMs, 0)} of it script ` +
            `(${ms(run.filterIdleMs, 0)} to idle; a repaint ${ms(run.repaintTaskMs, 0)})` +
            (run.rows.length ? `, rows ${run.rows.join('/')}, scroll ${ms(run.scrollTaskMs, 0)} per step` : ''),
        );
      }
    }
    const of = (kind: Kind, pick: (run: Run) => number) => median(runs.filter((run) => run.kind === kind).map(pick));
    const readyRatio = of('county', (run) => run.readyMs) / of('bare', (run) => run.readyMs);
    const countyFilter = of('county', (run) => run.filterTaskMs);
    const countyRows = Math.max(...runs.filter((run) => run.kind === 'county').flatMap((run) => run.rows));
    const readyPass = readyRatio <= MAX_READY_RATIO;
    const filterPass = countyFilter <= MAX_FILTER_MS;
    const rowsPass = countyRows < MAX_ROWS;
    const pass = readyPass && filterPass && rowsPass;

    const rows: FigureResult['rows'] = [
      {
        measure: `county map ready (median of ${RUNS})`,
        value: ms(
          of('county', (run) => run.readyMs),
          0,
        ),
      },
      {
        measure: 'bare maplibre, same zones',
        value: ms(
          of('bare', (run) => run.readyMs),
          0,
        ),
      },
      { measure: 'county / bare', value: ratio(readyRatio), target: `≤ ${MAX_READY_RATIO}×`, pass: readyPass },
      {
        measure: `town (${zoneCount - COUNTY_EXTRA} zones) map ready`,
        value: ms(
          of('town', (run) => run.readyMs),
          0,
        ),
      },
      {
        measure: 'county filter change, main thread',
        value: ms(countyFilter, 0),
        target: `≤ ${MAX_FILTER_MS} ms`,
        pass: filterPass,
      },
      {
        measure: 'county filter change, of it JavaScript',
        value: ms(
          of('county', (run) => run.filterScriptMs),
          0,
        ),
      },
      {
        measure: 'county: one repaint with nothing changed, main thread',
        value: ms(
          of('county', (run) => run.repaintTaskMs),
          0,
        ),
      },
      {
        measure: 'bare page, same filter, main thread / JavaScript',
        value: `${ms(
          of('bare', (run) => run.filterTaskMs),
          0,
        )} / ${ms(
          of('bare', (run) => run.filterScriptMs),
          0,
        )}`,
      },
      {
        measure: 'county list: most rows in the page',
        value: String(countyRows),
        target: `< ${MAX_ROWS}`,
        pass: rowsPass,
      },
    ];
    const cell = (kind: Kind, pick: (run: Run) => number) => {
      const value = of(kind, pick);
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
      KINDS.map((kind) => [
        labels(zoneCount)[kind],
        cell(kind, (run) => run.firstPaintMs),
        cell(kind, (run) => run.readyMs),
        `${cell(kind, (run) => run.zoomFrameMs)} / ${cell(kind, (run) => run.zoomIdleMs)}`,
        `${cell(kind, (run) => run.filterTaskMs)} / ${cell(kind, (run) => run.filterScriptMs)} / ${cell(kind, (run) => run.filterIdleMs)}`,
        cell(kind, (run) => run.repaintTaskMs),
        cell(kind, (run) => run.scrollTaskMs),
        kind === 'bare'
          ? '—'
          : [...new Set(runs.filter((run) => run.kind === kind).flatMap((run) => run.rows))].join(', '),
      ]),
    );
    const markdown = [
      `The real server started on a data folder with the sample town plus ${COUNTY_EXTRA.toLocaleString('en')} generated`,
      `zones (\`prepareScaledDataDir\` of src/testing/synthetic-zones.ts: seeded, named 合成区域 N, labelled sample`,
      `data; ${zoneCount.toLocaleString('en')} zones, ${(zonesText.length / 1024 / 1024).toFixed(1)} MiB of GeoJSON from`,
      '`/api/zones`), opened by the demo leader in headless Chromium at 1440 × 900 (tests/helpers.ts flags), beside the',
      `same app on the sample town (${zoneCount - COUNTY_EXTRA} zones) and the bare maplibre page of P2 drawing the same county zones`,
      `(\`?zones=county\`). Medians of ${RUNS} runs of each, one warm-up not counted, the order alternated.`,
      '',
      'Map ready as in P2. Zoom: `jumpTo` one level in, to the next rendered frame and to `idle`. Filter: a click',
      'on the first status chip (the bare page: the same status filter set on its zone layers), main-thread work',
      "being the renderer's `TaskDuration` (DevTools protocol `Performance.getMetrics`) from before the click to the",
      "map's next `idle`, and of it `ScriptDuration`, the time running JavaScript (the page's and maplibre's); the rest",
      "is the browser's own work: style, layout, compositing and, with no GPU here, waiting on the software renderer",
      '(headless Chromium reads each WebGL frame back to composite it). A repaint: the same clock around one',
      '`triggerRepaint` to `idle` with nothing changed, before the zoom: what any change that shows on the map costs at',
      `least on this renderer. List scroll: the list scrolled in ${SCROLL_STEPS} steps to its end, two frames each.`,
      '',
      table,
      '',
      `Targets: map ready ≤ ${MAX_READY_RATIO}× the bare page (${ratio(readyRatio)}): **${passText(readyPass)}**;`,
      `a filter change ≤ ${MAX_FILTER_MS} ms of main-thread work (${ms(countyFilter, 0)}): **${passText(filterPass)}**;`,
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
    await browser?.close();
    await bareServer?.close();
    await county?.stop();
    await town?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
