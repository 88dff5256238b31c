import { createPgExclusive } from '../platform/db/pg/exclusive';
import type { Repositories } from './types';
import type { PgDb } from '../platform/db/pg/pool';
import { createLocalPhotoFileStore, type PhotoFileStore } from '../platform/storage/photo-files';
import { createCampaignPgRepository } from '../modules/campaign/campaign.pg';
import { createBasemapPgRepository } from '../modules/campaign/basemap.pg';
import { createUserPgRepository } from '../modules/admin/users.pg';
import { createSessionPgRepository } from '../modules/admin/sessions.pg';
import { createAuditPgRepository, recordAuditIn } from '../modules/admin/audit.pg';
import { createZonePgRepository } from '../modules/zones/zones.pg';
import { createZoneWritePgRepository } from '../modules/zones/zone-writes.pg';
import { createTaskPgRepository } from '../modules/tasks/tasks.pg';
import { createSupervisionPgRepository } from '../modules/supervision/supervisions.pg';
import { createPlanPgRepository } from '../modules/plans/plans.pg';
import { createNotificationPgRepository } from '../modules/notifications/notifications.pg';
import { createFloodPgRepository } from '../modules/flood/flood.pg';
import { createSensorPgRepository } from '../modules/flood/sensors.pg';
import { createFloodResponsePgRepository } from '../modules/flood/responses.pg';
import { createPhotoPgRepository } from '../modules/photos/photos.pg';
import { createDashboardPgRepository } from '../modules/dashboard/dashboard.pg';
import { createCheckPgRepository } from '../modules/checks/checks.pg';
import { createReportsPgRepository } from '../modules/reports/reports.pg';

import { createApiTokenPgRepository } from '../modules/admin/api-tokens.pg';
import { createImportPgRepository } from '../modules/gis/imports.pg';
import { createIdempotencyPgRepository } from '../platform/idempotency/idempotency.pg';
import { createUploadSessionPgRepository } from '../modules/photos/upload-sessions.pg';
import { createCasePgRepository } from '../modules/cases/cases.pg';
import { createCasePointsPgRepository } from '../modules/cases/case-points.pg';
import { createPublicPgRepository } from '../modules/public/public.pg';
import { createResidentReportPgRepository } from '../modules/public/resident-reports.pg';
import { createBulletinPgRepository } from '../modules/public/bulletins.pg';
import { loadProblemCodes } from '../platform/data-files';
import type { ProblemCode } from '../../shared/cases/case';

/** The PostgreSQL/PostGIS implementation of the repositories (createSqliteRepositories is the SQLite one). */
export function createPgRepositories(
  db: PgDb,
  options: { photoDir: string; photoFiles?: PhotoFileStore; problemCodes?: readonly ProblemCode[] },
): Repositories {
  const tasks = createTaskPgRepository(db, recordAuditIn);
  return {
    apiTokens: createApiTokenPgRepository(db, recordAuditIn),
    imports: createImportPgRepository(db),
    idempotency: createIdempotencyPgRepository(db),
    uploadSessions: createUploadSessionPgRepository(db),
    cases: createCasePgRepository(db, options.problemCodes ?? loadProblemCodes(), recordAuditIn),
    casePoints: createCasePointsPgRepository(db),
    publicSite: createPublicPgRepository(db, recordAuditIn),
    residentReports: createResidentReportPgRepository(db),
    bulletins: createBulletinPgRepository(db, recordAuditIn),
    campaign: createCampaignPgRepository(db),
    basemap: createBasemapPgRepository(db),
    users: createUserPgRepository(db, recordAuditIn),
    sessions: createSessionPgRepository(db),
    audit: createAuditPgRepository(db),
    zones: createZonePgRepository(db),
    zoneWrites: createZoneWritePgRepository(db, recordAuditIn),
    tasks,
    flood: createFloodPgRepository(db, recordAuditIn),
    sensors: createSensorPgRepository(db, recordAuditIn),
    floodResponses: createFloodResponsePgRepository(db, recordAuditIn),
    photos: createPhotoPgRepository(db, recordAuditIn),
    dashboard: createDashboardPgRepository(db),
    // A failed quarterly check sends the zone's tasks to rework inside the check's transaction.
    checks: createCheckPgRepository(db, recordAuditIn, tasks.reworkZoneTasksIn),
    reports: createReportsPgRepository(db, recordAuditIn),
    supervisions: createSupervisionPgRepository(db, recordAuditIn),
    plans: createPlanPgRepository(db, recordAuditIn),
    notifications: createNotificationPgRepository(db),
    photoFiles: options.photoFiles ?? createLocalPhotoFileStore(options.photoDir),
    runExclusively: createPgExclusive(db),
    async health() {
      try {
        return (await db.query<{ ok: number }>('SELECT 1 AS ok')).rows[0]?.ok === 1;
      } catch {
        return false;
      }
    },
  };
}
