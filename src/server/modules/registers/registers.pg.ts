import type { PgDb } from '../../platform/db/pg/pool';
import { pgRows, type PgQueryable } from '../../platform/db/pg/rows';
import type { RegisterRepository } from './registers.repo';
import {
  boxParams,
  historyParams,
  REGISTER_SQL,
  snapshotOf,
  snapshotParams,
  toFeature,
  toHistory,
  toReading,
  type HistoryRow,
  type ReadingRow,
  type RegisterRow,
} from './registers.rows';

/** The PostgreSQL register repository (registers.repo.ts is the SQLite one; the SQL is shared). */
export function createRegisterPgRepository(db: PgDb): RegisterRepository {
  const one = async (tx: PgQueryable, kind: string, id: number, lock = '') => {
    const [row] = await pgRows<RegisterRow>(tx, `${REGISTER_SQL.one}${lock}`, { kind, id });
    return row ? toFeature(row) : null;
  };
  return {
    async counts() {
      const rows = await pgRows<{ kind: string; count: number }>(db, REGISTER_SQL.counts);
      return Object.fromEntries(rows.map((row) => [row.kind, Number(row.count)]));
    },
    async list(kind, box) {
      const rows = box
        ? await pgRows<RegisterRow>(db, REGISTER_SQL.listInBox, { kind, ...boxParams(box) })
        : await pgRows<RegisterRow>(db, REGISTER_SQL.list, { kind });
      return rows.map(toFeature);
    },
    async inBox(box) {
      return (await pgRows<RegisterRow>(db, REGISTER_SQL.allInBox, boxParams(box))).map(toFeature);
    },
    async get(kind, id) {
      return one(db, kind, id);
    },
    async create(kind, snapshot, actor, now) {
      return db.transaction(async (tx) => {
        const [created] = await pgRows<{ id: number }>(tx, REGISTER_SQL.insert, {
          kind,
          ...snapshotParams(snapshot),
          now: now.toISOString(),
          by: actor.username,
        });
        await pgRows(
          tx,
          REGISTER_SQL.insertHistory,
          historyParams(created!.id, 1, null, snapshot, actor.username, now),
        );
        return (await one(tx, kind, created!.id))!;
      });
    },
    async createMany(kind, snapshots, actor, now, note) {
      return db.transaction(async (tx) => {
        const ids: number[] = [];
        for (const snapshot of snapshots) {
          const [created] = await pgRows<{ id: number }>(tx, REGISTER_SQL.insert, {
            kind,
            ...snapshotParams(snapshot),
            now: now.toISOString(),
            by: actor.username,
          });
          await pgRows(
            tx,
            REGISTER_SQL.insertHistory,
            historyParams(created!.id, 1, null, snapshot, actor.username, now, note),
          );
          ids.push(Number(created!.id));
        }
        return ids;
      });
    },
    async update(kind, id, snapshot, expectedVersion, actor, now) {
      return db.transaction(async (tx) => {
        const before = await one(tx, kind, id, ' FOR UPDATE');
        if (!before) return null;
        const [updated] = await pgRows<{ id: number }>(tx, REGISTER_SQL.update, {
          kind,
          id,
          expectedVersion,
          ...snapshotParams(snapshot),
          now: now.toISOString(),
        });
        if (!updated) return null;
        const after = (await one(tx, kind, id))!;
        await pgRows(
          tx,
          REGISTER_SQL.insertHistory,
          historyParams(id, after.properties.version, snapshotOf(before), snapshotOf(after), actor.username, now),
        );
        return after;
      });
    },
    async remove(kind, id, expectedVersion, actor, now) {
      return db.transaction(async (tx) => {
        const before = await one(tx, kind, id, ' FOR UPDATE');
        if (!before) return false;
        const [deleted] = await pgRows<{ version: number }>(tx, REGISTER_SQL.delete, {
          kind,
          id,
          expectedVersion,
          now: now.toISOString(),
        });
        if (!deleted) return false;
        await pgRows(
          tx,
          REGISTER_SQL.insertHistory,
          historyParams(id, Number(deleted.version), snapshotOf(before), null, actor.username, now),
        );
        return true;
      });
    },
    async history(kind, id) {
      return (await pgRows<HistoryRow>(db, REGISTER_SQL.history, { kind, id })).map(toHistory);
    },
    async readings(id) {
      return (await pgRows<ReadingRow>(db, REGISTER_SQL.readings, { id })).map(toReading);
    },
    async addReading(id, reading, actor, now) {
      return db.transaction(async (tx) => {
        const [created] = await pgRows<ReadingRow>(tx, REGISTER_SQL.insertReading, {
          id,
          sampledOn: reading.sampledOn,
          valuesJson: JSON.stringify(reading.values),
          by: actor.username,
          now: now.toISOString(),
        });
        if (!created) return 'exists' as const;
        const rows = await pgRows<ReadingRow>(tx, REGISTER_SQL.readings, { id });
        return rows.map(toReading).find((r) => r.id === Number(created.id))!;
      });
    },
  };
}
