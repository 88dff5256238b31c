import { describe, expect, it } from 'vitest';
import {
  answerIssues,
  checklistProblems,
  checklistSchema,
  measureGrade,
  scoreSheet,
  type Checklist,
} from '../../shared/checklists/checklists';
import { loadCampaignConfig, loadChecklists } from './data-files';

const sheets = loadChecklists();
const sheet = (item: string): Checklist => sheets.find((candidate) => candidate.item === item)!;

describe('the checklists in data/checklists', () => {
  it('has a sheet for R3, R5, R6, S1 and S2, each valid against the campaign', () => {
    expect(sheets.map((candidate) => candidate.item)).toEqual(expect.arrayContaining(['R3', 'R5', 'R6', 'S1', 'S2']));
    for (const candidate of sheets) {
      expect(
        candidate.checks.reduce((sum, check) => sum + check.weight, 0),
        candidate.item,
      ).toBeCloseTo(100, 9);
      expect(new Set(candidate.checks.map((check) => check.id)).size).toBe(candidate.checks.length);
      expect(candidate.checks.every((check) => check.weight > 0 && check.source.length > 0)).toBe(true);
    }
  });

  it('refuses weights that do not add up to 100, a repeated id and a check citing words not in the plan', () => {
    const r5 = sheet('R5');
    const heavier = { ...r5, checks: r5.checks.map((check, index) => (index ? check : { ...check, weight: 21 })) };
    expect(checklistSchema.safeParse(heavier).error?.issues[0]?.message).toBe('the weights add up to 101, not 100');
    const twice = {
      ...r5,
      checks: r5.checks.map((check, index) => (index === 1 ? { ...check, id: 'hoarding' } : check)),
    };
    expect(checklistSchema.safeParse(twice).error?.issues[0]?.message).toBe('check id hoarding is used twice');
    const zero = { ...r5, checks: [...r5.checks, { ...r5.checks[0]!, id: 'extra', weight: 0 }] };
    expect(checklistSchema.safeParse(zero).success).toBe(false);
    const invented = {
      ...r5,
      checks: r5.checks.map((check, index) => (index ? check : { ...check, source: '工地门口摆花' })),
    };
    expect(checklistProblems(invented, loadCampaignConfig().items)).toEqual([
      "R5 hoarding: “工地门口摆花” is not in the item's 整治要求",
    ]);
    expect(checklistProblems({ ...r5, item: 'R9' }, [{ code: 'R5', content: '' }])).toEqual([
      'R9: no such item in the campaign',
    ]);
  });
});

describe('R3 黑臭 readings against the national grading', () => {
  const r3 = sheet('R3');
  const check = (id: string) =>
    r3.checks.find((candidate) => candidate.id === id) as Parameters<typeof measureGrade>[0];

  it('grades each indicator at and around its bounds', () => {
    const grades = (id: string, values: number[]) => values.map((value) => measureGrade(check(id), value));
    expect(grades('transparency', [30, 25.1, 25, 10, 9.9])).toEqual(['good', 'good', 'mild', 'mild', 'severe']);
    expect(grades('dissolved-oxygen', [2.1, 2.0, 0.2, 0.19])).toEqual(['good', 'mild', 'mild', 'severe']);
    expect(grades('orp', [51, 50, -200, -201])).toEqual(['good', 'mild', 'mild', 'severe']);
    expect(grades('ammonia', [7.9, 8.0, 15, 15.1])).toEqual(['good', 'mild', 'mild', 'severe']);
  });

  const clean = {
    'bank-clean': true,
    'no-floating': true,
    'sewage-collected': true,
    'no-odour': true,
  };
  it('gives full credit to clean water, half to 轻度 and none to 重度 readings', () => {
    const good = { transparency: 40, 'dissolved-oxygen': 5, orp: 120, ammonia: 1.2, ...clean };
    expect(scoreSheet(r3, good).score).toBe(100);
    // 透明度 轻度 (7.5 of 15), 氨氮 重度 (0 of 15): 100 − 7.5 − 15 = 77.5 → 78.
    const failing = { ...good, transparency: 18, ammonia: 16.2 };
    const scored = scoreSheet(r3, failing);
    expect(scored.score).toBe(78);
    expect(scored.checks.filter((entry) => entry.grade).map((entry) => [entry.id, entry.grade])).toEqual([
      ['transparency', 'mild'],
      ['dissolved-oxygen', 'good'],
      ['orp', 'good'],
      ['ammonia', 'severe'],
    ]);
    // Every reading 重度 and the river still smells: 30 of 100.
    const severe = { transparency: 5, 'dissolved-oxygen': 0.1, orp: -250, ammonia: 20, ...clean, 'no-odour': false };
    expect(scoreSheet(r3, severe).score).toBe(30);
  });

  it('refuses a reading outside the possible range, of the wrong kind, or missing, naming the check', () => {
    const issues = answerIssues(r3, { transparency: -1, 'dissolved-oxygen': true, orp: 0, ...clean });
    expect(issues).toEqual([
      { check: 'transparency', message: 'check transparency (透明度): -1 cm is outside 0–500' },
      { check: 'dissolved-oxygen', message: 'check dissolved-oxygen (溶解氧) is a reading in mg/L' },
      { check: 'ammonia', message: 'check ammonia (氨氮) needs an answer' },
    ]);
  });
});

