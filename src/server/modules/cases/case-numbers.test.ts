import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';

/** Case numbers JX<day><serial>: allocated from a counter per day, never colliding with imported ones. */
let server: TestServer;
let admin: string;
let inspector: string;
beforeAll(async () => {
  server = await startTestServer();
  admin = await server.login('admin');
  inspector = await server.login('inspector');
});
afterAll(async () => {
  await server.close();
});

const HEADER =
  '案件编号,问题来源,大类,小类,问题编码,问题描述,发生地址,经度,纬度,上报时间,派遣时间,处置部门,处置时间,结案时间,案件状态';
const create = (cookie: string) =>
  server.request('/api/cases', {
    method: 'POST',
    cookie,
    json: { code: '06010', lon: 120.9205, lat: 31.1705, description: '路边暴露垃圾' },
  });
const numbersOf = async (responses: Response[]) =>
  Promise.all(
    responses.map(async (response) => {
      expect(response.status, await response.clone().text()).toBe(201);
      return ((await response.json()) as { caseNo: string }).caseNo;
    }),
  );

describe('M5 case numbers are count + 1', () => {
  it('an imported JX<today>0003 is skipped: 5 new cases that day are all 201 with distinct numbers', async () => {
    const day = server.today.replaceAll('-', '');
    const imported = `JX${day}0003`;
    const form = new FormData();
    form.append('mode', 'commit');
    const row = `${imported},监督员上报,市容环境,暴露垃圾,06010,路口垃圾,长寿路,120.9201,31.1702,${server.today} 09:12:00,,,,,待受理`;
    form.append('file', new Blob([new TextEncoder().encode(`${HEADER}\n${row}`)]), 'export.csv');
    const committed = await server.request('/api/cases/import', { method: 'POST', cookie: admin, body: form });
    expect(committed.status, await committed.clone().text()).toBe(200);
    expect(await committed.json()).toMatchObject({ inserted: 1 });

    const numbers: string[] = [];
    for (let i = 0; i < 5; i += 1) numbers.push(...(await numbersOf([await create(inspector)])));
    expect(new Set(numbers).size).toBe(5);
    expect(numbers).not.toContain(imported);
    for (const number of numbers) expect(number).toMatch(new RegExp(`^JX${day}\\d{4}$`));
  });

  it('20 parallel creates get 20 distinct numbers', async () => {
    const numbers = await numbersOf(await Promise.all(Array.from({ length: 20 }, () => create(admin))));
    expect(new Set(numbers).size).toBe(20);
    const [stored] = await server.sql<{ n: number; total: number }>(
      'SELECT count(DISTINCT case_no) AS n, count(*) AS total FROM cases',
    );
    expect(stored!.n).toBe(stored!.total);
  });
});
