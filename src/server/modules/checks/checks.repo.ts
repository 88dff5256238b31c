import type { Db } from '../../platform/db/connection';
import type { NewAuditEntry } from '../../platform/audit';
import type { Actor } from '../../platform/audit';
import type { CheckBody, QuarterlyCheck, QuarterOverview } from '../../../shared/checks/checks';
import { CHECK_REWORK_NOTE_PREFIX } from '../../../shared/checks/checks';

export type CreateCheckResult =
  | { ok: true; check: QuarterlyCheck; reworkedTaskIds: string[] }
  | { ok: false; reason: 'duplicate'; existing: QuarterlyCheck }
  | { ok: false; reason: 'foreign-photos'; photoIds: string[] };

/** 季检查: one check per zone and quarter; a failed one sends the zone's tasks to rework in the same transaction. */
export interface CheckRepository {
  /** The zone's checks, newest quarter first. */
  listOfZone(zoneId: number): Promise<QuarterlyCheck[]>;
  /** The quarter's checks with their zones, and the zones (not deleted) not yet checked in it. */
  overviewOfQuarter(quarter: string): Promise<QuarterOverview>;
  /**
   * Record a check with its audit entry. Refused (nothing written) when the zone already has a
   * check of that quarter, or when a photo is not a (not deleted) photo of the zone. The tasks a failed
   * check sends back are due on `reworkDue`.
   */
  create(zoneId: number, body: CheckBody, reworkDue: string | null, actor: Actor): Promise<CreateCheckResult>;
}

interface CheckRow {
  id: number;
  zone_id: number;
  quarter: string;
  checked_on: string;
  passed: number;
  score: number;
  findings: string;
  rework_due_date: string | null;
  photo_ids_json: string;
  checked_by: number;
  checked_by_name: string;
  created_at: string;
}

const toCheck = (row: CheckRow): QuarterlyCheck => ({
  id: String(row.id),
  zoneId: String(row.zone_id),
  quarter: row.quarter,
  checkedOn: row.checked_on,
  passed: row.passed === 1,
  score: row.score,
  findings: row.findings,
  reworkDueDate: row.rework_due_date,
  photoIds: (JSON.parse(row.photo_ids_json) as unknown[]).map(String),
  checkedBy: String(row.checked_by),
  checkedByName: row.checked_by_name,
  createdAt: row.created_at,
});

const SELECT = `SELECT c.*, coalesce(nullif(u.display_name, ''), u.username) AS checked_by_name
  FROM quarterly_checks c JOIN users u ON u.id = c.checked_by`;

/**
 * The SQLite check repository. `reworkZoneTasks` is the task repository's synchronous rework (its
 * thread entries, audit and zone roll-up), called inside this repository's transaction.
 */
