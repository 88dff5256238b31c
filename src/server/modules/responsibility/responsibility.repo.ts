import type { Db } from '../../platform/db/connection';
import type { NewAuditEntry } from '../../platform/audit';
import {
  changeParams,
  LETTER_SQL,
  toState,
  type LetterRow,
  type LetterWriteResult,
  type ResponsibilityRepository,
} from './responsibility.rows';

/** The SQLite 目标责任书 repository (responsibility.pg.ts is the PostgreSQL one). */
export function createResponsibilityRepository(
  db: Db,
  recordAudit: (entry: NewAuditEntry) => void,
): ResponsibilityRepository {
  const one = (unit: string, year: number) => {
    const row = db.prepare<Record<string, unknown>, LetterRow>(LETTER_SQL.one).get({ unit, year });
    return row ? toState(row) : null;
  };
  const scanKey = (unit: string, year: number) =>
    db.prepare<Record<string, unknown>, { scan_key: string | null }>(LETTER_SQL.scanKey).get({ unit, year })
      ?.scan_key ?? null;
  return {
    async ofYear(year) {
      return db.prepare<Record<string, unknown>, LetterRow>(LETTER_SQL.ofYear).all({ year }).map(toState);
    },
    async get(unit, year) {
      return one(unit, year);
    },
    async record(change, expectedVersion, audit, now) {
      return db.transaction((): LetterWriteResult => {
        const params = changeParams(change, now, expectedVersion);
        const sql = expectedVersion === 0 ? LETTER_SQL.insertFirst : LETTER_SQL.update;
        const { expectedVersion: _version, ...insertParams } = params;
        if (db.prepare(sql).run(expectedVersion === 0 ? insertParams : params).changes === 0) {
          return { ok: false, current: one(change.unit, change.year) };
        }
        const state = one(change.unit, change.year)!;
        recordAudit(audit(state));
        return { ok: true, state };
      })();
    },
    async setScan(unit, year, scan, recordedBy, audit, now) {
      return db.transaction(() => {
        const replaced = scanKey(unit, year);
        db.prepare(LETTER_SQL.upsertScan).run({
          unit,
          year,
          scanKey: scan.key,
          scanBytes: scan.bytes,
          recordedBy,
          recordedAt: now,
        });
        const state = one(unit, year)!;
        recordAudit(audit(state));
        return { state, replaced };
      })();
    },
    async scanKey(unit, year) {
      return scanKey(unit, year);
    },
  };
}
