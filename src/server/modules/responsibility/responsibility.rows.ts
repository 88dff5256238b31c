import type { NewAuditEntry } from '../../platform/audit';
import type { ResponsibilityState } from '../../../shared/responsibility/responsibility';

/** 目标责任书 signing rows and statements, shared by the SQLite and PostgreSQL repositories. */
export interface LetterRow {
  unit_id: string;
  year: number;
  signed: number;
  signed_on: string | null;
  scan_key: string | null;
  recorded_by_name: string | null;
  recorded_at: string;
  version: number;
}

export const toState = (row: LetterRow): ResponsibilityState => ({
  unit: row.unit_id,
  year: Number(row.year),
  signed: Number(row.signed) === 1,
  signedOn: row.signed_on,
  hasScan: row.scan_key !== null,
  recordedByName: row.recorded_by_name,
  recordedAt: row.recorded_at,
  version: Number(row.version),
});

const SELECT = `SELECT l.unit_id, l.year, l.signed, l.signed_on, l.scan_key, u.display_name AS recorded_by_name,
                       l.recorded_at, l.version
                  FROM responsibility_letters l LEFT JOIN users u ON u.id = l.recorded_by`;

/** Statements with `@name` parameters (PostgreSQL runs them through `named`). */
export const LETTER_SQL = {
  ofYear: `${SELECT} WHERE l.year = @year ORDER BY l.unit_id`,
  one: `${SELECT} WHERE l.unit_id = @unit AND l.year = @year`,
  /** The first record (If-Match "0"): a racing first record changes no row, a 412. */
  insertFirst: `INSERT INTO responsibility_letters (unit_id, year, signed, signed_on, recorded_by, recorded_at)
                VALUES (@unit, @year, @signed, @signedOn, @recordedBy, @recordedAt)
                ON CONFLICT (unit_id, year) DO NOTHING`,
  /** The version check is the write: no row changed means stale. */
  update: `UPDATE responsibility_letters SET signed = @signed, signed_on = @signedOn, recorded_by = @recordedBy,
                  recorded_at = @recordedAt, version = version + 1
            WHERE unit_id = @unit AND year = @year AND version = @expectedVersion`,
  /** A scan replaces the one before (whose key is answered so its files can go). */
  upsertScan: `INSERT INTO responsibility_letters (unit_id, year, scan_key, scan_bytes, recorded_by, recorded_at)
               VALUES (@unit, @year, @scanKey, @scanBytes, @recordedBy, @recordedAt)
               ON CONFLICT (unit_id, year) DO UPDATE SET scan_key = excluded.scan_key, scan_bytes = excluded.scan_bytes,
                 recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at, version = responsibility_letters.version + 1`,
  scanKey: 'SELECT scan_key FROM responsibility_letters WHERE unit_id = @unit AND year = @year',
};

/** The parameters of a signing record. */
export interface LetterChange {
  unit: string;
  year: number;
  signed: boolean;
  signedOn: string | null;
  recordedBy: number;
}

export const changeParams = (change: LetterChange, now: string, expectedVersion: number) => ({
  unit: change.unit,
  year: change.year,
  signed: change.signed ? 1 : 0,
  signedOn: change.signedOn,
  recordedBy: change.recordedBy,
  recordedAt: now,
  expectedVersion,
});

export type LetterAudit = (state: ResponsibilityState) => NewAuditEntry;

/** The result of a version-checked record: the new state, or stale with the state as it is. */
export type LetterWriteResult =
  { ok: true; state: ResponsibilityState } | { ok: false; current: ResponsibilityState | null };

/** The 目标责任书 signing states (SQLite: responsibility.repo.ts, PostgreSQL: responsibility.pg.ts). */
export interface ResponsibilityRepository {
  ofYear(year: number): Promise<ResponsibilityState[]>;
  get(unit: string, year: number): Promise<ResponsibilityState | null>;
  /** Record signed/not and the day if the state is still at `expectedVersion` (0: nothing recorded yet). */
  record(change: LetterChange, expectedVersion: number, audit: LetterAudit, now: string): Promise<LetterWriteResult>;
  /** Store the scan's key; answers the new state and the key of the scan it replaced (or null). */
  setScan(
    unit: string,
    year: number,
    scan: { key: string; bytes: number },
    recordedBy: number,
    audit: LetterAudit,
    now: string,
  ): Promise<{ state: ResponsibilityState; replaced: string | null }>;
  scanKey(unit: string, year: number): Promise<string | null>;
}
