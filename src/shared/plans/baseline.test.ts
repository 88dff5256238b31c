import { describe, expect, it } from 'vitest';
import { assessUnits, type AssessmentTaskFact, type PlanFact } from '../reports/assessment';
import { assessmentConfigSchema, DEFAULT_ASSESSMENT_CONFIG, type AssessmentConfig } from '../campaign/campaign';
import { planFactOf, yearUsesPlans, type BaselineZone } from './baseline';
import type { Plan, PlanProject } from './plans';

/** The annual plan as the 年考核's baseline: the worked example of docs/assessment.md, "Annual plan". */
const CONFIG: AssessmentConfig = { ...DEFAULT_ASSESSMENT_CONFIG, plan: { late: 5, missing: 10 } };
const FROM = '2027-01-01';
const TO = '2027-12-31';

const doneTask = (unit: string): AssessmentTaskFact => ({
  assignedUnit: unit,
  createdOn: '2027-03-01',
  dueDate: '2027-06-30',
  status: 'done',
  completedOn: '2027-06-01',
  reworkEvents: 0,
  extensions: 0,
  hasGoodPair: true,
});
/** Four tasks each, all done on time with a good pair, no checks, cases or 督办. */
const TASKS = ['w', 'j', 'k', 'v'].flatMap((unit) => [1, 2, 3, 4].map(() => doneTask(unit)));

const project = (key: string, patch: Partial<PlanProject>): PlanProject => ({
  key,
  item: 'R3',
  zoneId: null,
  place: '',
  carriedOver: false,
  tasks: '整治',
  person: '张三',
  responsibleUnits: [],
  budget: 10,
  funding: 'finance',
  due: '2027-12-31',
  milestones: [],
  ...patch,
});
const ZONES: BaselineZone[] = [
  { id: '1', leadUnit: 'w', category: 'R3', name: '一号河', status: 'accepted' },
  { id: '2', leadUnit: 'w', category: 'R3', name: '二号河', status: 'accepted' },
  { id: '3', leadUnit: 'w', category: 'R3', name: '三号河', status: 'in_progress' },
  // The new place 四号塘, mapped by the unit as a zone of R4 and accepted.
  { id: '4', leadUnit: 'w', category: 'R4', name: '四号塘', status: 'accepted' },
];
const plan = (unit: string, patch: Partial<Plan>): Plan => ({
  id: '1',
  unit,
  year: 2027,
  state: 'approved',
  version: 5,
  body: { note: '', projects: [] },
  createdAt: '2027-01-10T00:00:00.000Z',
  updatedAt: '2027-03-10T00:00:00.000Z',
  submittedAt: '2027-03-05T02:00:00.000Z',
  approvedAt: '2027-03-10T00:00:00.000Z',
  approvedByName: '创建办',
  comment: null,
  due: '2027-02-28',
  late: true,
  ...patch,
});

describe('the plan baseline (docs/assessment.md, "Annual plan")', () => {
  const planW = plan('w', {
    body: {
      note: '',
      projects: [
        project('a', { zoneId: '1' }),
        project('b', { zoneId: '2' }),
        project('c', { zoneId: '3' }),
        project('d', { item: 'R4', place: '四号塘' }),
      ],
    },
  });
  const planV = plan('v', {
    body: { note: '', projects: [project('a', { zoneId: '1' })] },
    submittedAt: '2027-02-20T02:00:00.000Z',
    late: false,
    state: 'submitted',
  });
  const plans = [planW, planV];
  const options = (expected: boolean) => ({
    year: 2027,
    expected,
    usesPlans: yearUsesPlans(plans),
    today: '2027-12-31',
    zones: ZONES,
  });
  const facts = new Map<string, PlanFact>([
    ['w', planFactOf('w', planW, options(true))],
    ['j', planFactOf('j', undefined, options(true))],
    ['k', planFactOf('k', undefined, options(false))],
    ['v', planFactOf('v', planV, options(true))],
  ]);

  it('counts planned projects done by their zones, and how each unit submitted', () => {
    expect(facts.get('w')).toEqual({ unit: 'w', status: 'approved', projects: 4, done: 3, submission: 'late' });
    expect(facts.get('j')).toEqual({ unit: 'j', status: 'none', projects: 0, done: 0, submission: 'missing' });
    expect(facts.get('k')).toEqual({ unit: 'k', status: 'none', projects: 0, done: 0, submission: null });
    expect(facts.get('v')).toEqual({ unit: 'v', status: 'pending', projects: 0, done: 0, submission: 'on-time' });
    // Before the due date nobody misses it; in a year without plans nobody does.
    expect(planFactOf('j', undefined, { ...options(true), today: '2027-02-28' }).submission).toBeNull();
    expect(planFactOf('j', undefined, { ...options(true), usesPlans: false }).submission).toBeNull();
  });

  it('measures completion against the plan and takes points off a late or missing plan', () => {
    const result = assessUnits(['w', 'j', 'k', 'v'], TASKS, [], FROM, TO, CONFIG, new Map(), [], [], facts);
    const of = (unit: string) => result.find((entry) => entry.unit === unit)!;
    // W: 完成率 3/4 from the plan; 100 × (25×0.75 + 20 + 15 + 10 + 15) / 85 = 92.6, less 5 for the late plan.
    expect(of('w').indicators.completion).toBe(0.75);
    expect(of('w').plan).toMatchObject({ completion: 0.75, penalty: 5 });
    expect(of('w').composite).toBe(87.6);
    expect(of('w').grade).toBe('B');
    // J: a lead unit that never submitted: 100 less 10.
    expect(of('j').composite).toBe(90);
    expect(of('j').plan).toMatchObject({ status: 'none', submission: 'missing', penalty: 10 });
    // K: no plan and none expected (无年度计划): assessed as without plans.
    expect(of('k').composite).toBe(100);
    expect(of('k').plan).toMatchObject({ status: 'none', submission: null, penalty: 0, completion: null });
    // V: submitted on time, not approved yet: the tasks' 完成率, nothing off.
    expect(of('v').composite).toBe(100);
    expect(result.map((entry) => [entry.unit, entry.rank])).toEqual([
      ['k', 1],
      ['v', 2],
      ['j', 3],
      ['w', 4],
    ]);
  });

  it('validates the plan weights with the rest of the assessment configuration', () => {
    expect(assessmentConfigSchema.safeParse(CONFIG).success).toBe(true);
    expect(assessmentConfigSchema.safeParse({ ...CONFIG, plan: { late: -1, missing: 10 } }).success).toBe(false);
    expect(assessmentConfigSchema.safeParse({ ...CONFIG, plan: { late: 5 } }).success).toBe(false);
  });

  it('leaves the assessment as it was without plan facts', () => {
    const [only] = assessUnits(['w'], TASKS, [], FROM, TO, CONFIG);
    expect(only!.plan).toBeUndefined();
    expect(only!.composite).toBe(100);
  });
});
