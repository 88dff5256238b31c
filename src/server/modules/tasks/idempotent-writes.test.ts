import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';

/**
 * Writes the outbox sends again after an interrupted send (docs/field.md): a task note, a 数字城管 case report and a
 * 积水点 record with the same Idempotency-Key are made once and answered alike; on both engines.
 */
let server: TestServer;
let water: string;
let inspector: string;
let task: string;

beforeAll(async () => {
  server = await startTestServer();
  [water, inspector] = await Promise.all([server.login('water'), server.login('inspector')]);
  task = (
    await server.sql<{ id: string }>(
      "SELECT CAST(t.id AS TEXT) AS id FROM tasks t JOIN zones z ON z.id = t.zone_id WHERE z.category = 'R4' ORDER BY t.id",
    )
  )[0]!.id;
});
afterAll(async () => {
  await server.close();
});

const count = async (sql: string, ...params: unknown[]) =>
  Number((await server.sql<{ n: number }>(`SELECT count(*) AS n FROM (${sql}) AS counted`, ...params))[0]!.n);
const send = (path: string, cookie: string, json: unknown, key?: string) =>
  server.request(path, {
    method: 'POST',
    cookie,
    json,
    ...(key ? { headers: { 'idempotency-key': key } } : {}),
  });

describe('writes sent again with the same Idempotency-Key', () => {
  it('adds a task note once, and answers the resend with the first answer', async () => {
    const notes = () => count("SELECT id FROM task_updates WHERE task_id = ? AND kind = 'note'", Number(task));
    const before = await notes();
    const first = await send(`/api/tasks/${task}/notes`, water, { note: '现场已清理' }, 'note-1');
    expect(first.status, await first.clone().text()).toBe(201);
    const resent = await send(`/api/tasks/${task}/notes`, water, { note: '现场已清理' }, 'note-1');
    expect(resent.status).toBe(201);
    expect(resent.headers.get('idempotent-replayed')).toBe('true');
    expect(await resent.json()).toEqual(await first.json());
    expect(await notes()).toBe(before + 1);
    // Without a key, or with a new one, a note is a new note.
    expect((await send(`/api/tasks/${task}/notes`, water, { note: '再补一句' }, 'note-2')).status).toBe(201);
    expect(await notes()).toBe(before + 2);
    // A refused write frees its key: sent again right, it is made.
    expect((await send(`/api/tasks/${task}/notes`, water, { note: ' ' }, 'note-3')).status).toBe(400);
    expect((await send(`/api/tasks/${task}/notes`, water, { note: '补充' }, 'note-3')).status).toBe(201);
    expect(await notes()).toBe(before + 3);
  });

  it('makes one 数字城管 case and one 积水点 record per key; a key is for one kind of write', async () => {
    const report = { code: '06010', lon: 120.9205, lat: 31.1705, description: '路边暴露垃圾' };
    const cases = () => count('SELECT id FROM cases');
    const before = await cases();
    const first = await send('/api/cases', inspector, report, 'case-1');
    expect(first.status, await first.clone().text()).toBe(201);
    const resent = await send('/api/cases', inspector, report, 'case-1');
    expect(resent.status).toBe(201);
    expect(resent.headers.get('location')).toBe(first.headers.get('location'));
    expect(resent.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(await cases()).toBe(before + 1);

    const points = {
      occurredOn: '2026-06-14',
      rainfallMm: 40,
      points: [{ coordinates: [120.921, 31.171], depthCm: 20 }],
    };
    const events = () => count('SELECT id FROM flood_events');
    const eventsBefore = await events();
    const event = await send('/api/flood-events', water, points, 'flood-1');
    expect(event.status, await event.clone().text()).toBe(201);
    expect((await send('/api/flood-events', water, points, 'flood-1')).status).toBe(201);
    expect(await events()).toBe(eventsBefore + 1);

    // The same key for another kind of write: refused, nothing made.
    const reused = await send(`/api/tasks/${task}/notes`, water, { note: '同一个键' }, 'flood-1');
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toMatch(/problem\+json/);
    // Keys are per user: another user's same key is their own write.
    expect((await send('/api/cases', inspector, report, 'note-1')).status).toBe(201);
    expect(await cases()).toBe(before + 2);
    const malformed = await send('/api/cases', inspector, report, 'has space');
    expect(malformed.status).toBe(400);
  });
});
