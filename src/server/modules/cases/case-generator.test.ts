import { describe, expect, it } from 'vitest';
import { generateCases, generatorAreaFrom, type GeneratedCase } from '../../../shared/cases/case-generator';
import { applyCaseAction, CASE_STATUSES, type CaseActor, type CaseWorkflowState } from '../../../shared/cases/case';
import { loadCampaignConfig, loadProblemCodes, loadSampleData } from '../../platform/data-files';
import { pointInRing } from '../../../shared/geo/spatial-join';

const codes = loadProblemCodes();
const sample = loadSampleData();
const area = generatorAreaFrom(sample.basemap, sample.places);
const options = {
  count: 3000,
  seed: 42,
  codes,
  area,
  from: '2025-01-01T00:00:00+08:00',
  to: '2026-01-01T00:00:00+08:00',
  now: '2025-12-31T12:00:00+08:00',
};

describe('the synthetic case generator', () => {
  const cases = generateCases(options);

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateCases(options)).toEqual(cases);
    expect(generateCases({ ...options, seed: 43 })[0]).not.toEqual(cases[0]);
  });

  it('flags every case synthetic and says so in the description; case numbers are unique', () => {
    expect(cases.every((cityCase) => cityCase.synthetic && cityCase.description.includes('生成的示例数据'))).toBe(true);
    expect(new Set(cases.map((cityCase) => cityCase.caseNo)).size).toBe(cases.length);
  });

  it('draws codes by the csv weights: 市容环境 most, then 街面秩序, then 宣传广告, then 施工管理', () => {
    const byMajor = new Map<string, number>();
    for (const cityCase of cases)
      byMajor.set(cityCase.code.slice(0, 2), (byMajor.get(cityCase.code.slice(0, 2)) ?? 0) + 1);
    const count = (major: string) => byMajor.get(major) ?? 0;
    expect(count('06')).toBeGreaterThan(count('09'));
    expect(count('09')).toBeGreaterThan(count('07'));
    expect(count('07')).toBeGreaterThan(count('08'));
    expect(new Set(cases.map((cityCase) => cityCase.code)).size).toBeGreaterThan(30);
  });

  it('puts every point inside the town outline and clusters them (hot spots)', () => {
    const ring = new Float64Array(area.outline.flat());
    expect(cases.every((cityCase) => pointInRing(ring, cityCase.lon, cityCase.lat) !== 0)).toBe(true);
    // Clustering: the busiest 5 % of 200 m cells hold far more than 5 % of the cases.
    const cells = new Map<string, number>();
    for (const cityCase of cases) {
      const key = `${Math.floor(cityCase.lon / 0.002)}:${Math.floor(cityCase.lat / 0.0018)}`;
      cells.set(key, (cells.get(key) ?? 0) + 1);
    }
    const sorted = [...cells.values()].sort((a, b) => b - a);
    const top = sorted.slice(0, Math.ceil(sorted.length * 0.05)).reduce((sum, n) => sum + n, 0);
    expect(top / cases.length).toBeGreaterThan(0.2);
  });

  it('reports within the range, more on working days and in working hours (Asia/Shanghai)', () => {
    const from = Date.parse(options.from);
    const to = Date.parse(options.to);
    expect(
      cases.every((cityCase) => Date.parse(cityCase.reportedAt) >= from && Date.parse(cityCase.reportedAt) < to),
    ).toBe(true);
    const localHour = (cityCase: GeneratedCase) =>
      new Date(Date.parse(cityCase.reportedAt) + 8 * 3_600_000).getUTCHours();
    const day = cases.filter((cityCase) => localHour(cityCase) >= 8 && localHour(cityCase) < 18).length;
    expect(day / cases.length).toBeGreaterThan(0.6);
    const weekend = cases.filter((cityCase) =>
      [0, 6].includes(new Date(Date.parse(cityCase.reportedAt) + 8 * 3_600_000).getUTCDay()),
    );
    expect(weekend.length / cases.length).toBeLessThan(2 / 7);
  });

  it('dispatches to campaign units by code', () => {
    const units = new Set(loadCampaignConfig().units.map((unit) => unit.id));
    expect(codes.every((code) => units.has(code.defaultUnit))).toBe(true);
    for (const cityCase of cases)
      if (cityCase.unitId) expect(cityCase.unitId).toBe(codes.find((c) => c.code === cityCase.code)!.defaultUnit);
  });

  it('makes step histories the workflow rules accept, ending in the case’s status, times in order', () => {
    const roles: Record<string, CaseActor> = { admin: 'office', inspector: 'inspector', unit: 'unit' };
    for (const cityCase of cases) {
      const [report, ...steps] = cityCase.steps;
      expect(report!.action).toBe('report');
      let state: CaseWorkflowState = {
        status: 'reported',
        suspended: false,
        suspendedAt: null,
        unitId: null,
        deadlineAt: null,
        extensionRequest: null,
        extensionCount: 0,
        reworkCount: 0,
        registeredAt: null,
        dispatchedAt: null,
        disposedAt: null,
        closedAt: null,
      };
      let previous = report!.at;
      for (const step of steps) {
        expect(step.at >= previous, `${cityCase.caseNo} ${step.action}`).toBe(true);
        previous = step.at;
        const code = codes.find((c) => c.code === cityCase.code)!;
        const body = {
          reason: step.note ?? '原因',
          unitId: cityCase.unitId ?? undefined,
          until: step.action === 'request_extension' ? cityCase.deadlineAt! : undefined,
        };
        const result = applyCaseAction(
          state,
          step.action as never,
          roles[step.actorRole]!,
          body,
          step.at,
          code.timeLimitHours,
        );
        expect(result.ok, `${cityCase.caseNo}: ${step.action} from ${state.status}`).toBe(true);
        if (result.ok) state = { ...state, ...result.change.patch };
      }
      expect(state.status).toBe(cityCase.status);
      expect(state.suspended).toBe(cityCase.suspended);
      expect(state.reworkCount).toBe(cityCase.reworkCount);
      expect(state.extensionCount).toBe(cityCase.extensionCount);
      expect(state.deadlineAt).toBe(cityCase.deadlineAt);
      expect(CASE_STATUSES).toContain(cityCase.status);
    }
    // A year's cases seen at year end: mostly closed, some open, some of each side flow.
    const closed = cases.filter((cityCase) => cityCase.status === 'closed').length;
    expect(closed / cases.length).toBeGreaterThan(0.8);
    expect(cases.some((cityCase) => cityCase.reworkCount > 0)).toBe(true);
    expect(cases.some((cityCase) => cityCase.extensionCount > 0)).toBe(true);
    expect(cases.some((cityCase) => cityCase.status === 'voided')).toBe(true);
    expect(cases.some((cityCase) => cityCase.steps.some((step) => step.action === 'self_handle'))).toBe(true);
  });
});
