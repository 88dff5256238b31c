import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { whilePollingHealth } from '../../../testing/health-poll';
import { FIXTURE_ZONES } from '../../../testing/fixtures';
import { syntheticZones } from '../../../testing/synthetic-zones';
import { makeTestPhoto, photoForm } from '../../../testing/images';
import { parseCsv } from '../../../testing/csv';
import { seededRandom } from '../../../shared/cases/case-generator';
import { loadCampaignConfig } from '../../platform/data-files';
import { HttpProblem } from '../../platform/problem';
import { GIS_EXPORT_FORMATS, exportZones, type GisExportFormat } from './export/formats';
import { createExportWorkers, OFF_THREAD_MIN_RECORDS, packRows } from './export/off-thread';

/*
 * A county's exports are written in worker threads (export/off-thread.ts, docs/quality.md P10): /api/health keeps
 * answering while 3,000 zones become a KML file or a ledger workbook, and the files are those of the in-thread
 * writers. On the old in-thread code one health answer waited ≥ 600 ms for the KML and ≥ 1.5 s for the workbook here.
 */
const SYNTHETIC = 3_000;
const HEALTH_BOUND_MS = 400;
const JOB_MODULE = new URL('./export/export-job.ts', import.meta.url).href;

let server: TestServer;
let cookie: string;
beforeAll(async () => {
  server = await startTestServer({
    sample: {
      zones: [...FIXTURE_ZONES, ...syntheticZones(SYNTHETIC, loadCampaignConfig(), seededRandom(17))],
      basemap: [],
      places: [],
    },
  });
  cookie = await server.login('leader');
  // A before photo on a zone, so the workbook written in the worker embeds a thumbnail the request read.
  const planner = await server.login('planner');
  const photo = await server.request('/api/zones/1/photos', {
    method: 'POST',
    cookie: planner,
    body: photoForm({ phase: 'before' }, [{ bytes: await makeTestPhoto({ width: 64, height: 48 }) }]),
  });
  expect(photo.status, await photo.clone().text()).toBe(201);
}, 60_000);
afterAll(async () => {
  await server.close();
});

/** Send `send` while polling /api/health; its 200 answer's bytes and the slowest health answer. */
async function whilePolling(send: () => Promise<Response>) {
  const { response, slowest, answers } = await whilePollingHealth(server, send);
  expect(response.status, response.status === 200 ? '' : await response.clone().text()).toBe(200);
  return { body: Buffer.from(await response.arrayBuffer()), slowest, answers };
}

