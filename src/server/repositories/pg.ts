import type { Repositories } from './types';
import { HttpProblem } from '../platform/problem';
import type { PgDb } from '../platform/db/pg/pool';
import { createLocalPhotoFileStore } from '../platform/storage/photo-files';
import { createCampaignPgRepository } from '../modules/campaign/campaign.pg';
import { createBasemapPgRepository } from '../modules/campaign/basemap.pg';
import { createUserPgRepository } from '../modules/admin/users.pg';
import { createSessionPgRepository } from '../modules/admin/sessions.pg';
import { createAuditPgRepository, recordAuditIn } from '../modules/admin/audit.pg';
import { createZonePgRepository } from '../modules/zones/zones.pg';
import { createZoneWritePgRepository } from '../modules/zones/zone-writes.pg';
import { createTaskPgRepository } from '../modules/tasks/tasks.pg';
import { createApiTokenPgRepository } from '../modules/admin/api-tokens.pg';
import { createImportPgRepository } from '../modules/gis/imports.pg';
import { createCasePgRepository } from '../modules/cases/cases.pg';
import { createCasePointsPgRepository } from '../modules/cases/case-points.pg';
import { loadProblemCodes } from '../platform/data-files';
import type { ProblemCode } from '../../shared/cases/case';

/** The repositories not on PostgreSQL yet (docs/deploy.md, "PostgreSQL (in progress)"). */
export const NOT_PORTED_TO_POSTGRES = ['flood', 'photos', 'dashboard', 'checks', 'reports', 'supervisions'] as const;

type NotPorted = (typeof NOT_PORTED_TO_POSTGRES)[number];

/**
 * A repository not ported yet: every call answers 501 naming it, so a PostgreSQL server says what it cannot do
 * instead of pretending (no data, no silent fallback to SQLite).
 */
function notPorted<Name extends NotPorted>(name: Name, ported: Partial<Repositories[Name]> = {}): Repositories[Name] {
  return new Proxy(ported as Repositories[Name], {
    get(target, property) {
      if (property in target) return (target as unknown as Record<string | symbol, unknown>)[property];
      if (property === 'then') return undefined; // not a promise
      return async () => {
        throw new HttpProblem(501, `PostgreSQL backend: ${name} not ported yet`);
      };
    },
  });
}

/** The PostgreSQL/PostGIS implementation of the repositories (createSqliteRepositories is the SQLite one). */
export function createPgRepositories(
  db: PgDb,
  options: { photoDir: string; problemCodes?: readonly ProblemCode[] },
): Repositories {
  const tasks = createTaskPgRepository(db, recordAuditIn);
  const pending = Object.fromEntries(NOT_PORTED_TO_POSTGRES.map((name) => [name, notPorted(name)])) as {
    [Name in NotPorted]: Repositories[Name];
  };
  return {
    ...pending,
    apiTokens: createApiTokenPgRepository(db, recordAuditIn),
    imports: createImportPgRepository(db),
    cases: createCasePgRepository(db, options.problemCodes ?? loadProblemCodes(), recordAuditIn),
    casePoints: createCasePointsPgRepository(db),
    campaign: createCampaignPgRepository(db),
    basemap: createBasemapPgRepository(db),
    users: createUserPgRepository(db),
    sessions: createSessionPgRepository(db),
    audit: createAuditPgRepository(db),
    zones: createZonePgRepository(db),
    zoneWrites: createZoneWritePgRepository(db, recordAuditIn),
    tasks,
    photoFiles: createLocalPhotoFileStore(options.photoDir),
    async health() {
      try {
        return (await db.query<{ ok: number }>('SELECT 1 AS ok')).rows[0]?.ok === 1;
      } catch {
        return false;
      }
    },
  };
}
