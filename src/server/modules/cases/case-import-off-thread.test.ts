import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { whilePollingHealth } from '../../../testing/health-poll';
import { convertRecords, decodeCsv, detectMapping, parseCsvText } from './case-import';

/**
 * M10: the 数字城管 CSV import parses in the import worker threads (docs/quality.md P10), so the
 * server keeps answering while a large export is read.
 */
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
const ROWS = 100_000;

/** A platform-style export of `rows` cases; every 1000th row has an unreadable time. */
function largeExport(rows: number): string {
  const lines = [HEADER];
  for (let index = 0; index < rows; index += 1) {
    const lon = (120.9 + (index % 1000) / 20_000).toFixed(5);
    const lat = (31.15 + Math.floor(index / 1000) / 20_000).toFixed(5);
    const reported = index % 1000 === 999 ? '昨天' : `2025-03-${String(1 + (index % 28)).padStart(2, '0')} 09:12:00`;
    lines.push(
      `G2025-${String(index).padStart(6, '0')},监督员上报,市容环境,暴露垃圾,06010,路口垃圾 ${index},长寿路 ${index} 号,${lon},${lat},${reported},,,,,待受理`,
    );
  }
  return lines.join('\n');
}

describe('M10 the CSV import parses off the main thread', () => {
  it('keeps /api/health answering within 1 s while a 100,000-row preview is parsed, with the same result', async () => {
    const csv = largeExport(ROWS);
    const body = new FormData();
    body.append('mode', 'preview');
    body.append('file', new Blob([new TextEncoder().encode(csv)]), 'export.csv');
    const { response, slowest, answers } = await whilePollingHealth(
      server,
      () => server.request('/api/cases/import', { method: 'POST', cookie: admin, body }),
      50,
    );
    const text = await response.text();
    expect(response.status, text).toBe(200);
    const report = JSON.parse(text) as Record<string, unknown> & { sample: unknown[]; errors: unknown[] };

    // The same answer the main-thread parser gave: computed here with the same functions.
    const { headers, records } = parseCsvText(decodeCsv(new TextEncoder().encode(csv)).text);
    const mapping = detectMapping(headers);
    const campaign = (await (await server.request('/api/campaign', { cookie: admin })).json()) as {
      units: { id: string; name: string }[];
      codes?: unknown;
    };
    const codes = await server.repos.cases.listCodes();
    const expected = convertRecords(headers, records, { mapping, crs: 'wgs84', codes, units: campaign.units });
    expect(report).toMatchObject({
      mode: 'preview',
      encoding: 'utf-8',
      headers,
      mapping,
      mappingFrom: 'detected',
      rowCount: ROWS,
      validCount: expected.rows.length,
      errorCount: expected.errors.length,
      existingCount: 0,
      unknownUnits: expected.unknownUnits,
    });
    expect(report.errorCount).toBe(ROWS / 1000);
    expect(report.errors).toEqual(expected.errors.slice(0, 500));
    expect(report.sample).toEqual(expected.rows.slice(0, 10).map(({ steps: _steps, ...row }) => row));
    // Health was asked while the file was read, and always answered promptly.
    expect(answers).toBeGreaterThan(1);
    expect(slowest).toBeLessThan(1000);
  });
});
