import type { Db } from '../../platform/db/connection';
import type { Actor } from '../../platform/audit';
import type {
  ReadingBody,
  RegisterFeature,
  RegisterHistoryEntry,
  RegisterSnapshot,
  RiverReading,
} from '../../../shared/registers/register';
import {
  boxParams,
  historyParams,
  REGISTER_SQL,
  snapshotOf,
  snapshotParams,
  toFeature,
  toHistory,
  toReading,
  type Box,
  type HistoryRow,
  type ReadingRow,
  type RegisterRow,
} from './registers.rows';

/** The register objects (src/shared/registers), their history and the river sections' readings. */
export interface RegisterRepository {
  /** Live objects per kind slug. */
  counts(): Promise<Record<string, number>>;
  /** A kind's live objects, those whose boxes meet `box` when given. */
  list(kind: string, box?: Box | null): Promise<RegisterFeature[]>;
  /** Every kind's live objects whose boxes meet `box` (exact intersection is the caller's). */
  inBox(box: Box): Promise<RegisterFeature[]>;
  get(kind: string, id: number): Promise<RegisterFeature | null>;
  create(kind: string, snapshot: RegisterSnapshot, actor: Actor, now: Date): Promise<RegisterFeature>;
  /** Many objects in one transaction (an import), each with a first history entry saying `note`; their ids in order. */
  createMany(kind: string, snapshots: RegisterSnapshot[], actor: Actor, now: Date, note: string): Promise<number[]>;
  /** The new state at the version the caller read; null when it changed or went meanwhile. */
  update(
    kind: string,
    id: number,
    snapshot: RegisterSnapshot,
    expectedVersion: number,
    actor: Actor,
    now: Date,
  ): Promise<RegisterFeature | null>;
  /** Soft delete at the version read; false when it changed or went meanwhile. */
  remove(kind: string, id: number, expectedVersion: number, actor: Actor, now: Date): Promise<boolean>;
  /** Newest first; also of a deleted object. */
  history(kind: string, id: number): Promise<RegisterHistoryEntry[]>;
  readings(id: number): Promise<RiverReading[]>;
  /** A reading of one sampling day; 'exists' when that day has one already. */
  addReading(id: number, reading: ReadingBody, actor: Actor, now: Date): Promise<RiverReading | 'exists'>;
}

/** The SQLite register repository (registers.pg.ts is the PostgreSQL one; the SQL is shared in registers.rows.ts). */
export function createRegisterRepository(db: Db): RegisterRepository {
  const all = <Row>(sql: string, params: Record<string, unknown> = {}) => db.prepare(sql).all(params) as Row[];
  const one = (kind: string, id: number) => {
    const row = all<RegisterRow>(REGISTER_SQL.one, { kind, id })[0];
    return row ? toFeature(row) : null;
  };
  return {
    async counts() {
      const rows = all<{ kind: string; count: number }>(REGISTER_SQL.counts);
      return Object.fromEntries(rows.map((row) => [row.kind, Number(row.count)]));
    },
    async list(kind, box) {
      const rows = box
        ? all<RegisterRow>(REGISTER_SQL.listInBox, { kind, ...boxParams(box) })
        : all<RegisterRow>(REGISTER_SQL.list, { kind });
      return rows.map(toFeature);
    },
    async inBox(box) {
      return all<RegisterRow>(REGISTER_SQL.allInBox, boxParams(box)).map(toFeature);
    },
    async get(kind, id) {
      return one(kind, id);
    },
    async create(kind, snapshot, actor, now) {
      return db.transaction(() => {
        const [created] = all<{ id: number }>(REGISTER_SQL.insert, {
          kind,
          ...snapshotParams(snapshot),
          now: now.toISOString(),
          by: actor.username,
        });
        db.prepare(REGISTER_SQL.insertHistory).run(historyParams(created!.id, 1, null, snapshot, actor.username, now));
        return one(kind, created!.id)!;
      })();
    },
    async createMany(kind, snapshots, actor, now, note) {
      return db.transaction(() =>
        snapshots.map((snapshot) => {
          const [created] = all<{ id: number }>(REGISTER_SQL.insert, {
            kind,
            ...snapshotParams(snapshot),
            now: now.toISOString(),
            by: actor.username,
          });
          db.prepare(REGISTER_SQL.insertHistory).run(
            historyParams(created!.id, 1, null, snapshot, actor.username, now, note),
          );
          return Number(created!.id);
        }),
      )();
    },
    async update(kind, id, snapshot, expectedVersion, actor, now) {
      return db.transaction(() => {
        const before = one(kind, id);
        if (!before) return null;
        const [updated] = all<{ id: number }>(REGISTER_SQL.update, {
          kind,
          id,
          expectedVersion,
          ...snapshotParams(snapshot),
          now: now.toISOString(),
        });
        if (!updated) return null;
        const after = one(kind, id)!;
        db.prepare(REGISTER_SQL.insertHistory).run(
          historyParams(id, after.properties.version, snapshotOf(before), snapshotOf(after), actor.username, now),
        );
        return after;
      })();
    },
    async remove(kind, id, expectedVersion, actor, now) {
      return db.transaction(() => {
        const before = one(kind, id);
        if (!before) return false;
        const [deleted] = all<{ version: number }>(REGISTER_SQL.delete, {
          kind,
          id,
          expectedVersion,
          now: now.toISOString(),
        });
        if (!deleted) return false;
        db.prepare(REGISTER_SQL.insertHistory).run(
          historyParams(id, Number(deleted.version), snapshotOf(before), null, actor.username, now),
        );
        return true;
      })();
    },
    async history(kind, id) {
      return all<HistoryRow>(REGISTER_SQL.history, { kind, id }).map(toHistory);
    },
    async readings(id) {
      return all<ReadingRow>(REGISTER_SQL.readings, { id }).map(toReading);
    },
    async addReading(id, reading, actor, now) {
      const [created] = all<ReadingRow>(REGISTER_SQL.insertReading, {
        id,
        sampledOn: reading.sampledOn,
        valuesJson: JSON.stringify(reading.values),
        by: actor.username,
        now: now.toISOString(),
      });
      if (!created) return 'exists';
      return all<ReadingRow>(REGISTER_SQL.readings, { id })
        .map(toReading)
        .find((r) => r.id === Number(created.id))!;
    },
  };
}
