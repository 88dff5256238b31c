/**
 * P8: a unit on a weak phone link. Chromium at 390 × 844 (a phone), the network throttled through the
 * DevTools protocol to 1.6 Mbit/s down, 750 kbit/s up and 150 ms round trip, signed in. From navigation
 * to the zones painted (the P2 probe), and to the first paint of anything (the start-up skeleton),
 * cold (a fresh browser context: empty cache) and warm (the same context loading the page again; the app's once its
 * service worker controls the page, as on a unit's phone after the first visit: docs/field.md), for
 * the app served by the real server beside the bare maplibre page of P2 served the same way
 * (gzip, `immutable` assets) on the same link, runs interleaved.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

const RUNS = Number(process.env.BENCH_P8_RUNS ?? 3);
const TIMEOUT_MS = 120_000;
const LINK = { latencyMs: 150, downKbit: 1600, upKbit: 750 };
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
  /** Bytes received over the wire for the load (compressed, headers included), from the protocol. */
  bytes: number;
  /** Whether a service worker controlled the page during this load. */
  controlled: boolean;
}

interface Run {
  kind: Kind;
  cold: Load;
  warm: Load;
}

/** Throttle this page's traffic (and count the bytes it receives) through the DevTools protocol. */
async function throttle(context: BrowserContext, page: Page): Promise<() => number> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: LINK.latencyMs,
    downloadThroughput: (LINK.downKbit * 1000) / 8,
    uploadThroughput: (LINK.upKbit * 1000) / 8,
  });
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
    bytes += event.encodedDataLength;
  });
  return () => {
    const received = bytes;
    bytes = 0;
    return received;
  };
}

async function load(page: Page, kind: Kind, url: string, received: () => number): Promise<Load> {
  received();
  await page.goto(url, { waitUntil: 'commit', timeout: TIMEOUT_MS });
  await waitForZonesPainted(page, kind, TIMEOUT_MS);
  const measured = await page.evaluate((which) => {
    const paint = performance.getEntriesByType('paint').find((entry) => entry.name === 'first-paint');
    const ready = which === 'app' ? (window as unknown as Probed).__benchReady! : window.__ready!;
    const controlled = Boolean(navigator.serviceWorker?.controller);
    return { firstPaintMs: paint ? paint.startTime : Number.NaN, readyMs: ready, controlled };
  }, kind);
  // Let the last responses finish so their bytes are counted with this load.
  await page.waitForLoadState('networkidle', { timeout: TIMEOUT_MS }).catch(() => undefined);
  return { ...measured, bytes: received() };
}

async function measureOnce(browser: Browser, kind: Kind, url: string, session: Session): Promise<Run> {
  // The app's service worker is allowed (precache, network-first reads), as on a phone.
  const { page, context } = await openPage(browser, {
    ...PHONE,
    isMobile: true,
    serviceWorkers: kind === 'app' ? 'allow' : 'block',
  });
  try {
    if (kind === 'app' && session.cookies.length) {
      await context.addCookies(session.cookies.map((cookie) => ({ ...cookie, url })));
    }
    if (kind === 'app') await page.addInitScript(APP_PROBE);
    const received = await throttle(context, page);
    const cold = await load(page, kind, url, received);
    if (kind === 'app') {
      // Warm means the service worker installed (shell precached) and controlling the page, as after a first visit.
      await page.waitForFunction(() => Boolean(navigator.serviceWorker?.controller), undefined, {
        timeout: TIMEOUT_MS,
      });
      await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    }
    const warm = await load(page, kind, url, received);
    if (kind === 'app' && !warm.controlled)
      throw new Error('P8: the warm load was not controlled by the service worker');
    return { kind, cold, warm };
  } finally {
    await context.close();
  }
}

const kib = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

