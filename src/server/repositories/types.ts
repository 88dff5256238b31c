import type { PhotoFileStore } from '../platform/storage/photo-files';
import type { RunExclusively } from '../platform/db/exclusive';
import type { UserRepository } from '../modules/admin/users.repo';
import type { SessionRepository } from '../modules/admin/sessions.repo';
import type { AuditRepository } from '../modules/admin/audit.repo';
import type { ApiTokenRepository } from '../modules/admin/api-tokens.repo';
import type { SupervisionRepository } from '../modules/supervision/supervisions.repo';
import type { PlanRepository } from '../modules/plans/plans.repo';
import type { NotificationRepository } from '../modules/notifications/notifications.rows';
import type { ZoneWriteRepository } from '../modules/zones/zone-writes.repo';
import type { ZoneRepository } from '../modules/zones/zones.repo';
import type { FloodRepository } from '../modules/flood/flood.repo';
import type { SensorRepository } from '../modules/flood/sensors.repo';
import type { FloodResponseRepository } from '../modules/flood/responses.repo';
import type { TaskRepository } from '../modules/tasks/tasks.repo';
import type { PhotoRepository } from '../modules/photos/photos.repo';
import type { DashboardRepository } from '../modules/dashboard/dashboard.repo';
import type { CheckRepository } from '../modules/checks/checks.repo';
import type { ReportsRepository } from '../modules/reports/reports.repo';
import type { ImportRepository } from '../modules/gis/imports.repo';
import type { CaseRepository } from '../modules/cases/cases.repo';
import type { CasePointsRepository } from '../modules/cases/case-points.repo';
import type { CampaignRepository } from '../modules/campaign/campaign.repo';
import type { BasemapRepository } from '../modules/campaign/basemap.repo';
import type { PublicRepository } from '../modules/public/public.repo';
import type { ResidentReportRepository } from '../modules/public/resident-reports.repo';
import type { BulletinRepository } from '../modules/public/bulletins.repo';
import type { IdempotencyRepository } from '../platform/idempotency/idempotency';
import type { UploadSessionRepository } from '../modules/photos/upload-sessions.rows';

export type { CampaignRepository, ZoneRepository, TaskRepository, BasemapRepository };
export type { ZoneOutline, ZoneOutlineFilter } from '../modules/zones/zones.repo';
export type { MyTask, TaskActionResult, TaskWriteResult } from '../modules/tasks/tasks.repo';

/**
 * What routes may ask of storage (each interface lives in its module). Methods are async so a PostgreSQL/PostGIS backend can implement
 * the same interface; the SQLite one answers synchronously inside.
 */
export interface Repositories {
  campaign: CampaignRepository;
  zones: ZoneRepository;
  zoneWrites: ZoneWriteRepository;
  flood: FloodRepository;
  /** 雨量站 and 水位站, their readings and alerts, and the flood duty roster. */
  sensors: SensorRepository;
  /** 防汛应急响应 with checklists and timelines, and 泵站 status. */
  floodResponses: FloodResponseRepository;
  photos: PhotoRepository;
  /** Photo files (originals and derivatives), named by storage key. */
  photoFiles: PhotoFileStore;
  tasks: TaskRepository;
  dashboard: DashboardRepository;
  /** 季检查 (quarterly checks). */
  checks: CheckRepository;
  /** Facts of the 月报告 and 年考核, and the monthly commentary. */
  reports: ReportsRepository;
  basemap: BasemapRepository;
  users: UserRepository;
  sessions: SessionRepository;
  /** API tokens for desktop GIS (read access to the OGC API). */
  apiTokens: ApiTokenRepository;
  audit: AuditRepository;
  /** Remembered field mappings of the GIS import. */
  imports: ImportRepository;
  /** Writes sent with an Idempotency-Key, answered once (docs/field.md). */
  idempotency: IdempotencyRepository;
  /** Photo uploads sent in parts (docs/field.md). */
  uploadSessions: UploadSessionRepository;
  supervisions: SupervisionRepository;
  /** Annual plans (整治计划) and their versions (docs/plans.md). */
  plans: PlanRepository;
  /** Inbox items, the delivery outbox, unit group robots and the office's notification rules. */
  notifications: NotificationRepository;
  /** 数字城管 cases (一提升), their code list and time limits. */
  cases: CaseRepository;
  /** Case points for the map, as typed columns (GET /api/cases/points.bin). */
  casePoints: CasePointsRepository;
  /** The public site: published photo pairs, residents' 随手拍 reports (docs/public.md). */
  publicSite: PublicRepository;
  /** 随手拍 reports, 我也遇到, feedback and the public rate limits. */
  residentReports: ResidentReportRepository;
  /** The monthly 公开通报: drafts and published bulletins (docs/public.md). */
  bulletins: BulletinRepository;
  /** Whether the database answers (the photo store has its own `photoFiles.health()`). */
  health(): Promise<boolean>;
  /**
   * Background work one instance at a time: `fn` runs unless another instance (or this one) is running the work of
   * the same `name` now (PostgreSQL: an advisory lock; SQLite: this process only).
   */
  runExclusively: RunExclusively;
}
