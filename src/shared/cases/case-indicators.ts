import type { CaseStatus } from './case';

/**
 * 数字城管 evaluation indicators per unit and period (docs/domain.md §5; definitions in docs/cases.md):
 *
 *   结案率 = 结案数 / (应结案数 − 缓办数)        按期结案率 = 按期结案数 / (应结案数 − 缓办数)
 *   处置率 = 处置数 / 应处置数                   按期处置率 = 按期处置数 / 应处置数
 *   返工率 = 返工数 / 应结案数                   超期待处置率 = 超期待处置数 / 应处置数
 *   延期率 = 延期数 / 应处置数
 *
 * The population of a unit for a period: the cases reported in the period and dispatched to the unit, not voided.
 *   应处置数 = 应结案数 = that population;  缓办数 = those suspended (挂账/缓办) as of `asOf`;
 *   处置数 = disposed (处理反馈 given) by `asOf`;  按期处置数 = disposed no later than the deadline;
 *   结案数 = closed by `asOf`;  按期结案数 = closed and disposed no later than the deadline;
 *   返工数 = cases reworked at least once;  延期数 = cases extended at least once;
 *   超期待处置数 = not disposed, not suspended and past the deadline at `asOf`.
 * A rate with a zero denominator is null (not applicable), never 0 %. An imported case whose status says it was
 * disposed or closed but that lacks the time counts as disposed/closed, not as on time.
 */
export interface CaseFact {
  unitId: string | null;
  status: CaseStatus;
  suspended: boolean;
  deadlineAt: string | null;
  disposedAt: string | null;
  closedAt: string | null;
  extensionCount: number;
  reworkCount: number;
}

export interface CaseIndicatorCounts {
  /** 应处置数 = 应结案数. */
  due: number;
  suspended: number;
  disposed: number;
  disposedOnTime: number;
  closed: number;
  closedOnTime: number;
  reworked: number;
  extended: number;
  overdueOpen: number;
}

export const CASE_RATES = [
  'closeRate',
  'closeOnTimeRate',
  'disposeRate',
  'disposeOnTimeRate',
  'reworkRate',
  'overdueOpenRate',
  'extensionRate',
] as const;
export type CaseRate = (typeof CASE_RATES)[number];

export interface UnitCaseIndicators {
  unit: string;
  counts: CaseIndicatorCounts;
  rates: Record<CaseRate, number | null>;
  /** 0–100 (one decimal), null when the unit had no cases to dispose. */
  composite: number | null;
  grade: 'A' | 'B' | 'C' | 'D' | 'E' | null;
}

/** One city's unit composite (docs/domain.md §5): 处置率×30 + 按期处置率×20 + (1−返工率)×20 + (1−超期待处置率)×20 + (1−延期率)×10. */
export interface CaseCompositeWeights {
  disposeRate: number;
  disposeOnTimeRate: number;
  reworkRate: number;
  overdueOpenRate: number;
  extensionRate: number;
}
export const DEFAULT_CASE_WEIGHTS: CaseCompositeWeights = {
  disposeRate: 30,
  disposeOnTimeRate: 20,
  reworkRate: 20,
  overdueOpenRate: 20,
  extensionRate: 10,
};
export const DEFAULT_CASE_GRADES = { A: 90, B: 75, C: 60, D: 40 };

const DISPOSED_STATUSES: readonly CaseStatus[] = ['feedback', 'verified', 'closed'];

const rate = (numerator: number, denominator: number): number | null =>
  denominator <= 0 ? null : numerator / denominator;

