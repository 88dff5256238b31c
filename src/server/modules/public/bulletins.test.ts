import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { makeTestPhoto } from '../../../testing/images';
import { XSS_PAYLOADS } from '../../../testing/xss-payloads';
import { monthlyReportSchema } from '../../../shared/reports/assessment';
import {
  bulletinSchema,
  publicBulletinListSchema,
  publicBulletinSchema,
  type Bulletin,
} from '../../../shared/public/bulletins';
import { privateKeysIn } from './private-keys.test-support';
import { HERE, reportLoop } from './report-loop.test-support';
import { SAMPLE_BULLETIN_LABEL, seedSampleBulletin } from './sample-bulletin';

/** The monthly 公开通报 (docs/public.md) over HTTP, on either engine: draft → edit → publish, and what visitors see. */
let server: TestServer;
let admin: string;
let leader: string;
let month: string;

beforeAll(async () => {
  server = await startTestServer({
    auth: { publicSite: true },
    app: { publicLimits: { reportsPerAddressPerHour: 1000, actionsPerAddressPerHour: 1000 } },
  });
  admin = await server.login('admin');
  leader = await server.login('leader');
  const campaign = (await (await server.request('/api/campaign', { cookie: admin })).json()) as { today: string };
  month = campaign.today.slice(0, 7);
});
afterAll(async () => {
  await server.close();
});

const tagOf = (bulletin: Bulletin) => `"${bulletin.version}"`;
const visitorList = async () => {
  const response = await server.request('/api/public/bulletins');
  expect(response.status).toBe(200);
  const body: unknown = await response.json();
  expect(privateKeysIn(body)).toEqual([]);
  return publicBulletinListSchema.parse(body).bulletins;
};

