import { cpSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import { DEMO_ACCOUNT_PASSWORD, startServer as startSpawned, type RunningServer } from '../src/testing/server-process';

// The spawned server, the command runner and the API login: one implementation, in src/testing (docs/quality.md).
export { apiLogin, runCommand, DEMO_ACCOUNT_PASSWORD, type RunningServer } from '../src/testing/server-process';

/**
 * The real server on a data folder of its own (src/testing/server-process.ts). In `npm run test:browser`
 * (scripts/browser-tests.ts gives the run a folder, `JINXI_E2E_RUN_DIR`) a server with no settings of its own starts
 * on a copy of the sample data that the run's first such server seeded, instead of seeding it again: most specs start
 * one, and the browser tests are bound by the machine's 2 cores. The copy is of a first start, stopped cleanly.
 */
export async function startServer(
  env: Record<string, string> = {},
  options: {
    dataDir?: string;
    timeoutMs?: number;
    /** Seed the sample data itself (a first start), never from the run's copy. */
    firstStart?: boolean;
  } = {},
): Promise<RunningServer> {
  const runDir = process.env.JINXI_E2E_RUN_DIR;
  if (!runDir || Object.keys(env).length > 0 || options.dataDir || options.firstStart)
    return startSpawned(env, options);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jinxi-e2e-'));
  cpSync(await seededSampleData(runDir), dataDir, { recursive: true });
  return startSpawned(env, { ...options, dataDir });
}

/** The run's seeded sample data folder: seeded by the first spec that asks, under a lock; the others wait for it. */
async function seededSampleData(runDir: string): Promise<string> {
  const seeded = path.join(runDir, 'seeded');
  const ready = path.join(runDir, 'seeded.ready');
  try {
    mkdirSync(path.join(runDir, 'seeding'));
  } catch {
    // Another spec is seeding it (or has).
    for (let waited = 0; !existsSync(ready); waited += 200) {
      if (waited > 120_000) throw new Error(`no seeded sample data in ${runDir} after 2 minutes`);
      await sleep(200);
    }
    return seeded;
  }
  const server = await startSpawned({}, { dataDir: seeded, timeoutMs: 120_000 });
  await server.stop(true);
  writeFileSync(ready, '');
  return seeded;
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--enable-unsafe-swiftshader',
];

/**
 * The same Chromium with SwiftShader as its GPU, in the GPU process, compositing on the GPU: the page hands each WebGL
 * frame to the compositor as on a device with a GPU. With the tests' flags (software compositing) the page's main
 * thread instead waits for every WebGL frame to be drawn and reads it back. Only benchmarks use it, to measure a
 * page's main-thread work without that wait.
 */
export const GPU_COMPOSITING_ARGS = [
  ...CHROMIUM_ARGS.filter((arg) => arg !== '--disable-gpu'),
  '--use-angle=swiftshader',
  '--ignore-gpu-blocklist',
];

export async function launchBrowser(args: readonly string[] = CHROMIUM_ARGS): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: [...args] });
}

/** Console messages that are not errors of ours (software GL reading pixels back). */
const BENIGN_CONSOLE = [/GPU stall due to ReadPixels/, /GL Driver Message/, /Automatic fallback to software WebGL/];

export interface WatchedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors and failed requests seen so far. */
  problems: string[];
}

/** A page opened by `openPage`: it also knows which of its requests are in flight. */
export interface TrackedPage extends WatchedPage {
  /**
   * Resolves once none of the page's requests has been in flight for `quietMs`. Before closing what is still
   * loading (a panel's sections, a page left at once): the browser cancels those requests (net::ERR_ABORTED),
   * rightly, and the test would count them as failed requests; on a busy machine they are still in flight.
   */
  requestsSettled(quietMs?: number): Promise<void>;
}

/** A new page that records every console error, uncaught exception and failed request. */
/**
 * A GET of the API that the page itself cancelled (net::ERR_ABORTED): a query superseded by newer filters, a photo no
 * longer on screen; or the browser's own fetch of the tab's icon, cut off when the test goes on to the next page.
 * Nothing failed for the user, and a server error still shows as its HTTP status. A cancelled script or worker is not
 * this and still counts (tests/map-worker.spec.ts).
 */
function cancelledByThePage(request: Request): boolean {
  const path = new URL(request.url()).pathname;
  return (
    request.failure()?.errorText === 'net::ERR_ABORTED' &&
    request.method() === 'GET' &&
    (path.startsWith('/api/') || path === '/favicon.svg')
  );
}

export async function openPage(
  browser: Browser,
  options: {
    width?: number;
    height?: number;
    isMobile?: boolean;
    locale?: string;
    /** The offline field app's service worker (docs/field.md): blocked unless a test is about it, so that routing sees every request. */
    serviceWorkers?: 'allow' | 'block';
    /** Where the phone says it is, and what it may use (the camera spec: location and camera granted). */
    geolocation?: { longitude: number; latitude: number; accuracy?: number };
    permissions?: string[];
  } = {},
): Promise<TrackedPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1440, height: options.height ?? 900 },
    isMobile: options.isMobile ?? false,
    hasTouch: options.isMobile ?? false,
    locale: options.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    serviceWorkers: options.serviceWorkers ?? 'block',
    ...(options.geolocation ? { geolocation: options.geolocation } : {}),
    ...(options.permissions ? { permissions: options.permissions } : {}),
  });
  // Report Content-Security-Policy violations as console errors, so every test fails on them.
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
    });
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (
      (message.type() === 'error' || message.type() === 'warning') &&
      !BENIGN_CONSOLE.some((re) => re.test(message.text()))
    ) {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => {
    if (!cancelledByThePage(request)) problems.push(`requestfailed: ${request.url()} ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`http ${response.status()}: ${response.url()}`);
  });
  const inFlight = new Set<Request>();
  page.on('request', (request) => inFlight.add(request));
  page.on('requestfinished', (request) => inFlight.delete(request));
  page.on('requestfailed', (request) => inFlight.delete(request));
  const requestsSettled = async (quietMs = 300) => {
    const deadline = Date.now() + 30_000;
    let quietSince = Date.now();
    while (inFlight.size > 0 || Date.now() - quietSince < quietMs) {
      if (inFlight.size > 0) quietSince = Date.now();
      if (Date.now() > deadline) {
        throw new Error(`requests still in flight after 30 s: ${[...inFlight].map((r) => r.url()).join(', ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { page, context, problems, requestsSettled };
}

/** Resolve when the map has loaded its zones and gone idle. */
export async function waitForMapIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const map = window.__jinxiMap;
    return Boolean(map && map.getLayer('zones-fill') && map.isSourceLoaded('zones') && map.loaded());
  });
  // The sidebar's figures, filters and list come together once the zones have painted (src/lib/page-settled.ts),
  // grey rows until then: wait for them.
  await page.waitForFunction(() => !document.querySelector('#sidebar .skeleton-rows'));
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__jinxiMap!;
        if (!map.isMoving() && map.areTilesLoaded() && map.loaded()) {
          map.once('idle', () => resolve());
          map.triggerRepaint();
        } else {
          map.once('idle', () => resolve());
        }
      }),
  );
}

/** Log the page's browser context in through the API (the same cookie the login form would set). */
export async function loginAs(
  watched: WatchedPage,
  baseUrl: string,
  username: string,
  password = DEMO_ACCOUNT_PASSWORD,
) {
  const response = await watched.context.request.post(`${baseUrl}/api/session`, {
    data: { username, password },
    headers: { origin: baseUrl },
  });
  if (response.status() !== 200) throw new Error(`login as ${username}: HTTP ${response.status()}`);
}
