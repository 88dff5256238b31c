/**
 * P8: a unit on a weak phone link. Chromium at 390 × 844 (a phone), signed in, every byte it exchanges with the
 * servers crossing one emulated link (bench/lib/weak-link.ts: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip),
 * its page's requests and its service worker's alike. From navigation to the zones painted (the P2 probe), and to
 * the first paint of anything (the start-up skeleton), cold (a fresh browser context: empty cache) and warm (the
 * same context loading the page again; the app's once its service worker controls the page, as on a unit's phone
 * after the first visit: docs/field.md), for the app served by the real server beside the bare maplibre page of P2
 * served the same way (gzip, `immutable` assets) on the same link, runs interleaved.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage, startServer, type RunningServer } from '../tests/helpers';
import {
  APP_PROBE,
  fetchText,
  signIn,
  type Probed,
  type Session,
  waitForZonesPainted,
  type PageKind,
} from './lib/app-page';
import { BARE_OUT } from './lib/build';
import { serveStatic, type StaticServer } from './lib/static-server';
import { median, ms, ratio } from './lib/stats';
import { markdownTable, passText, type FigureResult } from './lib/report';
import { createWeakLink, type WeakLink } from './lib/weak-link';

const RUNS = Number(process.env.BENCH_P8_RUNS ?? 3);
const TIMEOUT_MS = 120_000;
const LINK = { latencyMs: 150, downKbit: 1600, upKbit: 750 };
/** The link is quiet (a load's last bytes have arrived) after this long without traffic. */
const QUIET_MS = 500;
const COLD_MAX_MS = 5000;
const COLD_MAX_RATIO = 1.5;
const WARM_MAX_MS = 1500;
const FIRST_PAINT_MAX_MS = 100;
const PHONE = { width: 390, height: 844 };

type Kind = PageKind;

interface Load {
  /** ms from navigation start to the first paint of anything, and to the zones painted. */
  firstPaintMs: number;
  readyMs: number;
  /**
   * Bytes that reached the browser over the link for the load (compressed, headers included), the service worker's
   * included; cold counts the whole first visit (for the app, the precache its service worker downloads).
   */
  bytes: number;
  /** Whether a service worker controlled the page during this load. */
  controlled: boolean;
}

interface Run {
  kind: Kind;
  cold: Load;
  warm: Load;
}

/** Wait until the page's requests and the link have gone quiet, so that a load's bytes are counted with it. */
async function settle(page: Page, link: WeakLink): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: TIMEOUT_MS }).catch(() => undefined);
  await link.quiet(QUIET_MS, TIMEOUT_MS);
}

async function load(page: Page, kind: Kind, url: string, link: WeakLink): Promise<Omit<Load, 'bytes'>> {
  await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT_MS });
  await waitForZonesPainted(page, kind, TIMEOUT_MS);
  const measured = await page.evaluate((which) => {
    const paint = performance.getEntriesByType('paint').find((entry) => entry.name === 'first-paint');
    const ready = which === 'app' ? (window as unknown as Probed).__benchReady! : window.__ready!;
    const controlled = Boolean(navigator.serviceWorker?.controller);
    return { firstPaintMs: paint ? paint.startTime : Number.NaN, readyMs: ready, controlled };
  }, kind);
  await settle(page, link);
  return measured;
}

