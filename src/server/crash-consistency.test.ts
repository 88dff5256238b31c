import { describe, expect, it } from 'vitest';
import { runCrashCycles } from '../testing/crash-cycle';
import { seededRandom } from '../shared/cases/case-generator';

/**
 * R4 in CI: a few kill -9 cycles of the real server during concurrent writes (the benchmark runs 100:
 * `npm run bench -- r4`). After every restart the database passes integrity_check and holds every write the
 * server acknowledged (zone PATCHes with If-Match at their version, task creations, case reports).
 */
describe('crash consistency (R4)', () => {
  it('keeps every acknowledged write through kill -9 and restart, with integrity_check ok', async () => {
    const report = await runCrashCycles({ cycles: 3, writers: 4, random: seededRandom(4) });
    expect(report.checks).toHaveLength(3);
    for (const check of report.checks) {
      expect(check.journalMode).toBe('wal');
      expect(check.integrity).toBe('ok');
      expect(check.foreignKeyProblems).toBe(0);
      expect(check.missing).toEqual([]);
    }
    for (const cycle of report.cycles) {
      expect(cycle.serverErrors).toBe(0);
      expect(cycle.ackedPatches + cycle.ackedTasks + cycle.ackedCases).toBeGreaterThan(0);
    }
    expect(report.totalAckedCases).toBeGreaterThan(0);
    expect(report.ok).toBe(true);
  }, 240_000);
});
