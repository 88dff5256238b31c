import { describe, expect, it } from 'vitest';
import {
  assessUnits,
  commendationCandidates,
  compositeScore,
  itemSatisfaction,
  countsInPeriod,
  gradeOf,
  monthRange,
  quartersOf,
  unitIndicators,
  type AssessmentTaskFact,
  type CheckFact,
  type ResidentFact,
} from './assessment';
import { assessmentConfigSchema, DEFAULT_ASSESSMENT_CONFIG } from '../campaign/campaign';

const FROM = '2026-01-01';
const TO = '2026-12-31';

function task(unit: string, patch: Partial<AssessmentTaskFact> = {}): AssessmentTaskFact {
  return {
    assignedUnit: unit,
    createdOn: '2026-03-01',
    dueDate: '2026-06-30',
    status: 'in_progress',
    completedOn: null,
    reworkEvents: 0,
    extensions: 0,
    hasGoodPair: false,
    ...patch,
  };
}
const done = (unit: string, completedOn: string, patch: Partial<AssessmentTaskFact> = {}) =>
  task(unit, { status: 'done', completedOn, ...patch });

/** The worked examples of docs/assessment.md. */
const TASKS: AssessmentTaskFact[] = [
  // Unit A: 3 of 4 done (2 on time, 1 late), 1 返工 event, 1 extended, 2 of 3 done with a good pair.
  done('a', '2026-06-20', { hasGoodPair: true }),
  done('a', '2026-06-30', { hasGoodPair: true, extensions: 1, dueDate: '2026-06-30' }),
  done('a', '2026-07-10', { reworkEvents: 1 }),
  task('a'),
  // Unit B: 2 of 2 done on time, one good pair (the other flagged: hasGoodPair false).
  done('b', '2026-05-01', { hasGoodPair: true }),
  done('b', '2026-05-02'),
  // Unit C: only a suspended task.
  task('c', { status: 'suspended' }),
  // Unit E: one open task, sent back twice.
  task('e', { reworkEvents: 2 }),
];
const CHECKS: CheckFact[] = [
  { leadUnit: 'a', score: 80 },
  { leadUnit: 'a', score: 92 },
  { leadUnit: 'd', score: 70 },
];
const weights = DEFAULT_ASSESSMENT_CONFIG.weights;

