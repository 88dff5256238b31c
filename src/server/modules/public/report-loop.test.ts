import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { makeTestPhoto, photoForm } from '../../../testing/images';
import { HERE, reportLoop } from './report-loop.test-support';
import { followedReportSchema, triageListSchema } from '../../../shared/public/reports';
import { privateKeysIn } from './private-keys.test-support';

/**
 * The loop over HTTP, on either engine: a resident reports → the office triages it into a case (公众举报) → the case
 * is dispatched and closed with an after-photo → the reporter sees it and answers 不满意 → the case is back in 核查.
 */
let server: TestServer;
let admin: string;
let photo: Buffer;

beforeAll(async () => {
  server = await startTestServer({
    auth: { publicSite: true },
    app: { publicLimits: { reportsPerAddressPerHour: 1000, actionsPerAddressPerHour: 1000 } },
  });
  admin = await server.login('admin');
  photo = await makeTestPhoto({ width: 64, height: 48, position: HERE });
});
afterAll(async () => {
  await server.close();
});

const loop = () => reportLoop(server, admin, photo);
const follow = async (token: string) => {
  const body: unknown = await (await server.request(`/api/public/reports/${token}`)).json();
  expect(privateKeysIn(body)).toEqual([]);
  return followedReportSchema.parse(body);
};

describe('closing the loop', () => {
  it('report → triage → case → close with an after-photo → 不满意 → the case is back in 核查', async () => {
    const { newReport, triage, getCase, act } = loop();
    const { token, id } = await newReport({ description: '河边垃圾没人清' });

    // The queue is the office's: it alone sees the phone number.
    const queue = await server.request('/api/public-reports?status=pending', { cookie: admin });
    expect(queue.status).toBe(200);
    const entry = triageListSchema.parse(await queue.json()).reports.find((report) => report.id === id)!;
    expect(entry).toMatchObject({
      phone: '13812345678',
      description: '河边垃圾没人清',
      code: '06010',
      status: 'pending',
    });
    expect((await server.request('/api/public-reports', { cookie: await server.login('leader') })).status).toBe(403);

    // Not closed yet: no answer taken.
    const early = await server.request(`/api/public/reports/${token}/feedback`, {
      method: 'POST',
      json: { resolved: false, satisfied: false, reason: '还没处理' },
    });
    expect(early.status).toBe(409);

    const accepted = await triage(id, 'accept');
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    const caseId = ((await accepted.json()) as { caseId: string }).caseId;
    expect((await triage(id, 'reject', { reason: '重复' })).status).toBe(409);
    const cityCase = await getCase(caseId);
    expect(cityCase).toMatchObject({ source: 'public', status: 'reported' });
    expect((await follow(token)).status).toBe('accepted');

    await act(caseId, 'register');
    await act(caseId, 'dispatch', { unitId: 'huanweisuo' });
    await act(caseId, 'feedback', { note: '已清理' });
    await act(caseId, 'verify');
    await act(caseId, 'close');
    const after = await server.request(`/api/public-reports/${id}/after-photo`, {
      method: 'POST',
      cookie: admin,
      body: photoForm({}, [{ bytes: await makeTestPhoto({ width: 80, height: 60, position: HERE }) }]),
    });
    expect(after.status, await after.clone().text()).toBe(201);

    const closed = await follow(token);
    expect(closed.status).toBe('closed');
    expect(closed.afterPhoto).toMatch(new RegExp(`^/api/public/reports/${token}/photos/\\d+$`));
    expect((await server.request(closed.afterPhoto!)).headers.get('content-type')).toBe('image/jpeg');

    // 不满意 needs a reason; with one, the case goes back to 处理反馈 for 核查.
    const noReason = await server.request(`/api/public/reports/${token}/feedback`, {
      method: 'POST',
      json: { resolved: false, satisfied: false },
    });
    expect(noReason.status).toBe(400);
    const answered = await server.request(`/api/public/reports/${token}/feedback`, {
      method: 'POST',
      json: { resolved: false, satisfied: false, reason: '垃圾又堆起来了' },
    });
    expect(answered.status, await answered.clone().text()).toBe(201);
    expect(followedReportSchema.parse(await answered.json()).feedback).toMatchObject({
      resolved: false,
      satisfied: false,
    });
    const reopened = await getCase(caseId);
    expect(reopened.status).toBe('feedback');
    expect(reopened.steps.at(-1)).toMatchObject({ action: 'reopen', note: '垃圾又堆起来了' });
    const again = await server.request(`/api/public/reports/${token}/feedback`, {
      method: 'POST',
      json: { resolved: true, satisfied: true },
    });
    expect(again.status).toBe(409);
  });

  it('merges into an open case, rejects with a reason the reporter reads', async () => {
    const { newReport, triage } = loop();
    const { token: mergedToken, id: merged } = await newReport({ category: 'flyer' });
    const { id: other } = await newReport({ category: 'flyer' });
    const accepted = (await (await triage(other, 'accept')).json()) as { caseId: string };
    const merge = await triage(merged, 'merge', { caseId: accepted.caseId });
    expect(merge.status, await merge.clone().text()).toBe(200);
    expect(await merge.json()).toMatchObject({ status: 'merged', caseId: accepted.caseId });
    expect((await follow(mergedToken)).status).toBe('merged');
    expect((await triage(merged, 'merge', { caseId: '999999' })).status).toBe(404);

    const { token, id } = await newReport({ category: 'parking' });
    expect((await triage(id, 'reject', {})).status).toBe(400);
    expect((await triage(id, 'reject', { reason: '不属于环境整治范围，请拨打12345' })).status).toBe(200);
    expect(await follow(token)).toMatchObject({ status: 'rejected', rejectReason: '不属于环境整治范围，请拨打12345' });
    // A rejected report is not offered as 我也遇到.
    expect((await server.request(`/api/public/reports/${id}/me-too`, { method: 'POST' })).status).toBe(409);
  });
});
