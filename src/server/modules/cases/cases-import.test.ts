import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { decodeCsv, detectMapping, parsePlatformTime } from './case-import';
import { gcj02ToWgs84, wgs84ToGcj02 } from '../../../shared/geo/gcj02';

/** CSV import of a platform export over real HTTP: encodings, mapping, validation, atomic commit, idempotence. */
let server: TestServer;
let admin: string;
beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login('admin');
});
afterAll(async () => {
  await server.close();
});

const HEADER =
  '案件编号,问题来源,大类,小类,问题编码,问题描述,发生地址,经度,纬度,上报时间,派遣时间,处置部门,处置时间,结案时间,案件状态';
const good = [
  'P2025-0001,监督员上报,市容环境,暴露垃圾,06010,路口垃圾,长寿路,120.9201,31.1702,2025-03-04 09:12:00,2025/3/4 10:00,环卫所,2025-03-04 15:00,2025-03-05 09:00,已结案',
  'P2025-0002,12345热线,街面秩序,占道经营,09006,"早市占道,影响通行",菜场,120.9505,31.2005,2025/3/5 7:05,,,,,待受理',
  'P2025-0003,公众举报,宣传广告,非法小广告,07001,=HYPERLINK("x"),桥头,120.90,31.17,2025-03-06,2025-03-06 10:00,城管中队,,,处置中',
];
const bad = [
  'P2025-0004,监督员上报,市容环境,不存在,99999,x,x,120.9,31.17,2025-03-04 09:12:00,,,,,待受理',
  'P2025-0005,监督员上报,市容环境,暴露垃圾,06010,x,x,31.17,120.9,2025-03-04 09:12:00,,,,,待受理',
  'P2025-0006,监督员上报,市容环境,暴露垃圾,06010,x,x,120.9,31.17,昨天,,,,,待受理',
  'P2025-0001,监督员上报,市容环境,暴露垃圾,06010,dup,x,120.9,31.17,2025-03-04 09:12:00,,,,,待受理',
];

function form(csv: string | Uint8Array<ArrayBuffer>, fields: Record<string, string> = {}) {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(name, value);
  body.append('file', new Blob([typeof csv === 'string' ? new TextEncoder().encode(csv) : csv]), 'export.csv');
  return body;
}
const post = (body: FormData) => server.request('/api/cases/import', { method: 'POST', cookie: admin, body });
const caseCount = async () => (await server.sql<{ n: number }>('SELECT count(*) AS n FROM cases'))[0]!.n;