describe('exports of a county, written off the event loop', () => {
  it('a KML of every zone while /api/health keeps answering', async () => {
    const zones = await server.repos.zones.listZones({}, server.today);
    expect(zones.length).toBeGreaterThanOrEqual(OFF_THREAD_MIN_RECORDS.features);
    const { body, slowest, answers } = await whilePolling(() => server.request('/api/export/zones.kml', { cookie }));
    console.info(`health while ${zones.length} zones became KML: slowest ${slowest.toFixed(0)} ms of ${answers}`);
    expect(answers).toBeGreaterThan(1);
    expect(slowest).toBeLessThan(HEALTH_BOUND_MS);
    const text = body.toString('utf8');
    expect(text.match(/<Placemark /g)?.length).toBe(zones.length);
    expect(text).toContain('合成区域 3000');
  });

  it('the GeoJSON from the worker is byte for byte the in-thread one', async () => {
    const response = await server.request('/api/export/zones.geojson', { cookie });
    expect(response.status).toBe(200);
    const zones = await server.repos.zones.listZones({}, server.today);
    const campaign = (await server.repos.campaign.getCampaign(server.today))!;
    const inThread = exportZones('geojson', zones, campaign, new Date());
    expect(Buffer.from(await response.arrayBuffer()).equals(inThread)).toBe(true);
  });

  it('the ledger workbook and CSV of every zone while /api/health keeps answering', async () => {
    const zones = await server.repos.zones.listZones({}, server.today);
    const { body, slowest, answers } = await whilePolling(() => server.request('/api/reports/ledger.xlsx', { cookie }));
    console.info(`health while the ledger workbook was written: slowest ${slowest.toFixed(0)} ms of ${answers}`);
    expect(answers).toBeGreaterThan(1);
    expect(slowest).toBeLessThan(HEALTH_BOUND_MS);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
    const names = new Set<string>();
    for (const sheet of workbook.worksheets) {
      const column = (sheet.getRow(7).values as unknown[]).indexOf('整治区域');
      for (let row = 8; row <= sheet.rowCount; row += 1) {
        const value = sheet.getCell(row, column).value;
        if (typeof value === 'string' && value) names.add(value);
      }
    }
    expect(names.size).toBe(zones.length);
    // The thumbnail the request read went to the worker and into the file.
    expect(workbook.model.media.length).toBe(1);

    const csv = await whilePolling(() => server.request('/api/reports/ledger.csv', { cookie }));
    expect(csv.slowest).toBeLessThan(HEALTH_BOUND_MS);
    const rows = parseCsv(csv.body.toString('utf8').replace(/^\uFEFF/, ''));
    const column = rows[0]!.indexOf('整治区域');
    expect(
      new Set(
        rows
          .slice(1)
          .map((row) => row[column])
          .filter(Boolean),
      ).size,
    ).toBe(zones.length);
  });
});

describe('the export workers', () => {
  const modified = new Date('2026-06-15T04:00:00Z');

  it('write every format byte for byte as the request thread does', async () => {
    const workers = createExportWorkers();
    try {
      const zones = (await server.repos.zones.listZones({}, server.today)).slice(0, 200);
      const campaign = (await server.repos.campaign.getCampaign(server.today))!;
      for (const format of Object.keys(GIS_EXPORT_FORMATS) as GisExportFormat[]) {
        const inThread = exportZones(format, zones, campaign, modified);
        const offThread = await workers.write(
          zones.length,
          0,
          {
            module: JOB_MODULE,
            name: 'writeZonesFile',
            input: { format, zones: await packRows(zones), campaign, modified },
          },
          () => {
            throw new Error('written in the thread');
          },
        );
        expect(offThread.equals(inThread), format).toBe(true);
      }
    } finally {
      await workers.close();
    }
  });

  it('write one file at a time with four in line; more get a 503 with Retry-After, a fault a plain error', async () => {
    const workers = createExportWorkers();
    try {
      const zones = (await server.repos.zones.listZones({}, server.today)).slice(0, 50);
      const campaign = (await server.repos.campaign.getCampaign(server.today))!;
      const input = { format: 'kml', zones: await packRows(zones), campaign, modified };
      const job = { module: JOB_MODULE, name: 'writeZonesFile', input };
      const inThread = () => Buffer.alloc(0);
      const outcomes = await Promise.allSettled(Array.from({ length: 6 }, () => workers.write(1, 0, job, inThread)));
      expect(outcomes.slice(0, 5).map((outcome) => outcome.status)).toEqual(Array(5).fill('fulfilled'));
      const busy = outcomes[5] as PromiseRejectedResult;
      expect(busy.reason).toBeInstanceOf(HttpProblem);
      expect((busy.reason as HttpProblem).status).toBe(503);
      expect((busy.reason as HttpProblem).headers).toEqual({ 'Retry-After': '30' });

      const fault = workers.write(1, 0, { ...job, name: 'noSuchWriter' }, inThread);
      await expect(fault).rejects.toThrow(/export's worker failed/);
      await expect(fault).rejects.not.toBeInstanceOf(HttpProblem);
      // Below the threshold the file is written here.
      expect(await workers.write(1, 2, job, () => Buffer.from('here'))).toEqual(Buffer.from('here'));
    } finally {
      await workers.close();
    }
  });
});
