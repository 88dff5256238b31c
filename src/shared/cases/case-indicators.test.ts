import { describe, expect, it } from 'vitest';
import {
  caseComposite,
  caseGrade,
  caseIndicatorsByUnit,
  caseRates,
  countCases,
  type CaseFact,
} from './case-indicators';
import { assessUnits, compositeScore, unitIndicators } from '../reports/assessment';
import { DEFAULT_ASSESSMENT_CONFIG } from '../campaign/campaign';

const fact = (extra: Partial<CaseFact>): CaseFact => ({
  unitId: 'huanweisuo',
  status: 'dispatched',
  suspended: false,
  deadlineAt: '2026-06-11T00:00:00Z',
  disposedAt: null,
  closedAt: null,
  extensionCount: 0,
  reworkCount: 0,
  ...extra,
});
const AS_OF = '2026-07-01T00:00:00Z';
/** The worked example of docs/cases.md. */
const EXAMPLE: CaseFact[] = [
  // 1 closed, disposed on time
  fact({ status: 'closed', disposedAt: '2026-06-10T00:00:00Z', closedAt: '2026-06-12T00:00:00Z' }),
  // 2 closed, disposed a day late, reworked once
  fact({ status: 'closed', disposedAt: '2026-06-12T00:00:00Z', closedAt: '2026-06-13T00:00:00Z', reworkCount: 1 }),
  // 3 disposed on time (after an extension), waiting for 核查
  fact({
    status: 'feedback',
    deadlineAt: '2026-06-21T00:00:00Z',
    disposedAt: '2026-06-20T00:00:00Z',
    extensionCount: 1,
  }),
  // 4 not disposed, past its deadline: 超期待处置
  fact({ status: 'disposing', deadlineAt: '2026-06-25T00:00:00Z' }),
  // 5 suspended (缓办), past its deadline but not overdue
  fact({ status: 'disposing', suspended: true, deadlineAt: '2026-06-20T00:00:00Z' }),
  // 6 dispatched, deadline after asOf
  fact({ status: 'dispatched', deadlineAt: '2026-07-05T00:00:00Z' }),
  // 7 voided and 8 never dispatched: not counted
  fact({ status: 'voided' }),
  fact({ status: 'reported', unitId: null, deadlineAt: null }),
];

