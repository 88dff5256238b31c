import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { makeTestPhoto, photoForm } from '../../testing/images';

/**
 * The flood, photo, check, report, supervision and dashboard routes on PostgreSQL, through the repositories
 * createPgRepositories wires (each repository's answers are compared with SQLite's in its *.engines.test.ts).
 */
let server: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer({ backend: 'postgres' });
  for (const name of ['admin', 'planner', 'leader', 'water']) cookies[name] = await server.login(name);
}, 120_000);
afterAll(async () => {
  await server?.close();
});

it('serves flood, photos, checks, reports, supervisions and the dashboard from PostgreSQL', async () => {
  const zone = await server.request('/api/zones', {
    method: 'POST',
    cookie: cookies.planner,
    json: {
      type: 'Feature',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [120.9, 31.165],
            [120.91, 31.165],
            [120.91, 31.175],
            [120.9, 31.175],
            [120.9, 31.165],
          ],
        ],
      },
      properties: { name: '测试片区', category: 'R4', plannedStart: server.today, plannedEnd: '2026-08-01' },
    },
  });
  expect(zone.status, await zone.clone().text()).toBe(201);
  const zoneId = ((await zone.json()) as { id: string }).id;
  const task = await server.request(`/api/zones/${zoneId}/tasks`, {
    method: 'POST',
    cookie: cookies.water,
    json: { title: '测试任务', assignedUnit: 'shuilizhan', dueDate: '2026-07-01' },
  });
  expect(task.status, await task.clone().text()).toBe(201);
  const taskId = ((await task.json()) as { id: string }).id;

  const photo = await server.request(`/api/zones/${zoneId}/photos`, {
    method: 'POST',
    cookie: cookies.water,
    body: photoForm({ phase: 'before', taskId }, [{ bytes: await makeTestPhoto() }]),
    headers: { 'idempotency-key': 'smoke-1' },
  });
  expect(photo.status, await photo.clone().text()).toBeLessThan(300);
  const again = await server.request(`/api/zones/${zoneId}/photos`, {
    method: 'POST',
    cookie: cookies.water,
    body: photoForm({ phase: 'before', taskId }, [{ bytes: await makeTestPhoto() }]),
    headers: { 'idempotency-key': 'smoke-1' },
  });
  expect(again.status, await again.clone().text()).toBeLessThan(300);
  const { photos } = (await (
    await server.request(`/api/zones/${zoneId}/photos`, { cookie: cookies.water })
  ).json()) as { photos: unknown[] };
  expect(photos).toHaveLength(1);

  const check = await server.request(`/api/zones/${zoneId}/checks`, {
    method: 'POST',
    cookie: cookies.admin,
    json: { quarter: '2026-Q2', checkedOn: server.today, passed: false, score: 50, findings: '不合格' },
  });
  expect(check.status, await check.clone().text()).toBe(201);
  const dup = await server.request(`/api/zones/${zoneId}/checks`, {
    method: 'POST',
    cookie: cookies.admin,
    json: { quarter: '2026-Q2', checkedOn: server.today, passed: true, score: 90, findings: '' },
  });
  expect(dup.status).toBe(409);
  const overview = await server.request('/api/checks?quarter=2026-Q2', { cookie: cookies.leader });
  expect(overview.status, await overview.clone().text()).toBe(200);

  const mark = await server.request(`/api/zones/${zoneId}/supervisions`, {
    method: 'POST',
    cookie: cookies.leader,
    json: { note: '测试督办', deadline: server.today, taskId },
  });
  expect(mark.status, await mark.clone().text()).toBe(201);
  const marks = (await (
    await server.request(`/api/zones/${zoneId}/supervisions`, { cookie: cookies.leader })
  ).json()) as { note: string; taskId: string | null }[];
  expect(marks).toMatchObject([{ note: '测试督办', taskId }]);

  const profile = await server.request(`/api/zones/${zoneId}/flood`, {
    method: 'PUT',
    cookie: cookies.water,
    json: {
      riskLevel: 'high',
      maxDepthCm: 30,
      typicalDurationHours: 2,
      affectedHouseholds: 10,
      cause: '低洼',
      drainageMeasures: '泵',
    },
  });
  expect(profile.status, await profile.clone().text()).toBe(201);
  const event = await server.request('/api/flood-events', {
    method: 'POST',
    cookie: cookies.water,
    json: { occurredOn: server.today, rainfallMm: 50, points: [{ coordinates: [120.905, 31.17], depthCm: 20 }] },
  });
  expect(event.status, await event.clone().text()).toBeLessThan(300);
  // The waterlogging point falls in the new R4 area (PostGIS box, then the exact shape).
  expect(((await event.json()) as { zoneIds: string[] }).zoneIds).toEqual([zoneId]);

  const month = server.today.slice(0, 7);
  const commentary = await server.request(`/api/reports/monthly/${month}/commentary/shuilizhan`, {
    method: 'PUT',
    cookie: cookies.admin,
    json: { text: '测试点评' },
  });
  expect(commentary.status, await commentary.clone().text()).toBeLessThan(300);
  const monthly = await server.request(`/api/reports/monthly?month=${month}`, { cookie: cookies.leader });
  expect(monthly.status, await monthly.clone().text()).toBe(200);
  const monthlyBody = JSON.stringify(await monthly.json());
  expect(monthlyBody).toContain('测试点评');
  // The 年考核 reads the reports' and the cases' facts, both on PostgreSQL: every unit has a row.
  const assessment = await server.request('/api/assessment?year=2026', { cookie: cookies.leader });
  expect(assessment.status, await assessment.clone().text()).toBe(200);
  const assessmentUnits = ((await assessment.json()) as { units: { unit: string }[] }).units.map((row) => row.unit);
  expect(assessmentUnits).toContain('shuilizhan');
  const reportsFacts = await server.repos.reports.assessmentFacts('2026-01-01', '2026-12-31', ['2026-Q2']);
  expect(reportsFacts.checks).toEqual([{ leadUnit: 'shuilizhan', score: 50 }]);
  expect(reportsFacts.tasks.length).toBeGreaterThan(0);
  const dashboard = await server.request('/api/dashboard', { cookie: cookies.leader });
  expect(dashboard.status, await dashboard.clone().text()).toBe(200);
  expect(((await dashboard.json()) as { statuses: Record<string, string> }).statuses[zoneId]).toBeDefined();
  const past = await server.request('/api/dashboard?asOf=2026-03-01', { cookie: cookies.leader });
  expect(past.status, await past.clone().text()).toBe(200);
});