async function measureOnce(browser: Browser, kind: Kind, url: string, session: Session, link: WeakLink): Promise<Run> {
  // The app's service worker is allowed (precache, network-first reads), as on a phone.
  const { page, context } = await openPage(browser, {
    ...PHONE,
    isMobile: true,
    serviceWorkers: kind === 'app' ? 'allow' : 'block',
  });
  // Everything must cross the link: a request to any other server would be a load without the weak link.
  const origin = new URL(url).origin;
  const bypassed: string[] = [];
  page.on('request', (request) => {
    const target = new URL(request.url());
    if (/^(https?|wss?):$/.test(target.protocol) && target.origin !== origin) bypassed.push(request.url());
  });
  try {
    if (kind === 'app' && session.cookies.length) {
      await context.addCookies(session.cookies.map((cookie) => ({ ...cookie, url })));
    }
    if (kind === 'app') await page.addInitScript(APP_PROBE);
    await link.quiet(QUIET_MS, TIMEOUT_MS);
    link.takeReceived();
    const coldLoad = await load(page, kind, url, link);
    if (kind === 'app') {
      // Warm means the service worker installed (shell precached) and controlling the page, as after a first visit.
      await page.waitForFunction(() => Boolean(navigator.serviceWorker?.controller), undefined, {
        timeout: TIMEOUT_MS,
      });
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
      await settle(page, link);
    }
    // The first visit's bytes: the page and, for the app, its service worker's precache.
    const cold = { ...coldLoad, bytes: link.takeReceived() };
    const warm = { ...(await load(page, kind, url, link)), bytes: link.takeReceived() };
    if (kind === 'app' && !warm.controlled)
      throw new Error('P8: the warm load was not controlled by the service worker');
    if (bypassed.length) throw new Error(`P8: requests around the weak link: ${bypassed.slice(0, 3).join(', ')}`);
    return { kind, cold, warm };
  } finally {
    await context.close();
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

/** The field app's start page (我的工作, the web app manifest's start_url) as a unit opens it the first time. */
const WORK_PATH = '/work';
const WORK_USER = 'water';

/** A cold load of 我的工作: navigation to its task list shown (ms, in the page), and the bytes received by then. */
async function measureWorkPage(browser: Browser, url: string, session: Session, link: WeakLink) {
  const { page, context } = await openPage(browser, { ...PHONE, isMobile: true, serviceWorkers: 'allow' });
  try {
    await context.addCookies(session.cookies.map((cookie) => ({ ...cookie, url })));
    await link.quiet(QUIET_MS, TIMEOUT_MS);
    link.takeReceived();
    await page.goto(`${url}${WORK_PATH}`, { waitUntil: 'commit', timeout: TIMEOUT_MS });
    const shown = await page.waitForFunction(
      () => (document.querySelector('[data-testid="work-list"]') ? performance.now() : 0),
      undefined,
      { polling: 'raf', timeout: TIMEOUT_MS },
    );
    const readyMs = (await shown.jsonValue()) as number;
    const bytes = link.takeReceived();
    await settle(page, link);
    return { readyMs, bytes };
  } finally {
    await context.close();
  }
}

export async function runP8(): Promise<FigureResult> {
  let server: RunningServer | undefined;
  let bareServer: StaticServer | undefined;
  let browser: Browser | undefined;
  const link = createWeakLink(LINK);
  try {
    server = await startServer();
    const session = await signIn(server.baseUrl);
    mkdirSync(path.join(BARE_OUT, 'data'), { recursive: true });
    writeFileSync(path.join(BARE_OUT, 'data', 'zones.json'), await fetchText(`${server.baseUrl}/api/zones`, session));
    writeFileSync(
      path.join(BARE_OUT, 'data', 'basemap.json'),
      await fetchText(`${server.baseUrl}/api/basemap`, session),
    );
    bareServer = await serveStatic(BARE_OUT, { production: true });
    browser = await launchBrowser();
    // The browser reaches both servers only through the one weak link.
    const urls: Record<Kind, string> = {
      app: await link.proxy(server.baseUrl),
      bare: `${await link.proxy(bareServer.baseUrl)}/?w=${PHONE.width}&h=${PHONE.height - 52}`,
    };
    const workSession = await signIn(server.baseUrl, WORK_USER);
    const runs: Run[] = [];
    const workLoads: { readyMs: number; bytes: number }[] = [];
    for (let index = 0; index < RUNS; index += 1) {
      const order: Kind[] = index % 2 === 0 ? ['app', 'bare'] : ['bare', 'app'];
      for (const kind of order) {
        const run = await measureOnce(browser, kind, urls[kind], session, link);
        runs.push(run);
        console.log(
          `  run ${index + 1}/${RUNS} ${kind}: cold ${ms(run.cold.readyMs, 0)} (first paint ${ms(run.cold.firstPaintMs, 0)}, ` +
            `${kib(run.cold.bytes)}), warm ${ms(run.warm.readyMs, 0)} (${kib(run.warm.bytes)})`,
        );
      }
      const work = await measureWorkPage(browser, urls.app, workSession, link);
      workLoads.push(work);
      console.log(`  run ${index + 1}/${RUNS} 我的工作 cold: list ${ms(work.readyMs, 0)} (${kib(work.bytes)})`);
    }
    const workCold = median(workLoads.map((load) => load.readyMs));
    const of = (kind: Kind, pick: (run: Run) => number) => median(runs.filter((run) => run.kind === kind).map(pick));
    const appCold = of('app', (run) => run.cold.readyMs);
    const bareCold = of('bare', (run) => run.cold.readyMs);
    const appWarm = of('app', (run) => run.warm.readyMs);
    const bareWarm = of('bare', (run) => run.warm.readyMs);
    const appFirstPaint = of('app', (run) => run.cold.firstPaintMs);
    const bareFirstPaint = of('bare', (run) => run.cold.firstPaintMs);
    const coldRatio = appCold / bareCold;
    const coldTimePass = appCold <= COLD_MAX_MS;
    const coldRatioPass = coldRatio <= COLD_MAX_RATIO;
    const coldPass = coldTimePass && coldRatioPass;
    const warmPass = appWarm <= WARM_MAX_MS;
    const pass = coldPass && warmPass;

    const rows: FigureResult['rows'] = [
      {
        measure: `app cold: zones painted (median of ${RUNS})`,
        value: ms(appCold, 0),
        target: `≤ ${COLD_MAX_MS} ms`,
        pass: coldTimePass,
      },
      { measure: 'bare cold: zones painted', value: ms(bareCold, 0) },
      { measure: 'app / bare cold', value: ratio(coldRatio), target: `≤ ${COLD_MAX_RATIO}×`, pass: coldRatioPass },
      {
        measure: 'app warm (service worker): zones painted',
        value: ms(appWarm, 0),
        target: `≤ ${WARM_MAX_MS} ms`,
        pass: warmPass,
      },
      { measure: 'bare warm: zones painted', value: ms(bareWarm, 0) },
      { measure: 'app cold: first paint (skeleton)', value: ms(appFirstPaint, 0) },
      {
        measure: `我的工作 cold (the field app's start page, a unit): task list shown`,
        value: `${ms(workCold, 0)} (${kib(median(workLoads.map((load) => load.bytes)))} received)`,
      },
      {
        measure: 'bytes received cold: app / bare',
        value: `${kib(of('app', (run) => run.cold.bytes))} / ${kib(of('bare', (run) => run.cold.bytes))}`,
      },
    ];
    const table = markdownTable(
      ['', 'first paint (cold)', 'zones painted cold', 'zones painted warm', 'received cold', 'received warm'],
      (['app', 'bare'] as Kind[]).map((kind) => [
        kind === 'app' ? 'app' : 'bare maplibre',
        ms(kind === 'app' ? appFirstPaint : bareFirstPaint, 0),
        ms(kind === 'app' ? appCold : bareCold, 0),
        ms(kind === 'app' ? appWarm : bareWarm, 0),
        kib(of(kind, (run) => run.cold.bytes)),
        kib(of(kind, (run) => run.warm.bytes)),
      ]),
    );
    const markdown = [
      `Chromium at ${PHONE.width} × ${PHONE.height} (mobile), signed in as the demo leader, reaching the servers only`,
      `through one emulated link (\`bench/lib/weak-link.ts\`: TCP proxies sharing ${LINK.downKbit / 1000} Mbit/s down`,
      `and ${LINK.upKbit} kbit/s up between their connections, ${LINK.latencyMs / 2} ms each way, a round trip before a`,
      "new connection's first bytes), so the page's requests and those its service worker makes itself (the",
      'precache, the network-first API reads) cross the same link; nothing else throttles. Cold: a fresh browser',
      'context (empty cache); warm: the same context loading the page again, for the app once its service worker',
      '(Workbox: the shell precached, API reads network first) controls the page, as on a phone after the first',
      'visit; for the bare page from the HTTP cache. The app is served by the real server (pre-compressed,',
      '`immutable` assets); the bare maplibre page of P2 by a static server that gzips and caches its assets',
      `the same way, behind the same link. Medians of ${RUNS} runs each, app and bare interleaved. Bytes: what`,
      'reached the browser over the link (compressed, HTTP headers included), counted at the link until it has',
      "been quiet for half a second; cold is the whole first visit (the app's includes its service worker's precache).",
      '',
      table,
      '',
      `Targets: cold ≤ ${COLD_MAX_MS} ms and ≤ ${COLD_MAX_RATIO}× the bare page: **${passText(coldPass)}**; warm ≤`,
      `${WARM_MAX_MS} ms: **${passText(warmPass)}**. The loading state (${FIRST_PAINT_MAX_MS} ms target) is the`,
      'start-up skeleton of index.html: it paints with the HTML and the stylesheets, before any script; its',
      'first paint above includes the round trips that bring them.',
      '',
      `The field app's start page on the same link, cold, signed in as the water station's unit account (\`${WORK_USER}\`):`,
      `${WORK_PATH} (我的工作) from navigation to its task list shown, median of ${RUNS}: ${ms(workCold, 0)}, with`,
      `${kib(median(workLoads.map((load) => load.bytes)))} received by then. Not a target of its own; the cold target`,
      'above is the one a unit meets on its first visit to either page.',
    ].join('\n');
    return {
      id: 'P8',
      title: 'weak phone link: zones painted, cold and warm (service worker)',
      command: 'npm run bench -- p8',
      target: `zones painted on a ${LINK.downKbit / 1000} Mbit/s, ${LINK.latencyMs} ms link at ${PHONE.width} px: cold ≤ ${COLD_MAX_MS} ms and ≤ ${COLD_MAX_RATIO}× the bare page, warm ≤ ${WARM_MAX_MS} ms`,
      pass,
      rows,
      markdown,
    };
  } finally {
    await browser?.close();
    await link.close();
    await bareServer?.close();
    await server?.stop();
  }
}
