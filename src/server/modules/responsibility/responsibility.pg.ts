import type { RecordAuditIn } from '../../platform/audit';
import { named, type PgDb } from '../../platform/db/pg/pool';
import { pgRows, type PgQueryable } from '../../platform/db/pg/rows';
import {
  changeParams,
  LETTER_SQL,
  toState,
  type LetterRow,
  type ResponsibilityRepository,
} from './responsibility.rows';

/** The PostgreSQL 目标责任书 repository (responsibility.repo.ts is the SQLite one). */
export function createResponsibilityPgRepository(db: PgDb, recordAudit: RecordAuditIn): ResponsibilityRepository {
  const one = async (q: PgQueryable, unit: string, year: number) => {
    const [row] = await pgRows<LetterRow>(q, LETTER_SQL.one, { unit, year });
    return row ? toState(row) : null;
  };
  const scanKey = async (q: PgQueryable, unit: string, year: number) =>
    (await pgRows<{ scan_key: string | null }>(q, LETTER_SQL.scanKey, { unit, year }))[0]?.scan_key ?? null;
  return {
    async ofYear(year) {
      return (await pgRows<LetterRow>(db, LETTER_SQL.ofYear, { year })).map(toState);
    },
    get: (unit, year) => one(db, unit, year),
    async record(change, expectedVersion, audit, now) {
      return db.transaction(async (tx) => {
        const params = changeParams(change, now, expectedVersion);
        const { expectedVersion: _version, ...insertParams } = params;
        const { text, values } = named(
          expectedVersion === 0 ? LETTER_SQL.insertFirst : LETTER_SQL.update,
          expectedVersion === 0 ? insertParams : params,
        );
        if (!(await tx.query(text, values)).rowCount) {
          return { ok: false, current: await one(tx, change.unit, change.year) } as const;
        }
        const state = (await one(tx, change.unit, change.year))!;
        await recordAudit(tx, audit(state));
        return { ok: true, state } as const;
      });
    },
    async setScan(unit, year, scan, recordedBy, audit, now) {
      return db.transaction(async (tx) => {
        const replaced = await scanKey(tx, unit, year);
        await pgRows(tx, LETTER_SQL.upsertScan, {
          unit,
          year,
          scanKey: scan.key,
          scanBytes: scan.bytes,
          recordedBy,
          recordedAt: now,
        });
        const state = (await one(tx, unit, year))!;
        await recordAudit(tx, audit(state));
        return { state, replaced };
      });
    },
    scanKey: (unit, year) => scanKey(db, unit, year),
  };
}
