import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import {
  apiLogin,
  launchBrowser,
  loginAs,
  openPage,
  startServer,
  type RunningServer,
  type TrackedPage,
} from './helpers';
import { mayOpen, ROUTES } from '../src/app/routes';
import { permissionsLoaded } from '../src/lib/permissions';
import type { Role } from '../src/shared/admin/auth';
import type { ZoneCollection } from '../src/shared/zones/zone';

// Every page fits a 390 px phone without sideways scrolling (issue 16, item 2; docs/quality.md).
const WIDTH = 390;

/** A demo account per role, in the order a page's visitor is chosen: the first whose role may open it. */
const ACCOUNTS: readonly { username: string; role: Role }[] = [
  { username: 'water', role: 'unit' },
  { username: 'leader', role: 'leader' },
  { username: 'inspector', role: 'inspector' },
  { username: 'admin', role: 'admin' },
  { username: 'planner', role: 'planner' },
  { username: 'county', role: 'county' },
];

// Pages gated by the authorization matrix are chosen by it: without it loaded, mayOpen would pass them all by.
await permissionsLoaded;

let server: RunningServer;
let browser: Browser;
let zoneId: string;
/** One phone per account, signed in once: each visit is a fresh load of its page, the app's files from its cache. */
const phones = new Map<string | null, TrackedPage>();

async function phoneOf(username: string | null): Promise<TrackedPage> {
  let watched = phones.get(username);
  if (!watched) {
    watched = await openPage(browser, { width: WIDTH, height: 844, isMobile: true });
    if (username) await loginAs(watched, server.baseUrl, username);
    phones.set(username, watched);
  }
  watched.problems.length = 0;
  return watched;
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const cookie = await apiLogin(server.baseUrl, 'leader');
  const zones = (await (await fetch(`${server.baseUrl}/api/zones`, { headers: { cookie } })).json()) as ZoneCollection;
  zoneId = String(zones.features[0]!.id);
  assert.match(zoneId, /^\d+$/);
});
after(async () => {
  for (const watched of phones.values()) await watched.context.close();
  await browser?.close();
  await server?.stop();
});

/**
 * What sticks out sideways: the page's scroll width, and each visible element reaching past the viewport's edge
 * (unless it sits in a box that fits and scrolls sideways on purpose, or is parked wholly off screen, like a closed drawer).
 */
async function overflow(page: Page) {
  // One function body without inner named functions (tsx would wrap them in a helper the page lacks).
  // The phone's width, not innerWidth: a mobile browser widens its layout viewport to fit content too wide.
  return page.evaluate((width) => {
    const wide: string[] = [];
    for (const element of document.querySelectorAll('body *')) {
      const rect = element.getBoundingClientRect();
      if (rect.width <= 1 || rect.height <= 1) continue;
      if (rect.right <= 0 || rect.left >= width) continue;
      if (rect.right <= width + 1 && rect.left >= -1) continue;
      if (getComputedStyle(element).visibility === 'hidden') continue;
      // Inside a box that scrolls sideways on purpose (a wide table) and itself fits: fine.
      let box: Element | null = element.parentElement;
      while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
      if (box && box.getBoundingClientRect().right <= width + 1 && box.getBoundingClientRect().left >= -1) continue;
      const classes = typeof element.className === 'string' ? element.className.trim().split(/\s+/).join('.') : '';
      wide.push(
        `${element.tagName.toLowerCase()}${classes ? `.${classes}` : ''} ${Math.round(rect.left)}..${Math.round(rect.right)}`,
      );
    }
    return { scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 8) };
  }, WIDTH);
}

interface Visit {
  label: string;
  username: string | null;
  path: () => string;
}

describe('every page at phone width', { timeout: 240_000 }, () => {
  const visits = ROUTES.flatMap((route): Visit[] => {
    const path =
      route.page === 'writeup' ? () => `${route.path}?zone=${zoneId}` : route.page === 'big' ? null : () => route.path;
    if (!path) return []; // the big screen is for meeting-room screens (tests/big-screen.spec.ts)
    if (route.page === 'login') return [{ label: route.path, username: null, path }];
    const account = ACCOUNTS.find((candidate) => mayOpen(route.page, candidate.role));
    return account ? [{ label: `${route.path} as ${account.username}`, username: account.username, path }] : [];
  });
  // The map page's own views: the overview (一张表) and a zone's panel, as the leader.
  visits.push(
    { label: '/?view=dashboard as leader', username: 'leader', path: () => '/?view=dashboard' },
    { label: '/?zone= as leader', username: 'leader', path: () => `/?zone=${zoneId}` },
  );

  it('visits every page but the big screen, the gated ones included', () => {
    const visited = new Set(visits.map((visit) => visit.label.split(' ')[0]));
    const missed = ROUTES.filter((route) => route.page !== 'big' && !visited.has(route.path)).map((r) => r.path);
    assert.deepEqual(missed, []);
  });

  for (const visit of visits) {
    it(`${visit.label} fits ${WIDTH} px`, async () => {
      const watched = await phoneOf(visit.username);
      const { page } = watched;
      await page.goto(`${server.baseUrl}${visit.path()}`);
      // Signed in, the page has settled (its user menu comes then, src/lib/page-settled.ts) and what waits for that
      // (the overview's charts, the legend's layers) has loaded: the next visit's navigation would abort it.
      if (visit.username) await page.locator('.user-name').waitFor();
      await page.waitForLoadState('networkidle');
      await watched.requestsSettled();
      // Lazy panels and charts have come (nothing says 加载中 any more).
      await page.waitForFunction(() => !document.body.innerText.includes('加载中'));
      const found = await overflow(page);
      assert.deepEqual(found.wide, [], `elements past the ${WIDTH} px edge`);
      assert.ok(found.scrollWidth <= WIDTH, `scrollWidth ${found.scrollWidth}`);
      assert.deepEqual(watched.problems, []);
    });
  }

  it('closes the list drawer when the overview opens', async () => {
    const watched = await openPage(browser, { width: WIDTH, height: 844, isMobile: true });
    const { page } = watched;
    await loginAs(watched, server.baseUrl, 'leader');
    await page.goto(server.baseUrl);
    const toggle = page.locator('.drawer-toggle');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await page.getByRole('button', { name: '一张表（总览）' }).click();
    await page.locator('.dashboard-panel').waitFor();
    assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
    assert.ok(await page.locator('.dashboard-panel').isVisible());
    assert.deepEqual(watched.problems, []);
    await watched.context.close();
  });
});