describe('case indicators (docs/domain.md §5) on a worked example', () => {
  it('counts by hand: 应处置数 6, 缓办 1, 处置 3 (按期 2), 结案 2 (按期 1), 返工 1, 延期 1, 超期待处置 1', () => {
    expect(countCases(EXAMPLE, AS_OF)).toEqual({
      due: 6,
      suspended: 1,
      disposed: 3,
      disposedOnTime: 2,
      closed: 2,
      closedOnTime: 1,
      reworked: 1,
      extended: 1,
      overdueOpen: 1,
    });
  });

  it('rates: 结案率 2/(6−1), 按期结案率 1/5, 处置率 3/6, 按期处置率 2/6, 返工率, 超期待处置率, 延期率 1/6 each', () => {
    const rates = caseRates(countCases(EXAMPLE, AS_OF));
    expect(rates.closeRate).toBeCloseTo(0.4, 10);
    expect(rates.closeOnTimeRate).toBeCloseTo(0.2, 10);
    expect(rates.disposeRate).toBeCloseTo(0.5, 10);
    expect(rates.disposeOnTimeRate).toBeCloseTo(2 / 6, 10);
    expect(rates.reworkRate).toBeCloseTo(1 / 6, 10);
    expect(rates.overdueOpenRate).toBeCloseTo(1 / 6, 10);
    expect(rates.extensionRate).toBeCloseTo(1 / 6, 10);
  });

  it('composite 0.5×30 + (2/6)×20 + (5/6)×20 + (5/6)×20 + (5/6)×10 = 63.3 → grade C', () => {
    // 15 + 6.667 + 16.667 + 16.667 + 8.333 = 63.333
    const composite = caseComposite(caseRates(countCases(EXAMPLE, AS_OF)));
    expect(composite).toBe(63.3);
    expect(caseGrade(composite)).toBe('C');
    expect([95, 80, 61, 40, 39.9].map((score) => caseGrade(score))).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('a perfect unit scores 100 (A); weights are configurable', () => {
    const perfect = [fact({ status: 'closed', disposedAt: '2026-06-10T00:00:00Z', closedAt: '2026-06-10T00:00:00Z' })];
    expect(caseComposite(caseRates(countCases(perfect, AS_OF)))).toBe(100);
    // Only 按期处置率 weighted: 2/6 → 33.3.
    const onlyOnTime = { disposeRate: 0, disposeOnTimeRate: 1, reworkRate: 0, overdueOpenRate: 0, extensionRate: 0 };
    expect(caseComposite(caseRates(countCases(EXAMPLE, AS_OF)), onlyOnTime)).toBe(33.3);
  });

  it('is not applicable (null, never 0 %) without cases; all suspended leaves 结案率 null', () => {
    const rates = caseRates(countCases([], AS_OF));
    expect(Object.values(rates).every((value) => value === null)).toBe(true);
    expect(caseComposite(rates)).toBeNull();
    expect(caseRates(countCases([fact({ suspended: true })], AS_OF)).closeRate).toBeNull();
  });

  it('judges at asOf: a case disposed after asOf is not yet disposed', () => {
    expect(countCases(EXAMPLE, '2026-06-11T00:00:00Z')).toMatchObject({ disposed: 1, closed: 0, overdueOpen: 0 });
  });

  it('counts an imported closed case without times as disposed and closed, not on time', () => {
    const imported = fact({ status: 'closed', disposedAt: null, closedAt: null });
    expect(countCases([imported], AS_OF)).toMatchObject({ disposed: 1, disposedOnTime: 0, closed: 1, closedOnTime: 0 });
  });

  it('groups per unit in the given order and sums the town', () => {
    const other = fact({
      unitId: 'shuilizhan',
      status: 'closed',
      disposedAt: '2026-06-01T00:00:00Z',
      closedAt: '2026-06-02T00:00:00Z',
    });
    const { units, town } = caseIndicatorsByUnit([...EXAMPLE, other], AS_OF, ['shuilizhan', 'huanweisuo']);
    expect(units.map((unit) => [unit.unit, unit.counts.due, unit.composite])).toEqual([
      ['shuilizhan', 1, 100],
      ['huanweisuo', 6, 63.3],
    ]);
    expect(town.counts.due).toBe(7);
  });
});

describe('the annual assessment with the case component', () => {
  it('adds the case composite as a weighted component (worked example in docs/assessment.md)', () => {
    // A unit with no tasks and no checks but cases: composite = its case composite (the only component).
    const scores = new Map([['huanweisuo', { due: 6, composite: 63.3 }]]);
    const onlyCases = unitIndicators('huanweisuo', [], [], '2026-01-01', '2026-12-31', scores);
    expect(onlyCases).toMatchObject({ casesDue: 6, cases: 63.3 });
    expect(compositeScore(onlyCases, DEFAULT_ASSESSMENT_CONFIG.weights)).toBe(63.3);
    // With tasks: completion 1, onTime 1, rework 0, extension 0, no photo pair, no check; cases 63.3 at weight 10:
    // (25×1 + 20×1 + 15×1 + 10×1 + 15×0 + 10×0.633) / (25+20+15+10+15+10) = 76.33 / 95 = 0.8035 → 80.3
    const task = {
      assignedUnit: 'huanweisuo',
      createdOn: '2026-03-01',
      dueDate: '2026-05-01',
      status: 'done' as const,
      completedOn: '2026-04-01',
      reworkEvents: 0,
      extensions: 0,
      hasGoodPair: false,
    };
    const withTasks = unitIndicators('huanweisuo', [task], [], '2026-01-01', '2026-12-31', scores);
    expect(compositeScore(withTasks, DEFAULT_ASSESSMENT_CONFIG.weights)).toBe(80.3);
    // Weight 0 (or absent): cases do not count: (25+20+15+10+0)/85 = 82.4.
    const noCases = { ...DEFAULT_ASSESSMENT_CONFIG.weights, cases: 0 };
    expect(compositeScore(withTasks, noCases)).toBe(82.4);
    const { cases: _cases, ...absent } = DEFAULT_ASSESSMENT_CONFIG.weights;
    expect(compositeScore(withTasks, absent)).toBe(82.4);
    const ranked = assessUnits(
      ['huanweisuo'],
      [task],
      [],
      '2026-01-01',
      '2026-12-31',
      { ...DEFAULT_ASSESSMENT_CONFIG, minTasks: 1 },
      scores,
    );
    expect(ranked[0]).toMatchObject({ composite: 80.3, grade: 'B', rank: 1 });
    // With the default minimum of 3 tasks due, one task is too little work to rank: 不参与排名, no score.
    const [unranked] = assessUnits(
      ['huanweisuo'],
      [task],
      [],
      '2026-01-01',
      '2026-12-31',
      DEFAULT_ASSESSMENT_CONFIG,
      scores,
    );
    expect(unranked).toMatchObject({ composite: null, grade: null, rank: null, unranked: 'too-few-tasks' });
  });
});
