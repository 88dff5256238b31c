import type { Db } from '../db/connection';
import type { Repositories } from './types';
import { createCampaignRepository } from './campaign.repo';
import { createZoneRepository } from './zones.repo';
import { createTaskRepository } from './tasks.repo';
import { createBasemapRepository } from './basemap.repo';
import { createUserRepository } from './users.repo';
import { createSessionRepository } from './sessions.repo';
import { createAuditRepository } from './audit.repo';
import { createSupervisionRepository } from './supervisions.repo';
import { createZoneWriteRepository } from './zone-writes.repo';
import { createFloodRepository } from './flood.repo';

/** The SQLite implementation of every repository. */
export function createSqliteRepositories(db: Db): Repositories {
  const ping = db.prepare('SELECT 1 AS ok');
  const audit = createAuditRepository(db);
  return {
    users: createUserRepository(db),
    sessions: createSessionRepository(db),
    audit,
    supervisions: createSupervisionRepository(db, audit.recordSync),
    zoneWrites: createZoneWriteRepository(db, audit.recordSync),
    flood: createFloodRepository(db, audit.recordSync),
    campaign: createCampaignRepository(db),
    zones: createZoneRepository(db),
    tasks: createTaskRepository(db, audit.recordSync),
    basemap: createBasemapRepository(db),
    async health() {
      return (ping.get() as { ok: number } | undefined)?.ok === 1;
    },
  };
}