describe('the monthly 公开通报', () => {
  it('is generated from the monthly report, edited with If-Match, published, and only then seen by visitors', async () => {
    // A resident's report rejected this month counts among the reports handled.
    const loop = reportLoop(server, admin, await makeTestPhoto({ width: 64, height: 48, position: HERE }));
    const report = await loop.newReport({ category: 'flyer' });
    expect((await loop.triage(report.id, 'reject', { reason: '不在整治范围' })).status).toBe(200);

    expect((await server.request('/api/bulletins', { method: 'POST', json: { month } })).status).toBe(401);
    expect((await server.request('/api/bulletins', { method: 'POST', cookie: leader, json: { month } })).status).toBe(
      403,
    );
    expect(
      (await server.request('/api/bulletins', { method: 'POST', cookie: admin, json: { month: '2999-01' } })).status,
    ).toBe(400);
    expect(
      (await server.request('/api/bulletins', { method: 'POST', cookie: admin, json: { month: '2026-13' } })).status,
    ).toBe(400);

    const created = await server.request('/api/bulletins', { method: 'POST', cookie: admin, json: { month } });
    expect(created.status, await created.clone().text()).toBe(201);
    const draft = bulletinSchema.parse(await created.json());
    expect(created.headers.get('etag')).toBe(tagOf(draft));
    expect(draft).toMatchObject({ month, status: 'draft', publishedAt: null });
    // The figures are the town's of the 月报告.
    const monthly = monthlyReportSchema.parse(
      await (await server.request(`/api/reports/monthly?month=${month}`, { cookie: admin })).json(),
    );
    const { planned, started, finished, overdue, photos } = monthly.town;
    expect(draft.content.figures).toEqual({ planned, started, finished, overdue, photos });
    expect(draft.content.residents.received).toBeGreaterThanOrEqual(1);
    expect(draft.content.residents.rejected).toBeGreaterThanOrEqual(1);
    // The items shown by default: those with zones.
    expect(draft.items).toEqual(draft.content.items.filter((item) => item.zones > 0).map((item) => item.code));
    expect(draft.items.length).toBeGreaterThan(1);
    expect((await server.request('/api/bulletins', { method: 'POST', cookie: admin, json: { month } })).status).toBe(
      409,
    );

    // Staff see the draft; visitors do not.
    const staffList = await server.request('/api/bulletins', { cookie: leader });
    expect(staffList.status).toBe(200);
    expect(((await staffList.json()) as { bulletins: Bulletin[] }).bulletins.map((entry) => entry.id)).toContain(
      draft.id,
    );
    expect((await visitorList()).map((entry) => entry.id)).not.toContain(draft.id);
    expect((await server.request(`/api/public/bulletins/${draft.id}`)).status).toBe(404);
    expect((await server.request(`/api/bulletins/${draft.id}`)).status).toBe(401);

    // Edits need the version read: 428 without, 412 when stale, 403 for others.
    const patch = (json: unknown, etag: string | null, cookie = admin) =>
      server.request(`/api/bulletins/${draft.id}`, {
        method: 'PATCH',
        cookie,
        json,
        ...(etag ? { headers: { 'if-match': etag } } : {}),
      });
    const chosen = [draft.items[0]!];
    const text = `本月整治进展顺利。\n${XSS_PAYLOADS[0]}`;
    expect((await patch({ title: '十二月通报' }, null)).status).toBe(428);
    expect((await patch({ title: '十二月通报' }, tagOf(draft), leader)).status).toBe(403);
    expect((await patch({ items: ['ZZ9'] }, tagOf(draft))).status).toBe(400);
    expect((await patch({}, tagOf(draft))).status).toBe(400);
    expect((await patch({ title: '   ' }, tagOf(draft))).status).toBe(400);
    const saved = await patch({ title: '锦溪镇十二月整治通报', text, items: chosen }, tagOf(draft));
    expect(saved.status, await saved.clone().text()).toBe(200);
    const edited = bulletinSchema.parse(await saved.json());
    expect(edited).toMatchObject({ title: '锦溪镇十二月整治通报', text, items: chosen, version: draft.version + 1 });
    const stale = await patch({ title: '旧版本' }, tagOf(draft));
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as { currentVersion: number }).currentVersion).toBe(edited.version);

    // Publishing needs If-Match too; then visitors read it, chosen items only, nothing private.
    const publication = (method: 'PUT' | 'DELETE', etag: string | null, cookie = admin) =>
      server.request(`/api/bulletins/${draft.id}/publication`, {
        method,
        cookie,
        ...(etag ? { headers: { 'if-match': etag } } : {}),
      });
    expect((await publication('PUT', tagOf(edited), leader)).status).toBe(403);
    expect((await publication('PUT', null)).status).toBe(428);
    expect((await publication('PUT', tagOf(draft))).status).toBe(412);
    const published = await publication('PUT', tagOf(edited));
    expect(published.status, await published.clone().text()).toBe(200);
    const live = bulletinSchema.parse(await published.json());
    expect(live.status).toBe('published');
    expect(live.publishedAt).not.toBeNull();

    expect((await visitorList()).find((entry) => entry.id === draft.id)).toEqual({
      id: draft.id,
      month,
      title: '锦溪镇十二月整治通报',
      publishedAt: live.publishedAt,
    });
    const page = await server.request(`/api/public/bulletins/${draft.id}`);
    expect(page.status).toBe(200);
    const body: unknown = await page.json();
    expect(privateKeysIn(body)).toEqual([]);
    const shown = publicBulletinSchema.parse(body);
    expect(shown.text).toBe(text);
    expect(shown.items.map((item) => item.code)).toEqual(chosen);
    expect(shown.fixed.every((entry) => chosen.includes(entry.item))).toBe(true);
    expect(shown.figures).toEqual(draft.content.figures);

    // Back to draft: gone for visitors.
    expect((await publication('DELETE', tagOf(live))).status).toBe(200);
    expect((await server.request(`/api/public/bulletins/${draft.id}`)).status).toBe(404);
    expect((await visitorList()).map((entry) => entry.id)).not.toContain(draft.id);
  });

  it('answers malformed and unknown bulletins with 400/404 problems', async () => {
    for (const path of ['/api/public/bulletins/abc', '/api/bulletins/abc']) {
      const response = await server.request(path, { cookie: admin });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    }
    expect((await server.request('/api/public/bulletins/999999')).status).toBe(404);
    expect((await server.request('/api/bulletins/999999', { cookie: admin })).status).toBe(404);
  });

  it('the sample data publishes the bulletin of last month, labelled 示例数据', async () => {
    await seedSampleBulletin(server.repos, new Date(`${server.today}T04:00:00Z`));
    const [year, monthNumber] = server.today.split('-').map(Number) as [number, number];
    const lastMonth = monthNumber === 1 ? `${year - 1}-12` : `${year}-${String(monthNumber - 1).padStart(2, '0')}`;
    const sample = (await visitorList()).find((entry) => entry.month === lastMonth)!;
    expect(sample.title).toContain(SAMPLE_BULLETIN_LABEL);
    const page = publicBulletinSchema.parse(await (await server.request(`/api/public/bulletins/${sample.id}`)).json());
    expect(page.text.startsWith(SAMPLE_BULLETIN_LABEL)).toBe(true);
    expect(page.items.length).toBeGreaterThan(0);
  });
});
