import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { CASE_ACTIONS } from '../../../shared/cases/case';

/** R6 for the case write routes: generated bodies, actions and CSV files never give a 5xx; rejections are problems. */
let server: TestServer;
const cookies: Record<string, string> = {};
let caseId: string;
beforeAll(async () => {
  server = await startTestServer();
  for (const name of ['admin', 'inspector', 'water']) cookies[name] = await server.login(name);
  const response = await server.request('/api/cases', {
    method: 'POST',
    cookie: cookies.inspector,
    json: { code: '06010', lon: 120.92, lat: 31.17, description: '模糊测试' },
  });
  caseId = ((await response.json()) as { id: string }).id;
});
afterAll(async () => {
  await server.close();
});

const text = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom('', ' ', '=1+1', '<b>x</b>', '\u0000', '06010'));
const number = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(120.92, 31.17, Number.MAX_VALUE, -0), text);
const caseBody = fc.record(
  {
    code: fc.oneof(fc.constantFrom('06010', '99999', '6010', ''), text, number),
    lon: number,
    lat: number,
    description: fc.oneof(text, fc.string({ maxLength: 1200 }), number),
    address: fc.oneof(text, number),
    source: fc.oneof(fc.constantFrom('inspector', 'hotline', 'nope'), text),
    selfHandled: fc.oneof(fc.boolean(), text),
    extra: text,
  },
  { requiredKeys: [] },
);
const actionBody = fc.record(
  {
    reason: fc.oneof(text, number),
    unitId: fc.oneof(fc.constantFrom('shuilizhan', 'nobody'), text, number),
    until: fc.oneof(fc.constantFrom('2026-12-01T00:00:00Z', '2026-13-01T00:00:00Z', 'soon'), text),
    note: fc.oneof(text, fc.string({ maxLength: 3000 })),
    other: text,
  },
  { requiredKeys: [] },
);
const rawBody = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
);

async function expectProblemOrOk(response: Response) {
  expect(response.status).toBeLessThan(500);
  if (response.status >= 400) expect(response.headers.get('content-type')).toMatch(/problem\+json/);
  await response.arrayBuffer();
}

describe('generated bad case input (R6)', () => {
  it('POST /api/cases: near-miss and raw bodies', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          caseBody.map((body) => JSON.stringify(body)),
          rawBody,
        ),
        async (body) => {
          const response = await server.request('/api/cases', {
            method: 'POST',
            cookie: cookies.inspector,
            headers: { 'content-type': 'application/json' },
            body,
          });
          await expectProblemOrOk(response);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('POST /api/cases/:id/actions/:action: every action with generated bodies and If-Match headers', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...CASE_ACTIONS, 'nope'),
        fc.constantFrom('admin', 'inspector', 'water'),
        fc.oneof(
          actionBody.map((body) => JSON.stringify(body)),
          rawBody,
        ),
        fc.oneof(fc.constantFrom('"1"', '"2"', 'W/"1"', '*', '"x"', ''), fc.string({ maxLength: 12 })),
        async (action, as, body, ifMatch) => {
          const response = await server.request(`/api/cases/${caseId}/actions/${action}`, {
            method: 'POST',
            cookie: cookies[as],
            headers: { 'content-type': 'application/json', ...(ifMatch ? { 'if-match': ifMatch } : {}) },
            body,
          });
          await expectProblemOrOk(response);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('POST /api/cases/import: generated CSV files and form fields', async () => {
    const csv = fc.oneof(
      fc.string({ maxLength: 400 }),
      fc.uint8Array({ maxLength: 400 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
      fc
        .array(fc.array(fc.oneof(text, number.map(String)), { maxLength: 8 }), { maxLength: 6 })
        .map((rows) => ['案件编号,问题编码,经度,纬度,上报时间', ...rows.map((row) => row.join(','))].join('\n')),
    );
    const fields = fc.record(
      {
        mode: fc.constantFrom('preview', 'commit', 'x'),
        crs: fc.constantFrom('wgs84', 'gcj02', 'bd09'),
        mapping: fc.oneof(
          fc.jsonValue().map((value) => JSON.stringify(value)),
          text,
        ),
        skipInvalid: fc.constantFrom('true', 'false', 'yes'),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(csv, fields, async (file, values) => {
        const form = new FormData();
        for (const [name, value] of Object.entries(values)) form.append(name, value);
        form.append('file', new Blob([file]), 'x.csv');
        const response = await server.request('/api/cases/import', {
          method: 'POST',
          cookie: cookies.admin,
          body: form,
        });
        await expectProblemOrOk(response);
      }),
      { numRuns: 150 },
    );
  });
});
