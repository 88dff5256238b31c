import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { makeTestPhoto } from '../../../testing/images';
import { assessmentReportSchema } from '../../../shared/reports/assessment';
import { HERE, reportLoop } from './report-loop.test-support';

/**
 * The residents' indicators of the 年考核 (docs/assessment.md, "Residents") from feedback given over HTTP, on either
 * engine: four reports taken into cases, three dispatched to 环卫所 and one to 城管中队, one 我也遇到, answers.
 */
let server: TestServer;
let loop: ReturnType<typeof reportLoop>;

beforeAll(async () => {
  server = await startTestServer({
    auth: { publicSite: true },
    app: { publicLimits: { reportsPerAddressPerHour: 1000, actionsPerAddressPerHour: 1000 } },
  });
  const admin = await server.login('admin');
  loop = reportLoop(server, admin, await makeTestPhoto({ width: 64, height: 48, position: HERE }));
});
afterAll(async () => {
  await server.close();
});

describe('satisfaction and participation in the 年考核', () => {
  it('counts each answer for the unit its case was dispatched to, satisfaction from three answers on', async () => {
    const before = assessmentReportSchema.parse(
      await (await server.request('/api/assessment', { cookie: await server.login('leader') })).json(),
    );
    const reports = [];
    for (let index = 0; index < 4; index += 1) reports.push(await loop.newReport());
    const meToo = await server.request(`/api/public/reports/${reports[0]!.id}/me-too`, { method: 'POST' });
    expect(meToo.status).toBe(200);
    for (const [index, report] of reports.entries()) {
      await loop.acceptAndClose(report.id, index < 3 ? 'huanweisuo' : 'chengguanzhongdui');
    }
    const answers = [
      { resolved: true, satisfied: true },
      { resolved: true, satisfied: true },
      { resolved: false, satisfied: false, reason: '还是脏' },
      { resolved: true, satisfied: true },
    ];
    for (const [index, report] of reports.entries()) {
      const response = await loop.answer(report.token, answers[index]!);
      expect(response.status, await response.clone().text()).toBe(201);
    }

    const response = await server.request('/api/assessment', { cookie: await server.login('leader') });
    expect(response.status).toBe(200);
    const report = assessmentReportSchema.parse(await response.json());
    const unit = (id: string) => report.units.find((entry) => entry.unit === id)!.indicators;
    const added = (id: string) => {
      const was = before.units.find((entry) => entry.unit === id)!.indicators;
      const now = unit(id);
      return { reports: now.residentReports - was.residentReports, feedback: now.feedback - was.feedback };
    };
    // The sample data may hold residents' answers of its own: this test's add up on top of them.
    expect(added('huanweisuo')).toEqual({ reports: 3, feedback: 3 });
    expect(added('chengguanzhongdui')).toEqual({ reports: 1, feedback: 1 });
    const huanwei = unit('huanweisuo');
    expect(huanwei.satisfaction).toBeCloseTo(huanwei.satisfied / huanwei.feedback, 10);
    expect(huanwei.feedback).toBeGreaterThanOrEqual(3);
    // One answer of 城管中队 from this test: below the minimum of three unless the sample had more.
    const chengguan = unit('chengguanzhongdui');
    expect(chengguan.satisfaction).toBe(
      chengguan.feedback >= report.config.minFeedback! ? chengguan.satisfied / chengguan.feedback : null,
    );
    // Participation: reports + 我也遇到 + answers, as a share of the unit with the most.
    const counts = report.units.map(
      (entry) => entry.indicators.residentReports + entry.indicators.meToo + entry.indicators.feedback,
    );
    const most = Math.max(...counts);
    expect(huanwei.participation).toBeCloseTo((huanwei.residentReports + huanwei.meToo + huanwei.feedback) / most, 10);
    expect(report.residents.reports - before.residents.reports).toBe(4);
    expect(report.residents.meToo - before.residents.meToo).toBe(1);
    expect(report.residents.feedback - before.residents.feedback).toBe(4);
    expect(report.residents.satisfied - before.residents.satisfied).toBe(3);
    // The most participation is a 表彰 candidate.
    const top = report.units.reduce((best, entry, index) =>
      counts[index]! > counts[report.units.indexOf(best)]! ? entry : best,
    );
    expect(report.commendations.find((entry) => entry.category === 'participation')?.unit).toBe(top.unit);
  });
});