describe('CSV import helpers', () => {
  it('parses platform times as Asia/Shanghai local times', () => {
    expect(parsePlatformTime('2025-03-04 09:12:00')).toBe('2025-03-04T01:12:00.000Z');
    expect(parsePlatformTime('2025/3/4 9:12')).toBe('2025-03-04T01:12:00.000Z');
    expect(parsePlatformTime('2025-03-04')).toBe('2025-03-03T16:00:00.000Z');
    expect(parsePlatformTime('2025-03-04T09:12:00+08:00')).toBe('2025-03-04T01:12:00.000Z');
    expect(parsePlatformTime('')).toBeNull();
    expect(parsePlatformTime('2025-02-30 10:00')).toBeUndefined();
    // Before 08:00 local is the previous UTC day (also across months, years and leap days).
    expect(parsePlatformTime('2025-03-01 07:59:59')).toBe('2025-02-28T23:59:59.000Z');
    expect(parsePlatformTime('2025-01-01 00:00:00')).toBe('2024-12-31T16:00:00.000Z');
    expect(parsePlatformTime('2024-03-01 03:00:00')).toBe('2024-02-29T19:00:00.000Z');
    expect(parsePlatformTime('2025-02-29 10:00:00')).toBeUndefined();
    expect(parsePlatformTime('2025-03-04 24:00:00')).toBeUndefined();
    expect(parsePlatformTime('2025-03-04T09:12:00')).toBe('2025-03-04T01:12:00.000Z');
    expect(parsePlatformTime('tomorrow')).toBeUndefined();
  });

  it('detects UTF-8 (with or without BOM) and GB18030/GBK', () => {
    expect(decodeCsv(new TextEncoder().encode('\uFEFF案件编号')).encoding).toBe('utf-8');
    expect(decodeCsv(new TextEncoder().encode('案件编号')).text).toBe('案件编号');
    // 案件编号 in GBK.
    const gbk = Uint8Array.from([0xb0, 0xb8, 0xbc, 0xfe, 0xb1, 0xe0, 0xba, 0xc5]);
    expect(decodeCsv(gbk)).toEqual({ text: '案件编号', encoding: 'gb18030' });
  });

  it('maps common Chinese headers', () => {
    expect(detectMapping(HEADER.split(','))).toMatchObject({
      caseNo: '案件编号',
      code: '问题编码',
      lon: '经度',
      unit: '处置部门',
    });
  });

  it('converts GCJ-02 back to WGS 84 within a metre', () => {
    const [lon, lat] = wgs84ToGcj02(120.92, 31.17);
    expect(Math.abs(lon - 120.92) + Math.abs(lat - 31.17)).toBeGreaterThan(0.003);
    const [backLon, backLat] = gcj02ToWgs84(lon, lat);
    expect(Math.abs(backLon - 120.92)).toBeLessThan(1e-5);
    expect(Math.abs(backLat - 31.17)).toBeLessThan(1e-5);
  });
});

