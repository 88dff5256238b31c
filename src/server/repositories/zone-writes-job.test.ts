import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { startTestServer, type TestServer } from '../../testing/test-server';
import { squarePolygon } from '../../testing/fixtures';
import { writeRefusedProblem } from '../platform/db/write-problems';
import type { ZoneOperation } from '../modules/zones/zone-writes.repo';
import { applyZoneWrites } from './zone-writes-job';

/** The zone-writes worker's job (run here in the test's thread): one transaction, and a busy database refused whole. */
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

const count = (table: string) => (server.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function jobOf(operations: ZoneOperation[], busyTimeoutMs?: number) {
  const texts = operations.map((operation) => JSON.stringify(operation));
  const bytes = new SharedArrayBuffer(texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0));
  const view = Buffer.from(bytes);
  const ends: number[] = [];
  let offset = 0;
  for (const text of texts) ends.push((offset += view.write(text, offset, 'utf8')));
  return {
    file: server.db.name,
    bytes,
    ends,
    actor: { id: null, username: 'planner', ip: null },
    ...(busyTimeoutMs === undefined ? {} : { busyTimeoutMs }),
  };
}

const create = (name: string, lon: number): ZoneOperation => ({
  op: 'create',
  leadUnit: 'shuilizhan',
  reason: '导入自 test.geojson',
  snapshot: {
    name,
    category: 'R3',
    status: 'not_started',
    responsibleUnits: [],
    plannedStart: '2026-06-01',
    plannedEnd: '2026-12-31',
    progress: 0,
    measures: '',
    notes: '',
    village: null,
    geometry: squarePolygon(lon, 31.16, 0.0005),
  },
});

describe('applyZoneWrites (the zone-writes worker job)', () => {
  it('writes every zone, history version and audit entry through its own connection', async () => {
    const before = { zones: count('zones'), versions: count('zone_versions'), audit: count('audit_log') };
    const outcome = await applyZoneWrites(jobOf([create('作业一', 120.861), create('作业二', 120.863)]));
    expect('results' in outcome && outcome.results.map((result) => result.ok)).toEqual([true, true]);
    expect({ zones: count('zones'), versions: count('zone_versions'), audit: count('audit_log') }).toEqual({
      zones: before.zones + 2,
      versions: before.versions + 2,
      audit: before.audit + 2,
    });
  });

  it('another writer holding the database past the timeout: SQLITE_BUSY, nothing saved, answered 503', async () => {
    const before = count('zones');
    const holder = new Database(server.db.name);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const outcome = await applyZoneWrites(jobOf([create('作业三', 120.865)], 100));
      expect('error' in outcome && outcome.error.code).toBe('SQLITE_BUSY');
      const problem = writeRefusedProblem(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }), 'The import');
      expect([problem?.status, problem?.headers?.['Retry-After']]).toEqual([503, '30']);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(count('zones')).toBe(before);
    expect(
      writeRefusedProblem(Object.assign(new Error('x'), { code: 'SQLITE_CONSTRAINT_TRIGGER' }), 'The import')?.status,
    ).toBe(409);
    expect(writeRefusedProblem(new Error('something else'), 'The import')).toBeNull();
  });

  it('a write of the main thread that waits past busy_timeout is a 503 problem, never a 500', async () => {
    const cookie = await server.login('planner');
    const before = count('zones');
    const holder = new Database(server.db.name);
    holder.exec('BEGIN IMMEDIATE');
    try {
      const response = await server.request('/api/zones', {
        method: 'POST',
        cookie,
        json: {
          type: 'Feature',
          geometry: squarePolygon(120.867, 31.16, 0.0005),
          properties: { name: '等待区域', category: 'R3', plannedStart: '2026-06-01', plannedEnd: '2026-12-31' },
        },
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
      expect(response.headers.get('retry-after')).toBe('30');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(count('zones')).toBe(before);
  }, 30_000);
});
