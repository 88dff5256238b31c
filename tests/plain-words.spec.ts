import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { apiLogin, launchBrowser, loginAs, openPage, startServer, type RunningServer } from './helpers';
import { loadCampaignConfig } from '../src/server/platform/data-files';

/**
 * Users never see raw codes (docs/quality.md): on a few key pages per role, in zh-CN, the visible text has no
 * 整治项目 code without its name, no quarter code, no status code and no demo account's username.
 */
let server: RunningServer;
let browser: Browser;
/** A case the inspector reported, whose steps name the people who acted. */
let caseNo: string;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const response = await fetch(`${server.baseUrl}/api/cases`, {
    method: 'POST',
    headers: {
      cookie: await apiLogin(server.baseUrl, 'inspector'),
      origin: server.baseUrl,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ code: '06010', lon: 120.9205, lat: 31.1705, description: '路边暴露垃圾' }),
  });
  assert.equal(response.status, 201, await response.clone().text());
  caseNo = ((await response.json()) as { caseNo: string }).caseNo;
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

/** The 整治项目 codes with the words that may follow them: their name without the plan's verb (整治/规范/提升). */
const ITEM_NAMES = new Map(
  loadCampaignConfig().items.map((item) => [item.code, item.name.replace(/^(整治|规范|提升)/, '')]),
);

const RAW = [
  { kind: 'quarter code', re: /\b\d{4}-Q[1-4]\b/g },
  { kind: 'week code', re: /\b\d{4}-W\d{2}\b/g },
  {
    kind: 'status code',
    re: /\b(in_progress|not_started|pending_acceptance|accepted|suspended|rejected|submitted)\b/g,
  },
  { kind: 'username', re: /\b(leader|admin|planner|inspector|water|jianguan|chengguan)\b/g },
];

/** Every raw code in the page's visible text, with a little context. */
async function rawCodes(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => document.body.innerText);
  const found: string[] = [];
  // An item code ("R7", "S2") not followed by its name: alone, or before a status or a zone's name.
  for (const match of text.matchAll(/\b([A-Z]\d{1,2})\b\s*(\S*)/g)) {
    const name = ITEM_NAMES.get(match[1]!);
    if (name && !match[2]!.includes(name)) found.push(`item code "${match[1]}" in …${match[0].replace(/\s+/g, ' ')}…`);
  }
  for (const { kind, re } of RAW) {
    for (const match of text.matchAll(re)) {
      const context = text.slice(Math.max(0, match.index - 12), match.index + 16).replace(/\s+/g, ' ');
      found.push(`${kind} "${match[0]}" in …${context}…`);
    }
  }
  // One example of each code is enough to say what is wrong.
  return [...new Map(found.map((line) => [line.split(' in ')[0], line])).values()];
}

const PAGES: Record<string, string[]> = {
  leader: ['/', '/?zone=1', '/reports/weekly', '/reports/monthly', '/reports/annual', '/cases', '/big'],
  admin: ['/checks', '/reports/case?zone=1', '/admin/notifications'],
  inspector: ['/checks', '/work'],
  water: ['/work'],
};

describe('plain words in zh-CN', { timeout: 90_000 }, () => {
  for (const [username, paths] of Object.entries(PAGES)) {
    it(`shows ${username} no raw codes or usernames`, async () => {
      const watched = await openPage(browser);
      await loginAs(watched, server.baseUrl, username);
      const seen: string[] = [];
      for (const path of paths) {
        await watched.page.goto(`${server.baseUrl}${path}`);
        await watched.page.waitForLoadState('networkidle');
        seen.push(...(await rawCodes(watched.page)).map((found) => `${path}: ${found}`));
      }
      await watched.context.close();
      assert.deepEqual(seen, []);
    });
  }

  it('names the people in a case’s steps', async () => {
    const watched = await openPage(browser);
    await loginAs(watched, server.baseUrl, 'leader');
    await watched.page.goto(`${server.baseUrl}/cases`);
    await watched.page.getByRole('button', { name: caseNo }).click();
    await watched.page.getByTestId('case-steps').locator('li').first().waitFor();
    const found = await rawCodes(watched.page);
    await watched.context.close();
    assert.deepEqual(found, []);
  });
});
