import type { CampaignResponse } from '../../shared/campaign/campaign';
import type { Place } from '../../shared/geo/basemap';
import type { BasemapFeature } from '../../shared/campaign/sample-data';
import type { BoundingBox, Task, ZoneFeature, ZoneGeometry, ZoneQuery } from '../../shared/zones/zone';
import type { UserRepository } from '../modules/admin/users.repo';
import type { SessionRepository } from '../modules/admin/sessions.repo';
import type { AuditRepository } from '../modules/admin/audit.repo';
import type { SupervisionRepository } from '../modules/supervision/supervisions.repo';
import type { ZoneWriteRepository } from '../modules/zones/zone-writes.repo';
import type { FloodRepository } from '../modules/flood/flood.repo';
import type { Actor } from '../modules/zones/zone-writes.repo';
import type {
  TaskAction,
  TaskActionBody,
  TaskActionRefusal,
  TaskActor,
  TaskUpdate,
  UpdateTaskBody,
} from '../../shared/tasks/task';
import type { PhotoRepository } from '../modules/photos/photos.repo';
import type { DashboardRepository } from '../modules/dashboard/dashboard.repo';
import type { CheckRepository } from '../modules/checks/checks.repo';
import type { ReportsRepository } from '../modules/reports/reports.repo';
import type { PhotoFileStore } from '../platform/storage/photo-files';
import type { ApiTokenRepository } from '../modules/admin/api-tokens.repo';
import type { ImportRepository } from '../modules/gis/imports.repo';
import type { CaseRepository } from '../modules/cases/cases.repo';
import type { CasePointsRepository } from '../modules/cases/case-points.repo';

/**
 * What routes may ask of storage. Methods are async so a PostgreSQL/PostGIS backend can implement
 * the same interface; the SQLite one answers synchronously inside.
 */
export interface CampaignRepository {
  getCampaign(today: string): Promise<CampaignResponse | null>;
}

export interface ZoneRepository {
  /** Zones matching the filters, with `overdue` derived for `today` (YYYY-MM-DD, Asia/Shanghai). */
  listZones(query: ZoneQuery, today: string): Promise<ZoneFeature[]>;
  getZone(id: number, today: string): Promise<ZoneFeature | null>;
  /**
   * The zones of these geometry types (all with null) whose box meets `bbox` (through the R*Tree; all zones
   * with null) as outlines, by id: what paging needs to count and pick a page without reading the zones.
   */
  listZoneOutlines(filter: ZoneOutlineFilter): Promise<ZoneOutline[]>;
  /** The box around every zone's box (R*Tree), null without zones: a bbox holding it holds every zone. */
  zonesExtent(): Promise<BoundingBox | null>;
  /** One page (by id) of the zones of these geometry types, and how many there are in all. */
  pageZones(
    filter: Pick<ZoneOutlineFilter, 'geometryTypes'>,
    page: { limit: number; offset: number },
    today: string,
  ): Promise<{ zones: ZoneFeature[]; total: number }>;
  /** The zones of these ids, by id (deleted ones left out). */
  listZonesByIds(ids: readonly number[], today: string): Promise<ZoneFeature[]>;
  /** The geometries of these zones, by id. */
  zoneGeometries(ids: readonly number[]): Promise<Map<number, ZoneGeometry>>;
}

export interface ZoneOutlineFilter {
  bbox: BoundingBox | null;
  geometryTypes: readonly ZoneGeometry['type'][] | null;
}

/** A zone without its record: id, geometry type, planned dates and bounding box (null for an empty geometry). */
export interface ZoneOutline {
  id: number;
  geometryType: ZoneGeometry['type'];
  plannedStart: string;
  plannedEnd: string;
  box: { minLon: number; minLat: number; maxLon: number; maxLat: number } | null;
}

export type TaskWriteResult =
  { ok: true; task: Task } | { ok: false; reason: 'not-found' } | { ok: false; reason: 'stale'; current: Task };
export type TaskActionResult = TaskWriteResult | { ok: false; reason: 'refused'; refusal: TaskActionRefusal };

/** A task with its zone, for a unit's "my work" list. */
export type MyTask = Task & { zoneName: string; zoneCategory: string };

export interface TaskRepository {
  listTasksOfZone(zoneId: number, today: string): Promise<Task[]>;
  getTask(id: number, today: string): Promise<Task | null>;
  /** Add tasks to a zone in one transaction, with thread entries and one audit entry naming them. */
  createTasks(
    zoneId: number,
    tasks: { title: string; measures: string; dueDate: string; assignedUnit: string }[],
    actor: { id: string | null; username: string | null; ip: string | null },
    auditAction: string,
  ): Promise<Task[]>;
  /** Change title, measures or assigned unit if the task is still at `expectedVersion`. */
  updateTask(
    id: number,
    expectedVersion: number,
    patch: UpdateTaskBody,
    actor: Actor,
    today: string,
  ): Promise<TaskWriteResult>;
  /** Apply a workflow action (shared rules) if the task is still at `expectedVersion`; rolls the zone up. */
  applyAction(
    id: number,
    expectedVersion: number,
    action: TaskAction,
    actorKind: TaskActor,
    body: TaskActionBody,
    actor: Actor,
    today: string,
  ): Promise<TaskActionResult>;
  addNote(id: number, note: string, actor: Actor): Promise<boolean>;
  /** A thread entry written by another part (a photo upload). */
  addThreadEntry(id: number, kind: TaskUpdate['kind'], actor: Actor, note: string, data?: unknown): Promise<void>;
  /** The update thread, oldest first, 督办 marks included. */
  listUpdates(id: number): Promise<TaskUpdate[]>;
  /**
   * Work lists: a unit's tasks (assigned to it or in zones it leads), what awaits the campaign
   * office (acceptance, extension requests), or every overdue task.
   */
  listWorkTasks(
    scope: { kind: 'unit'; unit: string } | { kind: 'office' } | { kind: 'overdue' },
    today: string,
  ): Promise<MyTask[]>;
  /**
   * Send the zone's tasks awaiting acceptance or done back to rework (返工) with a 'reject' thread
   * entry carrying `note` (a failed 季检查), and roll the zone up; the ids of the tasks sent back.
   */
  reworkZoneTasks(zoneId: number, note: string, actor: Actor): Promise<string[]>;
  /** Recompute a zone's rolled-up status and progress (after its override is cleared). */
  rollUpZone(zoneId: number): Promise<void>;
}

export interface BasemapRepository {
  listBasemapFeatures(): Promise<BasemapFeature[]>;
  listPlaces(): Promise<Place[]>;
}

export interface Repositories {
  campaign: CampaignRepository;
  zones: ZoneRepository;
  zoneWrites: ZoneWriteRepository;
  flood: FloodRepository;
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
  supervisions: SupervisionRepository;
  /** 数字城管 cases (一提升), their code list and time limits. */
  cases: CaseRepository;
  /** Case points for the map, as typed columns (GET /api/cases/points.bin). */
  casePoints: CasePointsRepository;
  health(): Promise<boolean>;
}