export async function runP8(): Promise<FigureResult> {
  let server: RunningServer | undefined;
  let bareServer: StaticServer | undefined;
  let browser: Browser | undefined;
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
    const urls: Record<Kind, string> = {
      app: server.baseUrl,
      bare: `${bareServer.baseUrl}/?w=${PHONE.width}&h=${PHONE.height - 52}`,
    };
    const runs: Run[] = [];
    for (let index = 0; index < RUNS; index += 1) {
      const order: Kind[] = index % 2 === 0 ? ['app', 'bare'] : ['bare', 'app'];
      for (const kind of order) {
        const run = await measureOnce(browser, kind, urls[kind], session);
        runs.push(run);
        console.log(
          `  run ${index + 1}/${RUNS} ${kind}: cold ${ms(run.cold.readyMs, 0)} (first paint ${ms(run.cold.firstPaintMs, 0)}, ` +
            `${kib(run.cold.bytes)}), warm ${ms(run.warm.readyMs, 0)} (${kib(run.warm.bytes)})`,
        );
      }
    }
    const of = (kind: Kind, pick: (run: Run) => number) => median(runs.filter((run) => run.kind === kind).map(pick));
    const appCold = of('app', (run) => run.cold.readyMs);
    const bareCold = of('bare', (run) => run.cold.readyMs);
    const appWarm = of('app', (run) => run.warm.readyMs);
    const bareWarm = of('bare', (run) => run.warm.readyMs);
    const appFirstPaint = of('app', (run) => run.cold.firstPaintMs);
    const bareFirstPaint = of('bare', (run) => run.cold.firstPaintMs);
    const coldRatio = appCold / bareCold;
    const coldPass = appCold <= COLD_MAX_MS && coldRatio <= COLD_MAX_RATIO;
    const warmPass = appWarm <= WARM_MAX_MS;
    const pass = coldPass && warmPass;

    const rows: FigureResult['rows'] = [
      { measure: `app cold: zones painted (median of ${RUNS})`, value: ms(appCold, 0), target: `≤ ${COLD_MAX_MS} ms` },
      { measure: 'bare cold: zones painted', value: ms(bareCold, 0) },
      {
        measure: 'app / bare cold',
        value: ratio(coldRatio),
        target: `≤ ${COLD_MAX_RATIO}×, ≤ ${COLD_MAX_MS} ms`,
        pass: coldPass,
      },
      {
        measure: 'app warm (service worker): zones painted',
        value: ms(appWarm, 0),
        target: `≤ ${WARM_MAX_MS} ms`,
        pass: warmPass,
      },
      { measure: 'bare warm: zones painted', value: ms(bareWarm, 0) },
      { measure: 'app cold: first paint (skeleton)', value: ms(appFirstPaint, 0) },
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
      `Chromium at ${PHONE.width} × ${PHONE.height} (mobile), throttled through the DevTools protocol`,
      `(\`Network.emulateNetworkConditions\`: ${LINK.downKbit / 1000} Mbit/s down, ${LINK.upKbit} kbit/s up,`,
      `${LINK.latencyMs} ms latency), signed in as the demo leader. Cold: a fresh browser context (empty cache);`,
      'warm: the same context loading the page again, for the app once its service worker (Workbox: the shell',
      'precached, API reads network first) controls the page, as on a phone after the first visit; for the bare',
      'page from the HTTP cache. The throttle is set on the page: requests the service worker itself makes (the',
      'network-first API reads) are not throttled by it. The app is served by the real server (pre-compressed,',
      '`immutable` assets); the bare maplibre page of P2 by a static server that gzips and caches its assets',
      `the same way. Medians of ${RUNS} runs each, app and bare interleaved. Bytes: what crossed the link`,
      '(compressed, from the protocol).',
      '',
      table,
      '',
      `Targets: cold ≤ ${COLD_MAX_MS} ms and ≤ ${COLD_MAX_RATIO}× the bare page: **${passText(coldPass)}**; warm ≤`,
      `${WARM_MAX_MS} ms: **${passText(warmPass)}**. The loading state (${FIRST_PAINT_MAX_MS} ms target) is the`,
      'start-up skeleton of index.html: it paints with the HTML and the stylesheets, before any script; its',
      'first paint above includes the round trips that bring them.',
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
    await bareServer?.close();
    await server?.stop();
  }
}
