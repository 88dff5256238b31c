/**
 * Many towns in one PostgreSQL database (docs/deploy.md "Many towns"): the town CLI run for real as a child process
 * (add, list, add-account, import-sqlite), two towns isolated through every route and by PostgreSQL's permissions,
 * and the county role (县级) reading every town, read-only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startTestServer, type TestServer } from '../testing/test-server';
import { makeTestPhoto, photoForm } from '../testing/images';
import { withTransaction, createPgPool } from './platform/db/pg/pool';
import { databaseFile } from './platform/db/connection';
import { DEMO_PASSWORD } from './demo';
import type { CountyOverview } from '../shared/county/county';

const run = promisify(execFile);
const ACCOUNT_PASSWORD = 'zhouzhuang-admin-2026';

let jinxi: TestServer;
/** `npm run town -- …` against the test database; resolves with the exit code and what it printed. */
async function town(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', 'src/server/cli/town.ts', ...args], {
      env: { ...process.env, DATABASE_URL: jinxi.databaseUrl!, DATA_DIR: jinxi.dataDir, ...env },
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout + failed.stderr };
  }
}

/** Log in to a town: the session cookie and the town cookie, as a browser would send them back. */
async function loginTo(townCode: string | undefined, username: string, password: string): Promise<string> {
  const response = await jinxi.request('/api/session', {
    method: 'POST',
    json: { username, password, ...(townCode ? { town: townCode } : {}) },
  });
  expect(response.status, await response.clone().text()).toBe(200);
  return response.headers
    .getSetCookie()
    .filter((cookie) => /^jinxi_(session|town)=[^;]/.test(cookie))
    .map((cookie) => cookie.split(';')[0])
    .join('; ');
}

function zoneFeature(name: string) {
  const lon = 120.93;
  const lat = 31.2;
  return {
    type: 'Feature',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [lon, lat],
          [lon + 0.001, lat],
          [lon + 0.001, lat + 0.001],
          [lon, lat + 0.001],
          [lon, lat],
        ],
      ],
    },
    properties: { name, category: 'R4', plannedStart: '2026-06-01', plannedEnd: '2026-06-10' },
  };
}

let zhou: string;
const other = { zone: '', task: '', case: '', photo: '', zoneName: '周庄测试区域', taskTitle: '周庄测试任务' };

beforeAll(async () => {
  jinxi = await startTestServer({ backend: 'postgres' });
  const added = await town(['add', '--code', 'zhouzhuang', '--name', '周庄镇', '--campaign', 'data/campaign.json']);
  expect(added.out).toContain('Added town 周庄镇 (zhouzhuang)');
  expect(added.code).toBe(0);
  const account = await town(['add-account', '--code', 'zhouzhuang', '--username', 'zzadmin', '--role', 'admin'], {
    TOWN_ACCOUNT_PASSWORD: ACCOUNT_PASSWORD,
  });
  expect(account.out).toContain('Created admin account zzadmin in town zhouzhuang');
  zhou = await loginTo('zhouzhuang', 'zzadmin', ACCOUNT_PASSWORD);

  // The other town's data: a zone (overdue: its end has passed), a task, a case and a photo.
  const zone = await jinxi.request('/api/zones', { method: 'POST', cookie: zhou, json: zoneFeature(other.zoneName) });
  expect(zone.status, await zone.clone().text()).toBe(201);
  other.zone = String(((await zone.json()) as { id: string | number }).id);
  const task = await jinxi.request(`/api/zones/${other.zone}/tasks`, {
    method: 'POST',
    cookie: zhou,
    json: { title: other.taskTitle, assignedUnit: 'shuilizhan', dueDate: '2026-06-05' },
  });
  expect(task.status, await task.clone().text()).toBe(201);
  other.task = String(((await task.json()) as { id: string | number }).id);
  const reported = await jinxi.request('/api/cases', {
    method: 'POST',
    cookie: zhou,
    json: { code: '06010', lon: 120.9305, lat: 31.2005, description: '周庄案件' },
  });
  expect(reported.status, await reported.clone().text()).toBe(201);
  other.case = String(((await reported.json()) as { id: string | number }).id);
  const photo = await jinxi.request(`/api/zones/${other.zone}/photos`, {
    method: 'POST',
    cookie: zhou,
    body: photoForm({ phase: 'before' }, [{ bytes: await makeTestPhoto({ width: 64, height: 48 }) }]),
  });
  expect(photo.status, await photo.clone().text()).toBe(201);
  other.photo = ((await photo.json()) as { photos: { id: string }[] }).photos[0]!.id;
}, 120_000);
afterAll(async () => {
  await jinxi?.close();
});

