import { describe, expect, it } from 'vitest';
import { checkBodySchema, PASS_MIN_SCORE, quarterDays, quarterOf, shiftQuarter } from './checks';

const today = '2026-06-15';
const valid = { quarter: '2026-Q2', checkedOn: '2026-06-10', passed: true, score: 85, findings: '' };
const issuesOf = (body: unknown) => {
  const result = checkBodySchema(today).safeParse(body);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('quarters', () => {
  it('names the quarter of a day', () => {
    expect(quarterOf('2026-01-01')).toBe('2026-Q1');
    expect(quarterOf('2026-03-31')).toBe('2026-Q1');
    expect(quarterOf('2026-04-01')).toBe('2026-Q2');
    expect(quarterOf('2026-09-30')).toBe('2026-Q3');
    expect(quarterOf('2026-10-01')).toBe('2026-Q4');
    expect(quarterOf('2026-12-31')).toBe('2026-Q4');
    expect(() => quarterOf('2026-02-30')).toThrow(RangeError);
  });

  it('knows the first and last day of each quarter, which are in it', () => {
    expect(quarterDays('2026-Q1')).toEqual({ first: '2026-01-01', last: '2026-03-31' });
    expect(quarterDays('2026-Q2')).toEqual({ first: '2026-04-01', last: '2026-06-30' });
    expect(quarterDays('2026-Q3')).toEqual({ first: '2026-07-01', last: '2026-09-30' });
    expect(quarterDays('2026-Q4')).toEqual({ first: '2026-10-01', last: '2026-12-31' });
    for (const quarter of ['2025-Q1', '2025-Q2', '2025-Q3', '2025-Q4']) {
      const { first, last } = quarterDays(quarter);
      expect([quarterOf(first), quarterOf(last)]).toEqual([quarter, quarter]);
    }
    expect(() => quarterDays('2026-Q5')).toThrow(RangeError);
  });

  it('steps across years', () => {
    expect(shiftQuarter('2026-Q1', -1)).toBe('2025-Q4');
    expect(shiftQuarter('2025-Q4', 1)).toBe('2026-Q1');
    expect(shiftQuarter('2026-Q2', -5)).toBe('2025-Q1');
  });
});

describe('the body of a quarterly check', () => {
  it('accepts a pass, a fail with findings and photos, and a check on the first day of the quarter', () => {
    expect(issuesOf(valid)).toEqual([]);
    expect(
      issuesOf({ ...valid, passed: false, score: 40, findings: '河面仍有漂浮垃圾', photoIds: ['3', '7'] }),
    ).toEqual([]);
    expect(issuesOf({ ...valid, checkedOn: '2026-04-01' })).toEqual([]);
    expect(issuesOf({ ...valid, checkedOn: today })).toEqual([]);
    expect(issuesOf({ ...valid, quarter: '2025-Q4', checkedOn: '2025-12-31' })).toEqual([]);
  });

  it('trims the findings', () => {
    expect(checkBodySchema(today).parse({ ...valid, findings: '  好  ' }).findings).toBe('好');
  });

  it('refuses a check day outside its quarter or in the future, and a future quarter', () => {
    expect(issuesOf({ ...valid, checkedOn: '2026-03-31' })).toEqual(['checkedOn: 2026-03-31 is not in 2026-Q2']);
    expect(issuesOf({ ...valid, checkedOn: '2026-06-16' })[0]).toMatch(/^checkedOn: .*future/);
    expect(issuesOf({ ...valid, quarter: '2026-Q3', checkedOn: '2026-07-01' })).toEqual([
      'checkedOn: the check day lies in the future (today is 2026-06-15)',
      'quarter: 2026-Q3 lies in the future',
    ]);
  });

  it('needs findings for a fail and a passing score for a pass', () => {
    expect(issuesOf({ ...valid, passed: false, score: 30, findings: '   ' })).toEqual([
      'findings: a failed check needs findings (the reason for rework)',
    ]);
    expect(issuesOf({ ...valid, score: PASS_MIN_SCORE - 1 })).toEqual([
      `score: a passed check needs a score of at least ${PASS_MIN_SCORE}`,
    ]);
    expect(issuesOf({ ...valid, score: PASS_MIN_SCORE })).toEqual([]);
    expect(issuesOf({ ...valid, passed: false, score: 90, findings: '消防通道被占' })).toEqual([]);
  });

  it('takes answers instead of a typed score, never both', () => {
    const { score: _typed, ...answered } = valid;
    expect(issuesOf({ ...answered, answers: { hoarding: true, 'road-class': { option: 'main', met: true } } })).toEqual(
      [],
    );
    expect(issuesOf({ ...valid, answers: { hoarding: true } })).toEqual([
      'score: a check scored on the checklist takes no typed score: the score comes from the answers',
    ]);
    expect(issuesOf({ ...answered, answers: { hoarding: 'yes' } }).length).toBeGreaterThan(0);
  });

  it('refuses malformed fields', () => {
    for (const bad of [
      { quarter: '2026-Q0' },
      { quarter: '2026Q2' },
      { quarter: ' 2026-Q2' },
      { checkedOn: '2026-02-30' },
      { score: 60.5 },
      { score: -1 },
      { score: 101 },
      { score: '80' },
      { passed: 'yes' },
      { findings: 'x'.repeat(2001) },
      { photoIds: ['0'] },
      { photoIds: [3] },
      { photoIds: ['3', '3'] },
      { photoIds: Array.from({ length: 21 }, (_, index) => String(index + 1)) },
      { extra: 1 },
    ]) {
      expect(issuesOf({ ...valid, ...bad }).length, JSON.stringify(bad)).toBeGreaterThan(0);
    }
    // The score may be left out: a zone whose item has a checklist is scored from the answers (the route decides).
    for (const key of Object.keys(valid).filter((name) => name !== 'score')) {
      const body: Record<string, unknown> = { ...valid };
      delete body[key];
      expect(issuesOf(body).length, key).toBeGreaterThan(0);
    }
  });
});
