import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewAuditEntry } from '../../platform/audit';
import type { PgTx } from '../../platform/db/pg/pool';
import { ENGINES, openEngineDb, type EngineDb } from '../../../testing/engine-fixtures';
import { createApiTokenRepository, type ApiTokenRepository } from './api-tokens.repo';
import { createApiTokenPgRepository } from './api-tokens.pg';

const AUDIT_INSERT = `INSERT INTO audit_log (at, actor_user_id, actor_username, action, target_type, target_id, outcome)
  VALUES ('2026-06-01T00:00:00Z', NULL, 'admin', $1, $2, $3, $4)`;

describe.each(ENGINES)('API token repository on %s', (engine) => {
  let db: EngineDb;
  let repo: ApiTokenRepository;
  let adminId: number;
  beforeEach(async () => {
    db = await openEngineDb(engine);
    if (db.engine === 'sqlite') {
      const insert = db.sqlite.prepare(AUDIT_INSERT.replace(/\$\d/g, '?'));
      repo = createApiTokenRepository(db.sqlite, (entry: NewAuditEntry) =>
        insert.run(entry.action, entry.targetType, entry.targetId, entry.outcome),
      );
    } else {
      repo = createApiTokenPgRepository(db.pg, (tx: PgTx, entry: NewAuditEntry) =>
        tx.query(AUDIT_INSERT, [entry.action, entry.targetType, entry.targetId, entry.outcome]),
      );
    }
    adminId = await db.addUser('admin');
  }, 60_000);
  afterEach(async () => {
    await db.close();
  });

  const actor = () => ({ id: String(adminId), username: 'admin', ip: '127.0.0.1' });
  const token = (name: string, hash: string, expiresAt: string | null = null) => ({
    name,
    tokenHash: hash.repeat(64),
    start: `jx_${hash}`,
    createdBy: adminId,
    createdAt: '2026-06-01T00:00:00.000Z',
    expiresAt,
  });

  it('creates, lists newest first, finds the active one, touches and revokes once, with audit rows', async () => {
    const first = await repo.create(token('QGIS', 'a'), actor());
    const second = await repo.create(token('ArcGIS', 'b', '2026-07-01T00:00:00.000Z'), actor());
    expect(first).toEqual({
      id: first.id,
      name: 'QGIS',
      start: 'jx_a',
      createdBy: 'admin',
      createdAt: '2026-06-01T00:00:00.000Z',
      expiresAt: null,
      lastUsedAt: null,
    });
    expect((await repo.list()).map((row) => row.name)).toEqual(['ArcGIS', 'QGIS']);

    expect(await repo.findActive('a'.repeat(64), '2026-06-02T00:00:00.000Z')).toEqual({
      id: first.id,
      name: 'QGIS',
      lastUsedAt: null,
      issuerRole: 'admin',
    });
    // Expired at its date; unknown hash; a disabled issuer.
    expect(await repo.findActive('b'.repeat(64), '2026-07-01T00:00:00.000Z')).toBeNull();
    expect(await repo.findActive('b'.repeat(64), '2026-06-30T00:00:00.000Z')).not.toBeNull();
    expect(await repo.findActive('c'.repeat(64), '2026-06-02T00:00:00.000Z')).toBeNull();

    await repo.touch(first.id, '2026-06-02T08:00:00.000Z');
    expect((await repo.list()).find((row) => row.id === first.id)?.lastUsedAt).toBe('2026-06-02T08:00:00.000Z');

    const revokes = await Promise.all([
      repo.revoke(Number(second.id), actor(), '2026-06-03T00:00:00.000Z'),
      repo.revoke(Number(second.id), actor(), '2026-06-03T00:00:00.000Z'),
    ]);
    expect(revokes.sort()).toEqual([false, true]);
    expect(await repo.revoke(9999, actor(), '2026-06-03T00:00:00.000Z')).toBe(false);
    expect((await repo.list()).map((row) => row.name)).toEqual(['QGIS']);

    await db.run('UPDATE users SET disabled = 1 WHERE id = @id', { id: adminId });
    expect(await repo.findActive('a'.repeat(64), '2026-06-02T00:00:00.000Z')).toBeNull();

    const audit = await db.all<{ action: string; target_id: string }>(
      'SELECT action, target_id FROM audit_log ORDER BY id',
    );
    expect(audit).toEqual([
      { action: 'api_token_created', target_id: first.id },
      { action: 'api_token_created', target_id: second.id },
      { action: 'api_token_revoked', target_id: second.id },
    ]);
  });
});