describe('the town CLI', () => {
  it('lists the towns, and refuses bad codes, a taken code and an unusable campaign file with one line', async () => {
    const listed = await town(['list']);
    expect(listed.code).toBe(0);
    expect(listed.out).toMatch(/jinxi\t锦溪镇/);
    expect(listed.out).toMatch(/zhouzhuang\t周庄镇/);

    const taken = await town(['add', '--code', 'zhouzhuang', '--name', '周庄', '--campaign', 'data/campaign.json']);
    expect(taken.code).toBe(1);
    expect(taken.out.trim()).toBe('The town zhouzhuang already exists');
    const bad = await town(['add', '--code', 'Zhou-Zhuang', '--name', '周庄', '--campaign', 'data/campaign.json']);
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/The town code "Zhou-Zhuang" is not valid/);
    const noFile = await town(['add', '--code', 'qiandeng', '--name', '千灯镇', '--campaign', 'nowhere.json']);
    expect(noFile.code).toBe(1);
    expect(noFile.out).toMatch(/The campaign file nowhere.json cannot be used/);
    const missing = await town(['add', '--code', 'qiandeng']);
    expect(missing.code).toBe(2);
    expect(missing.out).toMatch(/add needs --name/);
    // Nothing was made for the refused towns.
    expect((await town(['list'])).out).not.toMatch(/qiandeng|Zhou-Zhuang/);
  }, 90_000);

  it('gives a town added by the CLI its campaign and no demo data', async () => {
    const zones = (await (await jinxi.request('/api/zones', { cookie: zhou })).json()) as { features: unknown[] };
    expect(zones.features).toHaveLength(1);
    const campaign = (await (await jinxi.request('/api/campaign', { cookie: zhou })).json()) as { units: unknown[] };
    expect(campaign.units.length).toBeGreaterThan(0);
    // The demo accounts are jinxi's only.
    const demo = await jinxi.request('/api/session', {
      method: 'POST',
      json: { username: 'admin', password: DEMO_PASSWORD, town: 'zhouzhuang' },
    });
    expect(demo.status).toBe(401);
  });
});