describe('indicators (docs/assessment.md, worked examples)', () => {
  it('unit A: 75 % done, 50 % on time, 25 % rework, 25 % extended, 2/3 photos, checks 86 → 70.4 C', () => {
    const a = unitIndicators('a', TASKS, CHECKS, FROM, TO);
    expect(a).toMatchObject({ expected: 4, done: 3, doneOnTime: 2, reworkEvents: 1, extended: 1, withPhotoPair: 2 });
    expect(a.completion).toBe(0.75);
    expect(a.onTime).toBe(0.5);
    expect(a.rework).toBe(0.25);
    expect(a.extension).toBe(0.25);
    expect(a.photo).toBeCloseTo(2 / 3, 10);
    expect(a.check).toBe(86);
    expect(compositeScore(a, weights)).toBe(70.4);
    expect(gradeOf(70.4, DEFAULT_ASSESSMENT_CONFIG.grades)).toBe('C');
  });

  it('unit B: no check, its weight is redistributed → 77.5 / 85 = 91.2 A', () => {
    const b = unitIndicators('b', TASKS, CHECKS, FROM, TO);
    expect(b.check).toBeNull();
    expect(b.photo).toBe(0.5);
    expect(compositeScore(b, weights)).toBe(91.2);
    expect(gradeOf(91.2, DEFAULT_ASSESSMENT_CONFIG.grades)).toBe('A');
  });

  it('unit C: a suspended task is no 应完成 task: N = 0, every rate null, no score (无考核任务)', () => {
    const c = unitIndicators('c', TASKS, CHECKS, FROM, TO);
    expect(c.expected).toBe(0);
    expect([c.completion, c.onTime, c.rework, c.extension, c.photo, c.check]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(compositeScore(c, weights)).toBeNull();
    expect(gradeOf(null, DEFAULT_ASSESSMENT_CONFIG.grades)).toBeNull();
  });

  it('unit D: no tasks but a check of 70 → 70 C', () => {
    const d = unitIndicators('d', TASKS, CHECKS, FROM, TO);
    expect(d.expected).toBe(0);
    expect(d.completion).toBeNull();
    expect(compositeScore(d, weights)).toBe(70);
  });

  it('unit E: 返工率 200 % is shown as is, capped at 100 % for scoring → 10 / 70 = 14.3 E', () => {
    const e = unitIndicators('e', TASKS, CHECKS, FROM, TO);
    expect(e.rework).toBe(2);
    expect(e.photo).toBeNull();
    expect(compositeScore(e, weights)).toBe(14.3);
    expect(gradeOf(14.3, DEFAULT_ASSESSMENT_CONFIG.grades)).toBe('E');
  });

  it('with no minimum (minTasks 0) ranks B, A, D, E and lists C unscored after them', () => {
    const config = { ...DEFAULT_ASSESSMENT_CONFIG, minTasks: 0 };
    const result = assessUnits(['a', 'b', 'c', 'd', 'e'], TASKS, CHECKS, FROM, TO, config);
    expect(result.map((unit) => [unit.unit, unit.rank, unit.composite, unit.grade, unit.unranked])).toEqual([
      ['b', 1, 91.2, 'A', null],
      ['a', 2, 70.4, 'C', null],
      ['d', 3, 70, 'C', null],
      ['e', 4, 14.3, 'E', null],
      ['c', null, null, null, 'no-tasks'],
    ]);
  });

  it('by default ranks only units with at least 3 tasks due: B, D and E are 不参与排名, without a score', () => {
    const result = assessUnits(['a', 'b', 'c', 'd', 'e'], TASKS, CHECKS, FROM, TO, DEFAULT_ASSESSMENT_CONFIG);
    expect(result.map((unit) => [unit.unit, unit.rank, unit.composite, unit.grade, unit.unranked])).toEqual([
      ['a', 1, 70.4, 'C', null],
      ['b', null, null, null, 'too-few-tasks'],
      ['d', null, null, null, 'too-few-tasks'],
      ['e', null, null, null, 'too-few-tasks'],
      ['c', null, null, null, 'no-tasks'],
    ]);
    // Their indicators are still shown.
    expect(result.find((unit) => unit.unit === 'b')!.indicators).toMatchObject({ expected: 2, done: 2, onTime: 1 });
  });

  // docs/assessment.md, "Unit F".
  it('unit F: 完成率 and 按期完成率 differ: work not yet due counts in 完成率 only, overdue open work against 按期', () => {
    const tasks = [
      done('f', '2026-03-10', { dueDate: '2026-03-31' }), // due, done on time
      done('f', '2026-04-20', { dueDate: '2026-04-15' }), // due, done late
      task('f', { dueDate: '2026-05-31' }), // due, open: overdue
      done('f', '2026-06-01', { dueDate: '2026-09-30' }), // not due yet, done early
      task('f', { dueDate: '2026-09-30' }), // not due yet, open
    ];
    const f = unitIndicators('f', tasks, [], FROM, '2026-06-30');
    expect(f).toMatchObject({ expected: 3, assigned: 5, done: 3, doneOnTime: 1 });
    expect(f.completion).toBe(3 / 5);
    expect(f.onTime).toBe(1 / 3);
  });
});

describe('the period', () => {
  it('counts tasks due by the end, created by the end, not suspended, not finished before the start', () => {
    expect(countsInPeriod(task('a', { dueDate: '2027-01-05' }), FROM, TO)).toBe(false);
    expect(countsInPeriod(task('a', { createdOn: '2027-01-02', dueDate: '2026-12-01' }), FROM, TO)).toBe(false);
    expect(countsInPeriod(task('a', { status: 'suspended' }), FROM, TO)).toBe(false);
    expect(countsInPeriod(done('a', '2025-12-20', { dueDate: '2025-12-31' }), FROM, TO)).toBe(false);
    // Unfinished work of last year is carried over.
    expect(countsInPeriod(task('a', { dueDate: '2025-11-30', createdOn: '2025-10-01' }), FROM, TO)).toBe(true);
  });

  it('a task done after the end of the period is not done in it', () => {
    const result = unitIndicators('x', [done('x', '2026-07-05', { dueDate: '2026-06-30' })], [], FROM, '2026-06-30');
    expect(result.expected).toBe(1);
    expect(result.done).toBe(0);
    expect(result.completion).toBe(0);
    expect(result.photo).toBeNull();
  });

  it('an approved extension moves the deadline: done by the new date is on time, and counts in 延期率', () => {
    const result = unitIndicators(
      'x',
      [done('x', '2026-07-20', { dueDate: '2026-07-31', extensions: 1 })],
      [],
      FROM,
      TO,
    );
    expect(result.onTime).toBe(1);
    expect(result.extension).toBe(1);
  });

  it('empty: no units, no tasks, no checks', () => {
    expect(assessUnits([], [], [], FROM, TO, DEFAULT_ASSESSMENT_CONFIG)).toEqual([]);
    const [only] = assessUnits(['x'], [], [], FROM, TO, DEFAULT_ASSESSMENT_CONFIG);
    expect(only).toMatchObject({ unit: 'x', composite: null, grade: null, rank: null });
    expect(only!.indicators.expected).toBe(0);
  });

  it('breaks a tie of composites by 按期完成率, then by unit order', () => {
    // Only 完成率 weighs: all three score 50; p finished late (按期 0), q and r on time (按期 50 %) in unit order.
    const config = {
      ...DEFAULT_ASSESSMENT_CONFIG,
      minTasks: 2,
      weights: { completion: 1, onTime: 0, rework: 0, extension: 0, photo: 0, check: 0 },
    };
    const tasks = [
      done('p', '2026-07-10'),
      task('p'),
      done('q', '2026-06-01'),
      task('q'),
      done('r', '2026-06-01'),
      task('r'),
    ];
    const result = assessUnits(['p', 'r', 'q'], tasks, [], FROM, TO, config);
    expect(result.map((unit) => [unit.unit, unit.composite, unit.rank])).toEqual([
      ['r', 50, 1],
      ['q', 50, 2],
      ['p', 50, 3],
    ]);
  });

  it('months and quarters', () => {
    expect(monthRange('2026-02')).toEqual({ from: '2026-02-01', to: '2026-02-28' });
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(quartersOf('2026-01-01', '2026-12-31')).toEqual(['2026-Q1', '2026-Q2', '2026-Q3', '2026-Q4']);
    expect(quartersOf('2026-05-01', '2026-05-31')).toEqual(['2026-Q2']);
    expect(quartersOf('2025-11-01', '2026-02-01')).toEqual(['2025-Q4', '2026-Q1']);
  });
});

describe('assessment configuration', () => {
  it('rejects weights that are all zero and thresholds that do not fall from A to D', () => {
    const zero = { ...DEFAULT_ASSESSMENT_CONFIG, weights: { ...DEFAULT_ASSESSMENT_CONFIG.weights } };
    for (const key of Object.keys(zero.weights) as (keyof typeof zero.weights)[]) zero.weights[key] = 0;
    expect(assessmentConfigSchema.safeParse(zero).success).toBe(false);
    const unordered = { ...DEFAULT_ASSESSMENT_CONFIG, grades: { A: 90, B: 95, C: 60, D: 40 } };
    expect(assessmentConfigSchema.safeParse(unordered).success).toBe(false);
    expect(
      assessmentConfigSchema.safeParse({ ...DEFAULT_ASSESSMENT_CONFIG, weights: { completion: -1 } }).success,
    ).toBe(false);
    expect(assessmentConfigSchema.safeParse(DEFAULT_ASSESSMENT_CONFIG).success).toBe(true);
  });
});

/** docs/assessment.md, "Worked example with residents": units P, Q, R, S with the default weights. */
describe('residents: satisfaction and participation (docs/assessment.md)', () => {
  const fourDone = (unit: string, late = 0) =>
    [0, 1, 2, 3].map((index) =>
      done(unit, index < late ? '2026-07-10' : '2026-06-20', { hasGoodPair: true, dueDate: '2026-06-30' }),
    );
  const tasks = [...fourDone('p', 1), ...fourDone('q'), ...fourDone('r')];
  const residents: ResidentFact[] = [
    { unit: 'p', reports: 6, meToo: 3, feedback: 5, satisfied: 4 },
    { unit: 'q', reports: 2, meToo: 1, feedback: 2, satisfied: 2 },
    { unit: 's', reports: 4, meToo: 0, feedback: 4, satisfied: 4 },
  ];
  const assessed = assessUnits(
    ['p', 'q', 'r', 's'],
    tasks,
    [],
    FROM,
    TO,
    DEFAULT_ASSESSMENT_CONFIG,
    new Map(),
    [],
    residents,
  );
  const of = (unit: string) => assessed.find((entry) => entry.unit === unit)!;

  it('P: 4 of 5 answers 满意 (80 %), the most participation (14 → 1): 93.0 A', () => {
    expect(of('p').indicators).toMatchObject({ feedback: 5, satisfied: 4, satisfaction: 0.8, participation: 1 });
    expect(of('p').composite).toBe(93);
    expect(of('p').grade).toBe('A');
  });

  it('Q: two answers are too few (satisfaction drops out), participation 5 / 14: 96.4 A', () => {
    expect(of('q').indicators.satisfaction).toBeNull();
    expect(of('q').indicators.participation).toBeCloseTo(5 / 14, 10);
    expect(of('q').composite).toBe(96.4);
  });

  it('R: no resident reached it (both drop out): 100.0 A; S: answers only, no task: no score', () => {
    expect(of('r').indicators).toMatchObject({ satisfaction: null, participation: null });
    expect(of('r').composite).toBe(100);
    expect(of('s')).toMatchObject({ composite: null, unranked: 'no-tasks' });
    expect(of('s').indicators.satisfaction).toBe(1);
  });

  it('表彰 candidates: overall R, Q, P; participation P, S, Q; satisfaction S', () => {
    const candidates = commendationCandidates(assessed, ['p', 'q', 'r', 's']);
    const units = (category: string) =>
      candidates.filter((entry) => entry.category === category).map((entry) => [entry.unit, entry.value]);
    expect(units('overall')).toEqual([
      ['r', 100],
      ['q', 96.4],
      ['p', 93],
    ]);
    expect(units('participation')).toEqual([
      ['p', 14],
      ['s', 8],
      ['q', 5],
    ]);
    expect(units('satisfaction')).toEqual([['s', 1]]);
  });

  it('per item: 满意度 from three answers on', () => {
    const items = itemSatisfaction(
      [
        { item: 'R1', feedback: 5, satisfied: 4 },
        { item: 'R2', feedback: 2, satisfied: 2 },
        { item: 'R3', feedback: 4, satisfied: 4 },
      ],
      3,
    );
    expect(items.map((item) => item.satisfaction)).toEqual([0.8, null, 1]);
  });
});