describe('POST /api/cases/import', () => {
  it('previews: encoding, mapping, counts, converted rows and row errors with line numbers, storing nothing', async () => {
    const before = await caseCount();
    const response = await post(form([HEADER, ...good, ...bad].join('\r\n')));
    expect(response.status, await response.clone().text()).toBe(200);
    const body = (await response.json()) as {
      encoding: string;
      mapping: Record<string, string>;
      rowCount: number;
      validCount: number;
      errors: { row: number; field: string; message: string }[];
      sample: { caseNo: string; lon: number; reportedAt: string; status: string; unitId: string | null }[];
    };
    expect(body).toMatchObject({ encoding: 'utf-8', rowCount: 7, validCount: 3 });
    expect(body.mapping.caseNo).toBe('案件编号');
    expect(body.errors.map((error) => `${error.row}:${error.field}`)).toEqual([
      '5:code',
      '6:lon',
      '7:reportedAt',
      '8:caseNo',
    ]);
    expect(body.errors[0]!.message).toMatch(/unknown problem code 99999/);
    expect(body.sample[0]).toMatchObject({
      caseNo: 'P2025-0001',
      reportedAt: '2025-03-04T01:12:00.000Z',
      status: 'closed',
      unitId: 'huanweisuo',
    });
    expect(await caseCount()).toBe(before);
  });

  it('commits atomically: refuses (422, nothing stored) while rows are bad; stores the valid ones with skipInvalid', async () => {
    const before = await caseCount();
    const refused = await post(form([HEADER, ...good, ...bad].join('\n'), { mode: 'commit' }));
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { report: { errorCount: number } }).report.errorCount).toBe(4);
    expect(await caseCount()).toBe(before);
    const committed = await post(form([HEADER, ...good, ...bad].join('\n'), { mode: 'commit', skipInvalid: 'true' }));
    expect(committed.status, await committed.clone().text()).toBe(200);
    expect(await committed.json()).toMatchObject({ inserted: 3, skipped: 4 });
    expect(await caseCount()).toBe(before + 3);
    const [stored] = await server.sql<Record<string, unknown>>("SELECT * FROM cases WHERE case_no = 'P2025-0003'");
    expect(stored).toMatchObject({
      code: '07001',
      description: '=HYPERLINK("x")',
      unit_id: 'chengguanzhongdui',
      status: 'disposing',
    });
    expect(stored!.legacy_label).toBe('宣传广告/非法小广告');
    expect(stored!.grid_code).toMatch(/^\d{15}$/);
    const [market] = await server.sql<{ zone_id: number | null }>(
      "SELECT zone_id FROM cases WHERE case_no = 'P2025-0002'",
    );
    expect(market!.zone_id).not.toBeNull();
  });

  it('is idempotent on 案件编号: importing the same file again adds nothing', async () => {
    const before = await caseCount();
    const again = await post(form([HEADER, ...good].join('\n'), { mode: 'commit' }));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ inserted: 0, existingCount: 3 });
    expect(await caseCount()).toBe(before);
  });

  it('reads a GBK export, takes a mapping the user chose and remembers it for the same layout', async () => {
    const header = 'NO,类别编码,X,Y,发现时间,说明';
    const rows = [
      'G-1,6010,120.9201,31.1702,2025-04-01 08:00,垃圾',
      'G-2,09006,120.9202,31.1703,2025-04-01 09:00,占道',
    ];
    // GBK bytes of the header's Chinese words via a tiny table (the rest is ASCII).
    const text = [header, ...rows].join('\n');
    const gbkTable: Record<string, number[]> = {
      类: [0xc0, 0xe0],
      别: [0xb1, 0xf0],
      编: [0xb1, 0xe0],
      码: [0xc2, 0xeb],
      发: [0xb7, 0xa2],
      现: [0xcf, 0xd6],
      时: [0xca, 0xb1],
      间: [0xbc, 0xe4],
      说: [0xcb, 0xb5],
      明: [0xc3, 0xf7],
      垃: [0xc0, 0xac],
      圾: [0xbb, 0xf8],
      占: [0xd5, 0xbc],
      道: [0xb5, 0xc0],
    };
    const bytes = Uint8Array.from([...text].flatMap((char) => gbkTable[char] ?? [char.charCodeAt(0)]));
    const mapping = { caseNo: 'NO', code: '类别编码', lon: 'X', lat: 'Y', reportedAt: '发现时间', description: '说明' };
    const preview = await post(form(bytes, { mapping: JSON.stringify(mapping), crs: 'gcj02' }));
    expect(preview.status, await preview.clone().text()).toBe(200);
    const body = (await preview.json()) as {
      encoding: string;
      validCount: number;
      sample: { code: string; lon: number }[];
    };
    expect(body).toMatchObject({ encoding: 'gb18030', validCount: 2 });
    expect(body.sample[0]!.code).toBe('06010');
    expect(body.sample[0]!.lon).toBeLessThan(120.9201); // GCJ-02 → WGS 84 moves west here
    expect((await post(form(bytes, { mapping: JSON.stringify(mapping), mode: 'commit' }))).status).toBe(200);
    const remembered = (await (await post(form(bytes))).json()) as {
      mappingFrom: string;
      mapping: Record<string, string>;
    };
    expect(remembered).toMatchObject({ mappingFrom: 'remembered', mapping });
  });

  it('says what is wrong with a bad upload', async () => {
    expect((await server.request('/api/cases/import', { method: 'POST', cookie: admin, json: {} })).status).toBe(415);
    expect((await post(form(`${HEADER}\n`, { mode: 'later' }))).status).toBe(400);
    expect((await post(form(`${HEADER}\n`, { mapping: '{' }))).status).toBe(400);
    expect((await post(form(`${HEADER}\n`, { mapping: '{"caseNo":"nope"}' }))).status).toBe(400);
    expect((await post(form(`${HEADER}\n`, { mapping: '{"bogus":"案件编号"}' }))).status).toBe(400);
    expect((await post(form('single'))).status).toBe(400);
    const empty = new FormData();
    empty.append('mode', 'preview');
    expect((await post(empty)).status).toBe(400);
    const planner = await server.login('planner');
    expect(
      (await server.request('/api/cases/import', { method: 'POST', cookie: planner, body: form(HEADER) })).status,
    ).toBe(403);
  });
});