describe('two towns isolated', () => {
  it("joins the other town's cases to its zones in its own schema, also after a zone write (the re-join hook)", async () => {
    const reported = await jinxi.request('/api/cases', {
      method: 'POST',
      cookie: zhou,
      json: { code: '06010', lon: 120.9505, lat: 31.2105, description: '周庄后建区域内的案件' },
    });
    expect(reported.status).toBe(201);
    const caseId = String(((await reported.json()) as { id: string | number }).id);
    const before = (await (await jinxi.request(`/api/cases/${caseId}`, { cookie: zhou })).json()) as {
      zoneId: string | null;
    };
    expect(before.zoneId).toBeNull();
    // Not overdue: due at the year's end.
    const feature = zoneFeature('周庄后建区域');
    feature.properties.plannedEnd = '2026-12-31';
    feature.geometry.coordinates = [
      [
        [120.95, 31.21],
        [120.951, 31.21],
        [120.951, 31.211],
        [120.95, 31.211],
        [120.95, 31.21],
      ],
    ];
    const zone = await jinxi.request('/api/zones', { method: 'POST', cookie: zhou, json: feature });
    expect(zone.status).toBe(201);
    const zoneId = String(((await zone.json()) as { id: string | number }).id);
    const after = (await (await jinxi.request(`/api/cases/${caseId}`, { cookie: zhou })).json()) as {
      zoneId: string | null;
    };
    expect(after.zoneId).toBe(zoneId);
  });

  it('offers the towns by name for the login form, and refuses an unknown town', async () => {
    const towns = (await (await jinxi.request('/api/towns')).json()) as { towns: { code: string; name: string }[] };
    expect(towns.towns).toEqual([
      { code: 'jinxi', name: '锦溪镇' },
      { code: 'zhouzhuang', name: '周庄镇' },
    ]);
    const unknown = await jinxi.request('/api/session', {
      method: 'POST',
      json: { username: 'admin', password: DEMO_PASSWORD, town: 'nowhere' },
    });
    expect(unknown.status).toBe(400);
  });

  it("never gives a jinxi account the other town's zones, tasks, cases or photos through any read", async () => {
    const admin = await jinxi.login('admin');
    const body = async (url: string) => {
      const response = await jinxi.request(url, { cookie: admin });
      return { status: response.status, text: response.status === 200 ? await response.text() : '' };
    };
    for (const url of [
      '/api/zones',
      `/api/zones/${other.zone}`,
      `/api/zones/${other.zone}/tasks`,
      `/api/tasks/${other.task}`,
      '/api/my-tasks',
      '/api/dashboard',
      '/api/cases',
      `/api/cases/${other.case}`,
      `/api/zones/${other.zone}/photos`,
      '/api/export/zones.geojson',
      '/api/reports/ledger.csv',
    ]) {
      const { status, text } = await body(url);
      expect(status, url).toBeLessThan(500);
      expect(text, url).not.toContain(other.zoneName);
      expect(text, url).not.toContain(other.taskTitle);
      expect(text, url).not.toContain('周庄案件');
    }
    // jinxi has no photos: the other town's photo id is not found, its image not served.
    for (const suffix of ['', '/thumb', '/display']) {
      expect((await jinxi.request(`/api/photos/${other.photo}${suffix}`, { cookie: admin })).status).toBe(404);
    }
  });

  it('answers 403 to a jinxi account that asks for the other town, and 401 to its token sent to the other town', async () => {
    const admin = await jinxi.login('admin');
    const viewing = await jinxi.request('/api/zones', { cookie: `${admin}; jinxi_view_town=zhouzhuang` });
    expect(viewing.status).toBe(403);
    // A session belongs to its town: sent with the other town's cookie, it is nobody's.
    const forged = await jinxi.request('/api/zones', { cookie: `${admin}; jinxi_town=zhouzhuang` });
    expect(forged.status).toBe(401);
  });

  it("never lets a jinxi account change the other town's zone, task, case or photo", async () => {
    const admin = await jinxi.login('admin');
    const before = await (await jinxi.request(`/api/zones/${other.zone}`, { cookie: zhou })).text();
    const taskBefore = await (await jinxi.request(`/api/tasks/${other.task}`, { cookie: zhou })).text();
    const caseBefore = await (await jinxi.request(`/api/cases/${other.case}`, { cookie: zhou })).text();
    const writes: [string, string, unknown][] = [
      ['PATCH', `/api/zones/${other.zone}`, { properties: { notes: '越界修改' } }],
      ['DELETE', `/api/zones/${other.zone}`, undefined],
      ['PATCH', `/api/tasks/${other.task}`, { measures: '越界修改' }],
      ['POST', `/api/cases/${other.case}/actions/close`, { note: '越界' }],
      ['DELETE', `/api/photos/${other.photo}`, undefined],
    ];
    for (const cookie of [admin, `${admin}; jinxi_view_town=zhouzhuang`, `${admin}; jinxi_town=zhouzhuang`]) {
      for (const [method, url, json] of writes) {
        const response = await jinxi.request(url, {
          method,
          cookie,
          headers: { 'if-match': '"1"' },
          ...(json === undefined ? {} : { json }),
        });
        expect(response.status, `${method} ${url}`).toBeLessThan(500);
      }
    }
    expect(await (await jinxi.request(`/api/zones/${other.zone}`, { cookie: zhou })).text()).toBe(before);
    expect(await (await jinxi.request(`/api/tasks/${other.task}`, { cookie: zhou })).text()).toBe(taskBefore);
    expect(await (await jinxi.request(`/api/cases/${other.case}`, { cookie: zhou })).text()).toBe(caseBefore);
    expect((await jinxi.request(`/api/photos/${other.photo}/thumb`, { cookie: zhou })).status).toBe(200);
  });

  it("refuses, by PostgreSQL's permissions, a statement of town jinxi that names the other town's schema", async () => {
    const pool = createPgPool(jinxi.databaseUrl!, { max: 1 });
    try {
      for (const statement of [
        'SELECT name FROM town_zhouzhuang.zones',
        "UPDATE town_zhouzhuang.zones SET notes = 'x'",
        'SELECT code FROM platform.towns',
      ]) {
        await expect(withTransaction(pool, 'town_jinxi', (tx) => tx.query(statement))).rejects.toThrow(
          /permission denied for schema (town_zhouzhuang|platform)/,
        );
      }
      // Its own schema answers.
      const own = await withTransaction(pool, 'town_jinxi', (tx) => tx.query('SELECT count(*) AS n FROM zones'));
      expect(own.rows[0]!.n).toBeGreaterThan(0);
    } finally {
      await pool.end();
    }
  });
});

