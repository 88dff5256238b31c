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