export function createCheckRepository(
  db: Db,
  recordAudit: (entry: NewAuditEntry) => void,
  reworkZoneTasks: (
    zoneId: number,
    note: string,
    actor: Actor,
    data?: Record<string, unknown>,
    dueDate?: string,
  ) => string[],
): CheckRepository {
  const ofZone = db.prepare<[number], CheckRow>(`${SELECT} WHERE c.zone_id = ? ORDER BY c.quarter DESC, c.id DESC`);
  const byZoneAndQuarter = db.prepare<[number, string], CheckRow>(`${SELECT} WHERE c.zone_id = ? AND c.quarter = ?`);
  const byId = db.prepare<[number], CheckRow>(`${SELECT} WHERE c.id = ?`);
  const photosOfZone = db.prepare<[number, string], { id: number }>(
    `SELECT id FROM photos WHERE zone_id = ? AND deleted_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
  );
  const insert = db.prepare(
    `INSERT INTO quarterly_checks (zone_id, quarter, checked_on, passed, score, findings, rework_due_date, photo_ids_json,
                                   checked_by, created_at)
     VALUES (@zoneId, @quarter, @checkedOn, @passed, @score, @findings, @reworkDue, @photoIds, @checkedBy, @createdAt)
     ON CONFLICT (zone_id, quarter) DO NOTHING
     RETURNING id`,
  );
  const checkedOfQuarter = db.prepare<[string], CheckRow & { zone_name: string; category: string; status: string }>(
    `SELECT c.*, coalesce(nullif(u.display_name, ''), u.username) AS checked_by_name, z.name AS zone_name,
            z.category, z.status
     FROM quarterly_checks c JOIN users u ON u.id = c.checked_by JOIN zones z ON z.id = c.zone_id
     WHERE c.quarter = ? ORDER BY z.category, z.name, z.id`,
  );
  const uncheckedOfQuarter = db.prepare<[string], { id: number; name: string; category: string; status: string }>(
    `SELECT z.id, z.name, z.category, z.status FROM zones z
     WHERE z.deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM quarterly_checks c WHERE c.zone_id = z.id AND c.quarter = ?)
     ORDER BY z.category, z.name, z.id`,
  );

  return {
    async listOfZone(zoneId) {
      return ofZone.all(zoneId).map(toCheck);
    },

    async overviewOfQuarter(quarter) {
      return db.transaction(() => ({
        quarter,
        checks: checkedOfQuarter.all(quarter).map((row) => ({
          ...toCheck(row),
          zoneName: row.zone_name,
          zoneCategory: row.category,
          zoneStatus: row.status,
        })),
        unchecked: uncheckedOfQuarter.all(quarter).map((row) => ({
          zoneId: String(row.id),
          zoneName: row.name,
          zoneCategory: row.category,
          zoneStatus: row.status,
        })),
      }))();
    },

    async create(zoneId, body, reworkDue, actor) {
      return db.transaction((): CreateCheckResult => {
        const existing = byZoneAndQuarter.get(zoneId, body.quarter);
        if (existing) return { ok: false, reason: 'duplicate', existing: toCheck(existing) };
        const photoIds = body.photoIds ?? [];
        if (photoIds.length) {
          const found = new Set(photosOfZone.all(zoneId, JSON.stringify(photoIds.map(Number))).map((row) => row.id));
          const foreign = photoIds.filter((id) => !found.has(Number(id)));
          if (foreign.length) return { ok: false, reason: 'foreign-photos', photoIds: foreign };
        }
        // One per zone and quarter is decided by the insert (the unique key): a racing second check inserts
        // nothing and gets the first as the existing one, without rework or audit.
        const inserted = insert.get({
          zoneId,
          quarter: body.quarter,
          checkedOn: body.checkedOn,
          passed: body.passed ? 1 : 0,
          score: body.score,
          findings: body.findings,
          reworkDue: body.passed ? null : reworkDue,
          photoIds: JSON.stringify(photoIds.map(Number)),
          checkedBy: Number(actor.id),
          createdAt: new Date().toISOString(),
        }) as { id: number } | undefined;
        if (!inserted)
          return { ok: false, reason: 'duplicate', existing: toCheck(byZoneAndQuarter.get(zoneId, body.quarter)!) };
        const check = toCheck(byId.get(inserted.id)!);
        const reworkedTaskIds = check.passed
          ? []
          : reworkZoneTasks(
              zoneId,
              `${CHECK_REWORK_NOTE_PREFIX}${check.findings}`,
              actor,
              { quarterlyCheck: check.id, quarter: check.quarter, reworkDueDate: check.reworkDueDate },
              check.reworkDueDate ?? undefined,
            );
        recordAudit({
          actorId: actor.id,
          actorUsername: actor.username,
          ip: actor.ip,
          action: 'quarterly_check_recorded',
          targetType: 'zone',
          targetId: String(zoneId),
          outcome: 'ok',
          detail: { after: check, reworkedTaskIds },
        });
        return { ok: true, check, reworkedTaskIds };
      })();
    },
  };
}