describe('the county role (县级)', () => {
  it('sees every town side by side: figures, overdue work and the unit ranking, by name', async () => {
    const county = await jinxi.login('county');
    const response = await jinxi.request('/api/county/overview', { cookie: county });
    expect(response.status).toBe(200);
    const overview = (await response.json()) as CountyOverview;
    expect(overview.towns.map((town) => town.name)).toEqual(['锦溪镇', '周庄镇']);
    const zhouzhuang = overview.towns[1]!;
    expect(zhouzhuang.totals.zones).toBe(2);
    expect(zhouzhuang.overdueZones.map((zone) => zone.name)).toEqual([other.zoneName]);
    expect(zhouzhuang.overdueTasks.map((task) => [task.title, task.unitName])).toEqual([[other.taskTitle, '水利站']]);
    expect(zhouzhuang.units[0]).toMatchObject({ name: '水利站', zones: 2, overdueZones: 1 });
    expect(overview.towns[0]!.totals.zones).toBeGreaterThan(1);
    // A town's accounts do not get the overview.
    expect((await jinxi.request('/api/county/overview', { cookie: zhou })).status).toBe(403);
  });

  it('drills into a town read-only: its data is read, every write refused', async () => {
    const county = `${await jinxi.login('county')}; jinxi_view_town=zhouzhuang`;
    const zones = (await (await jinxi.request('/api/zones', { cookie: county })).json()) as {
      features: { properties: { name: string } }[];
    };
    expect(zones.features.map((zone) => zone.properties.name).sort()).toEqual([other.zoneName, '周庄后建区域'].sort());
    expect((await jinxi.request(`/api/photos/${other.photo}/thumb`, { cookie: county })).status).toBe(200);
    for (const [method, url, json] of [
      ['POST', '/api/zones', zoneFeature('县级新建')],
      ['PATCH', `/api/zones/${other.zone}`, { properties: { notes: '县级修改' } }],
      ['POST', `/api/tasks/${other.task}/notes`, { note: '县级留言' }],
      ['POST', `/api/zones/${other.zone}/supervisions`, { note: '县级督办', deadline: '2026-07-01' }],
    ] as const) {
      const response = await jinxi.request(url, { method, cookie: county, json });
      expect(response.status, `${method} ${url}`).toBe(403);
    }
    const notes = await jinxi.request(`/api/tasks/${other.task}/updates`, { cookie: zhou });
    expect(await notes.text()).not.toContain('县级留言');
    const unknown = await jinxi.request('/api/zones', {
      cookie: `${await jinxi.login('county')}; jinxi_view_town=nowhere`,
    });
    expect(unknown.status).toBe(404);
  });

  it("cannot be given or changed by a town's admin", async () => {
    const admin = await jinxi.login('admin');
    const created = await jinxi.request('/api/users', {
      method: 'POST',
      cookie: zhou,
      json: { username: 'zzcounty', displayName: '县级', role: 'county', password: 'a-long-password' },
    });
    expect(created.status).toBe(400);
    const users = (await (await jinxi.request('/api/users', { cookie: admin })).json()) as {
      id: string;
      role: string;
      version: number;
    }[];
    const county = users.find((user) => user.role === 'county')!;
    const changed = await jinxi.request(`/api/users/${county.id}`, {
      method: 'PATCH',
      cookie: admin,
      headers: { 'if-match': `"${county.version}"` },
      json: { disabled: true },
    });
    expect(changed.status).toBe(403);
    const reset = await jinxi.request(`/api/users/${county.id}/password`, {
      method: 'POST',
      cookie: admin,
      json: { newPassword: 'another-long-password' },
    });
    expect(reset.status).toBe(403);
  });
});

