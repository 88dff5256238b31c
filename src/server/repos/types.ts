import type { CampaignResponse } from '../../shared/campaign';
import type { Place } from '../../shared/basemap';
import type { BasemapFeature } from '../../shared/sample-data';
import type { Task, ZoneFeature, ZoneQuery } from '../../shared/zone';
import type { UserRepository } from './users.repo';
import type { SessionRepository } from './sessions.repo';
import type { AuditRepository } from './audit.repo';
import type { SupervisionRepository } from './supervisions.repo';
import type { ZoneWriteRepository } from './zone-writes.repo';
import type { FloodRepository } from './flood.repo';
import type { PhotoRepository } from './photos.repo';
import type { PhotoFileStore } from '../photo-files';

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
}

export interface TaskRepository {
  listTasksOfZone(zoneId: number, today: string): Promise<Task[]>;
  /** Add tasks to a zone in one transaction, with one audit entry naming them. */
  createTasks(
    zoneId: number,
    tasks: { title: string; measures: string; dueDate: string; assignedUnit: string }[],
    actor: { id: string | null; username: string | null; ip: string | null },
    auditAction: string,
  ): Promise<Task[]>;
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
  basemap: BasemapRepository;
  users: UserRepository;
  sessions: SessionRepository;
  audit: AuditRepository;
  supervisions: SupervisionRepository;
  health(): Promise<boolean>;
}
