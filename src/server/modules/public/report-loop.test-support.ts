import { expect } from 'vitest';
import type { TestServer } from '../../../testing/test-server';
import { photoForm } from '../../../testing/images';
import { reportCreatedSchema } from '../../../shared/public/reports';

/** Where the loop tests report (inside the town). */
export const HERE = { lon: 120.9212, lat: 31.1708 };

export type CaseDetail = {
  id: string;
  caseNo: string;
  status: string;
  source: string;
  version: number;
  steps: { action: string; note: string | null }[];
};

/** The steps of the residents' loop over HTTP (docs/public.md), as the office (`admin`) and a resident take them. */
export function reportLoop(server: TestServer, admin: string, photo: Buffer) {
  async function newReport(fields: Record<string, string> = {}) {
    const response = await server.request('/api/public/reports', {
      method: 'POST',
      body: photoForm(
        { category: 'garbage', lon: String(HERE.lon), lat: String(HERE.lat), phone: '13812345678', ...fields },
        [{ bytes: photo }],
      ),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    return reportCreatedSchema.parse(await response.json());
  }
  const triage = (id: string, action: string, json?: unknown, cookie = admin) =>
    server.request(`/api/public-reports/${id}/${action}`, { method: 'POST', cookie, ...(json ? { json } : {}) });
  const getCase = async (id: string) =>
    (await (await server.request(`/api/cases/${id}`, { cookie: admin })).json()) as CaseDetail;
  async function act(id: string, action: string, json: Record<string, unknown> = {}) {
    const cityCase = await getCase(id);
    const response = await server.request(`/api/cases/${id}/actions/${action}`, {
      method: 'POST',
      cookie: admin,
      headers: { 'if-match': `"${cityCase.version}"` },
      json,
    });
    expect(response.status, `${action}: ${await response.clone().text()}`).toBe(200);
  }
  /** Accept a pending report into a case, dispatch it to `unitId` and close it: the case id. */
  async function acceptAndClose(reportId: string, unitId: string) {
    const accepted = await triage(reportId, 'accept');
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    const caseId = ((await accepted.json()) as { caseId: string }).caseId;
    await act(caseId, 'register');
    await act(caseId, 'dispatch', { unitId });
    await act(caseId, 'feedback', { note: '已处理' });
    await act(caseId, 'verify');
    await act(caseId, 'close');
    return caseId;
  }
  const answer = (token: string, json: { resolved: boolean; satisfied: boolean; reason?: string }) =>
    server.request(`/api/public/reports/${token}/feedback`, { method: 'POST', json });
  return { newReport, triage, getCase, act, acceptAndClose, answer };
}
