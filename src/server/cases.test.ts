import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import type { CaseCodesResponse } from '../shared/case';
import { loadProblemCodes } from './data-files';

/** 数字城管 cases over real HTTP: the code list, the grid, the workflow, import, join and indicators. */
let server: TestServer;
const cookies: Record<string, string> = {};
beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'planner', 'leader', 'inspector', 'water', 'jianguan', 'chengguan'])
    cookies[name] = await server.login(name);
});
afterAll(async () => {
  await server.close();
});

describe('the case code list', () => {
  it('loads data/problem-codes.csv with every example code of domain.md §5', () => {
    const codes = loadProblemCodes();
    const examples = [
      '06010',
      '06011',
      '06025',
      '06026',
      '06030',
      '06046',
      '07001',
      '07003',
      '07006',
      '08004',
      '08007',
      '08012',
      '09005',
      '09006',
      '09009',
      '09020',
      '01003',
      '01004',
      '01067',
      '01071',
      '01072',
      '01073',
      '03006',
      '03007',
    ];
    for (const code of examples) expect(codes.find((entry) => entry.code === code)?.source, code).toBe('domain-md');
    expect(codes.find((entry) => entry.code === '06010')).toMatchObject({
      kind: '事项',
      majorName: '市容环境类',
      name: '暴露垃圾',
    });
    expect(codes.find((entry) => entry.code === '01004')).toMatchObject({ kind: '部件', name: '雨水箅子' });
  });

  it('serves the code list to everyone signed in, not to visitors', async () => {
    const response = await server.request('/api/case-codes', { cookie: cookies.inspector });
    expect(response.status).toBe(200);
    const body = (await response.json()) as CaseCodesResponse;
    expect(body.codes.length).toBe(loadProblemCodes().length);
    expect(body.codes[0]).toHaveProperty('timeLimitHours');
    expect((await server.request('/api/case-codes')).status).toBe(401);
  });
});

describe('the illustrative grid', () => {
  it('has 15-digit codes made of a village code and a serial, each cell of one village', () => {
    const rows = server.db.prepare('SELECT code, village_code, illustrative FROM grids').all() as {
      code: string;
      village_code: string;
      illustrative: number;
    }[];
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.code).toMatch(/^\d{15}$/);
      expect(row.code.startsWith(row.village_code)).toBe(true);
      expect(row.illustrative).toBe(1);
    }
  });
});