describe('npm run town -- import-sqlite', () => {
  it('moves a SQLite town into PostgreSQL with its ids, sequences past them, and its photos', async () => {
    const sqlite = await startTestServer({ backend: 'sqlite' });
    const folder = mkdtempSync(path.join(tmpdir(), 'jinxi-import-'));
    try {
      const admin = await sqlite.login('admin');
      const zone = (sqlite.db.prepare("SELECT id FROM zones WHERE category = 'R4' ORDER BY id").get() as { id: number })
        .id;
      const uploaded = await sqlite.request(`/api/zones/${zone}/photos`, {
        method: 'POST',
        cookie: admin,
        body: photoForm({ phase: 'before' }, [{ bytes: await makeTestPhoto({ width: 80, height: 60 }) }]),
      });
      expect(uploaded.status).toBe(201);
      const photoId = ((await uploaded.json()) as { photos: { id: string }[] }).photos[0]!.id;
      const thumb = Buffer.from(
        await (await sqlite.request(`/api/photos/${photoId}/thumb`, { cookie: admin })).arrayBuffer(),
      );
      await sqlite.db.backup(databaseFile(folder));
      cpSync(path.join(sqlite.dataDir, 'photos'), path.join(folder, 'photos'), { recursive: true });
      writeFileSync(path.join(folder, 'README'), 'a SQLite town');
      const counts = (table: string) =>
        (sqlite.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
      const ids = (table: string) =>
        (sqlite.db.prepare(`SELECT id FROM ${table} ORDER BY id`).all() as { id: number }[]).map((row) => row.id);

      const imported = await town(['import-sqlite', '--code', 'lujia', '--name', '陆家镇', '--data-dir', folder]);
      expect(imported.out).toMatch(/Imported .* as town lujia: \d+ rows in \d+ tables, ids kept; 1 photos copied/);
      expect(imported.code).toBe(0);
      // 8 for the roles and units, 23 for the 社区 and 村.
      expect(imported.out).toMatch(/31 demo account\(s\) with the published password came along/);
      const again = await town(['import-sqlite', '--code', 'lujia', '--data-dir', folder]);
      expect(again.code).toBe(1);
      expect(again.out.trim()).toBe('The town lujia already exists');

      // The same rows with the same ids.
      // Read as the server's login role (town jinxi's role may not: see above).
      const pool = createPgPool(jinxi.databaseUrl!, { max: 1 });
      try {
        for (const table of ['zones', 'tasks', 'users', 'photos', 'zone_versions', 'audit_log']) {
          const { rows } = await pool.query<{ n: number }>(`SELECT count(*) AS n FROM town_lujia.${table}`);
          expect(rows[0]!.n, table).toBe(counts(table));
        }
        const pgZoneIds = (await pool.query<{ id: number }>('SELECT id FROM town_lujia.zones ORDER BY id')).rows;
        expect(pgZoneIds.map((row) => row.id)).toEqual(ids('zones'));
      } finally {
        await pool.end();
      }
      // Its own accounts log in to it (the demo admin came along) and see its photo.
      const lujia = await loginTo('lujia', 'admin', DEMO_PASSWORD);
      const served = await jinxi.request(`/api/photos/${photoId}/thumb`, { cookie: lujia });
      expect(served.status).toBe(200);
      expect(Buffer.from(await served.arrayBuffer()).equals(thumb)).toBe(true);
      // New rows continue after the imported ids.
      const created = await jinxi.request('/api/zones', {
        method: 'POST',
        cookie: lujia,
        json: zoneFeature('陆家新区域'),
      });
      expect(created.status, await created.clone().text()).toBe(201);
      expect(Number(((await created.json()) as { id: string }).id)).toBe(Math.max(...ids('zones')) + 1);
      // The county sees it too.
      const overview = (await (
        await jinxi.request('/api/county/overview', { cookie: await jinxi.login('county') })
      ).json()) as CountyOverview;
      expect(overview.towns.map((town) => town.name)).toContain('陆家镇');
    } finally {
      await sqlite.close();
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
