import { named } from './pool';

/** What runs a statement: a town's PgDb (its own transaction) or a connection inside one (PgTx). */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** The rows of a statement with `@name` parameters (see `named`). */
export async function pgRows<Row>(db: PgQueryable, sql: string, params: Record<string, unknown> = {}): Promise<Row[]> {
  const { text, values } = named(sql, params);
  return (await db.query(text, values)).rows as Row[];
}

/**
 * A fingerprint of the 单元网格 (grids) content, not just its row count: what each instance keys its caches of
 * grid-derived indexes by (the case join's grid index, the zone writes' village areas), so a grid replaced through
 * another instance or a tool is seen here at the next write.
 */
export const GRIDS_KEY_SQL =
  "SELECT count(*) || ':' || coalesce(md5(string_agg(code || village_code || md5(geometry_json), ',' ORDER BY code)), '') AS key FROM grids";

/** The same for the places' short names (the village areas name their villages from them). */
export const PLACES_KEY_SQL =
  "SELECT coalesce(md5(string_agg(code_2023 || ':' || short_name, ',' ORDER BY code_2023)), '') AS key FROM places";