export function countCases(facts: readonly CaseFact[], asOf: string): CaseIndicatorCounts {
  const at = Date.parse(asOf);
  const counts: CaseIndicatorCounts = {
    due: 0,
    suspended: 0,
    disposed: 0,
    disposedOnTime: 0,
    closed: 0,
    closedOnTime: 0,
    reworked: 0,
    extended: 0,
    overdueOpen: 0,
  };
  for (const fact of facts) {
    if (fact.status === 'voided' || fact.unitId === null) continue;
    counts.due += 1;
    if (fact.suspended) counts.suspended += 1;
    // An imported case may lack the time of a step its status says happened: it counts, but not as on time.
    const disposed =
      fact.disposedAt !== null ? Date.parse(fact.disposedAt) <= at : DISPOSED_STATUSES.includes(fact.status);
    const onTime =
      disposed &&
      fact.disposedAt !== null &&
      (fact.deadlineAt === null || Date.parse(fact.disposedAt) <= Date.parse(fact.deadlineAt));
    if (disposed) counts.disposed += 1;
    if (onTime) counts.disposedOnTime += 1;
    if (fact.status === 'closed' && (fact.closedAt === null || Date.parse(fact.closedAt) <= at)) {
      counts.closed += 1;
      if (onTime) counts.closedOnTime += 1;
    }
    if (fact.reworkCount > 0) counts.reworked += 1;
    if (fact.extensionCount > 0) counts.extended += 1;
    if (!disposed && !fact.suspended && fact.deadlineAt !== null && Date.parse(fact.deadlineAt) < at) {
      counts.overdueOpen += 1;
    }
  }
  return counts;
}

export function caseRates(counts: CaseIndicatorCounts): Record<CaseRate, number | null> {
  const closable = counts.due - counts.suspended;
  return {
    closeRate: rate(counts.closed, closable),
    closeOnTimeRate: rate(counts.closedOnTime, closable),
    disposeRate: rate(counts.disposed, counts.due),
    disposeOnTimeRate: rate(counts.disposedOnTime, counts.due),
    reworkRate: rate(counts.reworked, counts.due),
    overdueOpenRate: rate(counts.overdueOpen, counts.due),
    extensionRate: rate(counts.extended, counts.due),
  };
}

/** The composite 0–100 (one decimal) over the weights' sum; null when no case applies. */
export function caseComposite(
  rates: Record<CaseRate, number | null>,
  weights: CaseCompositeWeights = DEFAULT_CASE_WEIGHTS,
): number | null {
  if (rates.disposeRate === null) return null;
  const parts: [number, number][] = [
    [weights.disposeRate, rates.disposeRate],
    [weights.disposeOnTimeRate, rates.disposeOnTimeRate ?? 0],
    [weights.reworkRate, 1 - Math.min(1, rates.reworkRate ?? 0)],
    [weights.overdueOpenRate, 1 - Math.min(1, rates.overdueOpenRate ?? 0)],
    [weights.extensionRate, 1 - Math.min(1, rates.extensionRate ?? 0)],
  ];
  const weightSum = parts.reduce((sum, [weight]) => sum + weight, 0);
  if (weightSum <= 0) return null;
  const total = parts.reduce((sum, [weight, value]) => sum + weight * value, 0);
  return Math.round((total / weightSum) * 1000) / 10;
}

export function caseGrade(
  composite: number | null,
  grades: { A: number; B: number; C: number; D: number } = DEFAULT_CASE_GRADES,
): UnitCaseIndicators['grade'] {
  if (composite === null) return null;
  if (composite >= grades.A) return 'A';
  if (composite >= grades.B) return 'B';
  if (composite >= grades.C) return 'C';
  if (composite >= grades.D) return 'D';
  return 'E';
}

/** The indicators of every unit that had cases dispatched to it (in `unitOrder` first, then any other), and the town. */
export function caseIndicatorsByUnit(
  facts: readonly CaseFact[],
  asOf: string,
  unitOrder: readonly string[] = [],
  weights: CaseCompositeWeights = DEFAULT_CASE_WEIGHTS,
): { units: UnitCaseIndicators[]; town: UnitCaseIndicators } {
  const byUnit = new Map<string, CaseFact[]>();
  for (const fact of facts) {
    if (fact.unitId === null) continue;
    const list = byUnit.get(fact.unitId) ?? [];
    list.push(fact);
    byUnit.set(fact.unitId, list);
  }
  const order = [
    ...unitOrder.filter((unit) => byUnit.has(unit)),
    ...[...byUnit.keys()].filter((u) => !unitOrder.includes(u)),
  ];
  const assess = (unit: string, list: readonly CaseFact[]): UnitCaseIndicators => {
    const counts = countCases(list, asOf);
    const rates = caseRates(counts);
    const composite = caseComposite(rates, weights);
    return { unit, counts, rates, composite, grade: caseGrade(composite) };
  };
  return { units: order.map((unit) => assess(unit, byUnit.get(unit)!)), town: assess('town', facts) };
}
