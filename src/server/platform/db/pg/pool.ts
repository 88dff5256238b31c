import pg from 'pg';
import { TOWN_CODE } from '../../config';
import { currentTown } from '../../towns';

/**
 * PostgreSQL access for the towns of one database: a pool and, per transaction, the schema of the town the work
 * runs in (`town_<code>`, from the request's town scope in src/server/platform/towns.ts, else the town given to
 * createPgDb), entered with `SET LOCAL search_path` and `SET LOCAL ROLE town_<code>`, so one pool (or PgBouncer in
 * transaction mode) serves every town and a town's statements cannot reach another town's schema.
 */
export interface PgDb {
  pool: pg.Pool;
  /** The schema of the town the current work runs in, e.g. town_jinxi. */
  readonly schema: string;
  /** One statement in its own transaction inside the town's schema. */
  query<Row extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: readonly unknown[],
  ): Promise<pg.QueryResult<Row>>;
  /** `fn` in one transaction inside the town's schema (see withTransaction). */
  transaction<T>(fn: (tx: PgTx) => Promise<T>): Promise<T>;
}

/** A connection inside a transaction of one town (what `withTransaction` hands its function). */
export type PgTx = Pick<pg.PoolClient, 'query'>;

export const DEFAULT_TOWN = 'jinxi';

/** The schema of a town code (and the name of its role): lower-case letters, digits and `_`, starting with a letter. */
export function townSchema(code: string): string {
  if (!TOWN_CODE.test(code)) {
    throw new Error(`A town code is lower-case letters, digits and _ starting with a letter, got ${code}`);
  }
  return `town_${code}`;
}

// int8 (count(*), sum of integers, bigint columns) and numeric arrive as strings from `pg`; every value this
// application stores fits a double exactly, so they are read as numbers here, in one place.
const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

/** A pool on DATABASE_URL (postgres://user:password@host:port/database; a socket folder as host works too). */
export function createPgPool(url: string, options: { max?: number } = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, types, max: options.max ?? 10 });
  // An idle connection dropped by the server (restart, fail-over) is replaced on next use, not a crash.
  pool.on('error', (error) => console.error(`PostgreSQL connection lost: ${error.message}`));
  return pool;
}

async function enter(client: PgTx, schema: string): Promise<void> {
  // The schema name is checked by townSchema; identifiers cannot be bound as parameters. The town's role (NOLOGIN,
  // owner of its schema only; src/server/platform/db/pg/towns.ts) makes PostgreSQL refuse any other town's tables.
  await client.query(`BEGIN; SET LOCAL search_path TO ${schema}, public; SET LOCAL ROLE ${schema}`);
}

/**
 * Run `fn` in one transaction inside `schema`, as the town's role: committed when it resolves, rolled back when
 * it throws.
 */
export async function withTransaction<T>(pool: pg.Pool, schema: string, fn: (tx: PgTx) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await enter(client, schema);
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The towns of `pool`: each transaction in the current town (towns.ts), else in `town`. */
export function createPgDb(pool: pg.Pool, town: string = DEFAULT_TOWN): PgDb {
  const fallback = townSchema(town);
  const schemaNow = () => {
    const current = currentTown();
    return current ? townSchema(current) : fallback;
  };
  return {
    pool,
    get schema() {
      return schemaNow();
    },
    query: (text, values) => withTransaction(pool, schemaNow(), (tx) => tx.query(text, values as unknown[])),
    transaction: (fn) => withTransaction(pool, schemaNow(), fn),
  };
}

/**
 * A statement with `@name` parameters (the style of the SQLite repositories) as PostgreSQL's `$n`; each name is
 * one parameter however often it appears. Parameters whose type PostgreSQL cannot infer need a cast in the text
 * (`@now::bigint`).
 */
export function named(text: string, params: Record<string, unknown>): { text: string; values: unknown[] } {
  const order = new Map<string, number>();
  const values: unknown[] = [];
  const converted = text.replace(/@([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    let index = order.get(name);
    if (index === undefined) {
      if (!(name in params)) throw new Error(`No value for the SQL parameter @${name}`);
      values.push(params[name]);
      index = values.length;
      order.set(name, index);
    }
    return `$${index}`;
  });
  return { text: converted, values };
}
