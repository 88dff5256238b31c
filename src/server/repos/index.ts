import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
import { createPhotoRepository } from './photos.repo';
import { createDashboardRepository } from './dashboard.repo';
import { createCheckRepository } from './checks.repo';
import { createReportsRepository } from './reports.repo';
import { createLocalPhotoFileStore } from '../photo-files';
import { createApiTokenRepository } from './api-tokens.repo';
import { createImportRepository } from './imports.repo';
import { createCaseRepository } from './cases.repo';
import { createCasePointsRepository } from './case-points.repo';
import { loadProblemCodes } from '../data-files';
import type { ProblemCode } from '../../shared/cases/case';

/**
 * The SQLite implementation of every repository. Photo files go to `photoDir`, by default the
 * `photos` folder beside the database file (DATA_DIR/photos); the case code list defaults to
 * data/problem-codes.csv.
 */
export function createSqliteRepositories(
  db: Db,
  options: { photoDir?: string; problemCodes?: readonly ProblemCode[] } = {},
): Repositories {
  const ping = db.prepare('SELECT 1 AS ok');
  const audit = createAuditRepository(db);
  const tasks = createTaskRepository(db, audit.recordSync);
  return {
    users: createUserRepository(db),
    sessions: createSessionRepository(db),
    apiTokens: createApiTokenRepository(db, audit.recordSync),
    audit,
    imports: createImportRepository(db),
    supervisions: createSupervisionRepository(db, audit.recordSync),
    zoneWrites: createZoneWriteRepository(db, audit.recordSync),
    flood: createFloodRepository(db, audit.recordSync),
    photos: createPhotoRepository(db, audit.recordSync),
    photoFiles: createLocalPhotoFileStore(options.photoDir ?? photoFolderOf(db)),
    campaign: createCampaignRepository(db),
    zones: createZoneRepository(db),
    tasks,
    dashboard: createDashboardRepository(db),
    checks: createCheckRepository(db, audit.recordSync, tasks.reworkZoneTasksSync),
    reports: createReportsRepository(db, audit.recordSync),
    basemap: createBasemapRepository(db),
    cases: createCaseRepository(db, options.problemCodes ?? loadProblemCodes(), audit.recordSync),
    casePoints: createCasePointsRepository(db),
    async health() {
      return (ping.get() as { ok: number } | undefined)?.ok === 1;
    },
  };
}

function photoFolderOf(db: Db): string {
  if (db.memory) return mkdtempSync(path.join(tmpdir(), 'jinxi-photos-'));
  return path.join(path.dirname(path.resolve(db.name)), 'photos');
}
