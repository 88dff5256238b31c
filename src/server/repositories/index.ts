import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalExclusive } from '../platform/db/exclusive';
import type { Db } from '../platform/db/connection';
import type { Repositories } from './types';
import { createCampaignRepository } from '../modules/campaign/campaign.repo';
import { createZoneRepository } from '../modules/zones/zones.repo';
import { createTaskRepository } from '../modules/tasks/tasks.repo';
import { createBasemapRepository } from '../modules/campaign/basemap.repo';
import { createUserRepository } from '../modules/admin/users.repo';
import { createSessionRepository } from '../modules/admin/sessions.repo';
import { createAuditRepository } from '../modules/admin/audit.repo';
import { createSupervisionRepository } from '../modules/supervision/supervisions.repo';
import { createPlanRepository } from '../modules/plans/plans.repo';
import { createNotificationSqliteRepository } from '../modules/notifications/notifications.repo';
import { createZoneWriteRepository } from '../modules/zones/zone-writes.repo';
import { withOffThreadWrites } from './zone-writes-off-thread';
import { createFloodRepository } from '../modules/flood/flood.repo';
import { createSensorRepository } from '../modules/flood/sensors.repo';
import { createFloodResponseRepository } from '../modules/flood/responses.repo';
import { createPhotoRepository } from '../modules/photos/photos.repo';
import { createDashboardRepository } from '../modules/dashboard/dashboard.repo';
import { createCheckRepository } from '../modules/checks/checks.repo';
import { createReportsRepository } from '../modules/reports/reports.repo';
import { createLocalPhotoFileStore, type PhotoFileStore } from '../platform/storage/photo-files';
import { createApiTokenRepository } from '../modules/admin/api-tokens.repo';
import { createImportRepository } from '../modules/gis/imports.repo';
import { createCaseRepository } from '../modules/cases/cases.repo';
import { createCasePointsRepository } from '../modules/cases/case-points.repo';
import { createPublicRepository } from '../modules/public/public.repo';
import { createResidentReportRepository } from '../modules/public/resident-reports.repo';
import { createBulletinRepository } from '../modules/public/bulletins.repo';
import { createIdempotencyRepository } from '../platform/idempotency/idempotency.repo';
import { createUploadSessionRepository } from '../modules/photos/upload-sessions.repo';
import { loadProblemCodes } from '../platform/data-files';
import type { ProblemCode } from '../../shared/cases/case';

/**
 * The SQLite implementation of every repository. Photo files go to the given `photoFiles` store
 * (PHOTO_STORE=s3: a bucket), else to `photoDir` on the local disk, by default the `photos` folder
 * beside the database file (DATA_DIR/photos); the case code list defaults to data/problem-codes.csv.
 */
export function createSqliteRepositories(
  db: Db,
  options: { photoFiles?: PhotoFileStore; photoDir?: string; problemCodes?: readonly ProblemCode[] } = {},
): Repositories {
  const ping = db.prepare('SELECT 1 AS ok');
  const audit = createAuditRepository(db);
  const tasks = createTaskRepository(db, audit.recordSync);
  return {
    users: createUserRepository(db, audit.recordSync),
    sessions: createSessionRepository(db),
    apiTokens: createApiTokenRepository(db, audit.recordSync),
    audit,
    imports: createImportRepository(db),
    idempotency: createIdempotencyRepository(db),
    uploadSessions: createUploadSessionRepository(db),
    supervisions: createSupervisionRepository(db, audit.recordSync),
    plans: createPlanRepository(db, audit.recordSync),
    notifications: createNotificationSqliteRepository(db),
    zoneWrites: withOffThreadWrites(db, createZoneWriteRepository(db, audit.recordSync)),
    flood: createFloodRepository(db, audit.recordSync),
    sensors: createSensorRepository(db, audit.recordSync),
    floodResponses: createFloodResponseRepository(db, audit.recordSync),
    photos: createPhotoRepository(db, audit.recordSync),
    photoFiles: options.photoFiles ?? createLocalPhotoFileStore(options.photoDir ?? photoFolderOf(db)),
    campaign: createCampaignRepository(db),
    zones: createZoneRepository(db),
    tasks,
    dashboard: createDashboardRepository(db),
    checks: createCheckRepository(db, audit.recordSync, tasks.reworkZoneTasksSync),
    reports: createReportsRepository(db, audit.recordSync),
    basemap: createBasemapRepository(db),
    cases: createCaseRepository(db, options.problemCodes ?? loadProblemCodes(), audit.recordSync),
    casePoints: createCasePointsRepository(db),
    runExclusively: createLocalExclusive(),
    publicSite: createPublicRepository(db, audit.recordSync),
    residentReports: createResidentReportRepository(db),
    bulletins: createBulletinRepository(db, audit.recordSync),
    async health() {
      return (ping.get() as { ok: number } | undefined)?.ok === 1;
    },
  };
}

function photoFolderOf(db: Db): string {
  if (db.memory) return mkdtempSync(path.join(tmpdir(), 'jinxi-photos-'));
  return path.join(path.dirname(path.resolve(db.name)), 'photos');
}
