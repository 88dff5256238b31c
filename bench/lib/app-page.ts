import type { Page } from 'playwright-core';

/**
 * What the map benchmarks (P2, P8) share about the app page: the probe that stamps when the zones are
 * painted, and signing in as a demo account before navigation.
 */
export interface Probed {
  __benchReady?: number;
}

/**
 * Runs in the app page before any of its scripts: catches the assignment of `window.__jinxiMap`
 * (src/map/map-canvas.tsx sets it right after creating the map) and stamps performance.now() at the
 * first `idle` with the zones source loaded and the zone layers present (past the P3 limit the source is the
 * server's vector tiles: loaded means the tiles in view have come and been laid out). No polling, so no delay.
 * A string, not a function: tsx would add `__name(...)` helpers that do not exist in the page.
 * getLayer goes first: isSourceLoaded reports an error for a source that does not exist yet. Like the
 * bare page, it also notes when the map was created and when the zones data first reached it.
 */
export const APP_PROBE = `(() => {
  let current;
  const marks = {};
  Object.defineProperty(window, '__jinxiMap', {
    configurable: true,
    enumerable: true,
    get() { return current; },
    set(map) {
      current = map;
      if (!map) return;
      if (marks.mapCreated === undefined) marks.mapCreated = performance.now();
      window.__benchMarks = marks;
      map.on('data', function (event) {
        if (marks.zonesData === undefined && event.sourceId === 'zones') marks.zonesData = performance.now();
      });
      map.on('idle', function () {
        const zones = map.getLayer('zones-fill') && map.isSourceLoaded('zones');
        if (window.__benchReady === undefined && zones) {
          window.__benchReady = performance.now();
        }
      });
    },
  });
})();`;

export interface Session {
  /** Cookies to send, empty when the server has no login (or it failed: then the data requests say so). */
  cookies: { name: string; value: string }[];
  description: string;
}

/**
 * Sign in as a demo account (`username`, else BENCH_USER; BENCH_PASSWORD; default the demo leader) so the app is
 * measured as a returning signed-in user: the session cookie is set before navigation, login itself
 * is not timed. A server without `POST /api/session` is measured anonymously.
 */
export async function signIn(baseUrl: string, username = process.env.BENCH_USER ?? 'leader'): Promise<Session> {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: process.env.BENCH_PASSWORD ?? 'jinxi-demo' }),
  });
  if (response.status === 404) return { cookies: [], description: 'anonymous (the server has no login)' };
  if (!response.ok) {
    console.warn(`  warning: sign-in as ${username} failed (${response.status}); measuring anonymously`);
    return { cookies: [], description: `anonymous (sign-in as \`${username}\` failed: ${response.status})` };
  }
  const cookies = response.headers.getSetCookie().map((header) => {
    const [pair] = header.split(';');
    const separator = pair!.indexOf('=');
    return { name: pair!.slice(0, separator).trim(), value: pair!.slice(separator + 1).trim() };
  });
  return {
    cookies,
    description: `signed in as the demo account \`${username}\` (session cookie set before navigation)`,
  };
}

export const cookieHeader = (session: Session) =>
  session.cookies.map(({ name, value }) => `${name}=${value}`).join('; ');

export async function fetchText(url: string, session: Session): Promise<string> {
  const response = await fetch(url, { headers: session.cookies.length ? { Cookie: cookieHeader(session) } : {} });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${text.slice(0, 200)}`);
  return text;
}

/** Which page a map benchmark measures: the app, or the bare maplibre page of bench/bare/. */
export type PageKind = 'app' | 'bare';

/** Wait until the page has painted its zones (the app's probe, or the bare page's `window.__ready`). */
export async function waitForZonesPainted(page: Page, kind: PageKind, timeoutMs: number): Promise<void> {
  if (kind === 'app') {
    await page.waitForFunction(() => (window as unknown as Probed).__benchReady !== undefined, undefined, {
      timeout: timeoutMs,
      polling: 50,
    });
  } else {
    await page.waitForFunction(() => window.__ready !== undefined, undefined, { timeout: timeoutMs, polling: 50 });
  }
}