describe('S1: the rule of the road class', () => {
  const s1 = sheet('S1');
  it('scores the chosen class by whether its rule is met, and leaves out a check that does not apply', () => {
    const base = { 'cleared-after': true, 'traffic-free': true };
    expect(scoreSheet(s1, { ...base, 'road-class': { option: 'main', met: true } })).toMatchObject({
      score: 100,
      complete: true,
    });
    // Main road with a stall: 严禁 broken, 35 of 85 possible (the 疏导点 check does not apply) → 41.
    expect(scoreSheet(s1, { ...base, 'road-class': { option: 'main', met: false } }).score).toBe(41);
    // A secondary road's designated point that overruns its hours: 85 of 100.
    expect(
      scoreSheet(s1, { ...base, 'road-class': { option: 'secondary', met: true }, 'guided-point': false }).score,
    ).toBe(85);
    expect(answerIssues(s1, { ...base, 'road-class': { option: 'highway', met: true } })).toEqual([
      {
        check: 'road-class',
        message: 'check road-class (道路等级及其要求) has no option highway (one of main, secondary, lane)',
      },
    ]);
    expect(answerIssues(s1, { ...base, 'road-class': true })[0]?.message).toMatch(/answered \{ option, met \}/);
  });
});

describe('yes/no sheets', () => {
  it('R5: every requirement met scores 100, a missing settling tank loses its weight, unknown checks are named', () => {
    const r5 = sheet('R5');
    const all = Object.fromEntries(r5.checks.map((check) => [check.id, true]));
    expect(scoreSheet(r5, all)).toMatchObject({ score: 100, complete: true });
    expect(scoreSheet(r5, { ...all, 'settling-tank': false }).score).toBe(85);
    const partial = scoreSheet(r5, { hoarding: true });
    expect(partial.complete).toBe(false);
    expect(answerIssues(r5, { ...all, fence: true })).toEqual([
      { check: 'fence', message: 'no check fence on the R5 sheet' },
    ]);
    expect(answerIssues(r5, { ...all, hoarding: 1 })[0]?.check).toBe('hoarding');
    expect(scoreSheet(r5, {}).score).toBe(0);
  });

  it('R6 and S2 hold the checks the plan names', () => {
    expect(sheet('R6').checks.map((check) => check.id)).toEqual(
      expect.arrayContaining(['licences-shown', 'fire-lanes', 'zone-posted']),
    );
    expect(sheet('S2').checks.map((check) => check.id)).toEqual([
      'approved',
      'not-damaged',
      'not-vacant',
      'no-illegal-ads',
    ]);
  });
});
