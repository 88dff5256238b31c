import type { Role } from '../admin/auth';

/**
 * How a role may use a route: `allow`, `deny`, or `own` (allowed only on objects of the caller's
 * own unit, which the route checks). Anything not listed is denied.
 */
export type Access = 'allow' | 'deny' | 'own';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
export type Principal = Role | 'anonymous';

export interface AuthorizationRule {
  method: HttpMethod;
  /** The route pattern exactly as registered in Fastify. */
  url: string;
  access: Partial<Record<Principal, Access>>;
  /** Open to anonymous visitors when the public read-only view is switched on. */
  publicRead?: boolean;
}

const everyone: Partial<Record<Principal, Access>> = {
  anonymous: 'allow',
  leader: 'allow',
  admin: 'allow',
  planner: 'allow',
  unit: 'allow',
  inspector: 'allow',
  county: 'allow',
};
/**
 * Every account. The county role (县级) is here for reads only: no write route lists it, and while it looks at
 * another town than its own every write is refused (auth/guard.ts).
 */
const signedIn: Partial<Record<Principal, Access>> = {
  leader: 'allow',
  admin: 'allow',
  planner: 'allow',
  unit: 'allow',
  inspector: 'allow',
  county: 'allow',
};
const adminOnly: Partial<Record<Principal, Access>> = { admin: 'allow' };
const zoneEditors: Partial<Record<Principal, Access>> = { admin: 'allow', planner: 'allow', unit: 'own' };
/** Register objects (src/shared/registers): planners and the campaign office; a unit on the objects it owns. */
const registerEditors: Partial<Record<Principal, Access>> = { admin: 'allow', planner: 'allow', unit: 'own' };
/** GIS import: zones of every item at once, so planners and the campaign office only. */
const zoneImporters: Partial<Record<Principal, Access>> = { admin: 'allow', planner: 'allow' };
/** Task work: units on tasks assigned to them or in zones they lead (checked by the route). */
/** 督办: leaders and the campaign office issue, close and reopen them. */
const supervisionIssuers: Partial<Record<Principal, Access>> = { leader: 'allow', admin: 'allow' };
const taskWorkers: Partial<Record<Principal, Access>> = { admin: 'allow', planner: 'allow', unit: 'own' };
/** Photo uploads sent in parts: the roles that upload photos; a session is only ever its uploader's. */
const partUploaders: Partial<Record<Principal, Access>> = { admin: 'allow', planner: 'allow', unit: 'allow' };

/**
 * The authorization matrix: every API route × method × role. The server enforces it on every
 * request, the UI uses it to hide controls, and a test checks every cell and fails on a route
 * that has no row.
 */
export const AUTHORIZATION_MATRIX: readonly AuthorizationRule[] = [
  { method: 'GET', url: '/api/health', access: everyone },
  { method: 'GET', url: '/api/ready', access: everyone },
  // Anyone may ask who is logged in (the answer for a visitor is "nobody"), log in and log out.
  { method: 'GET', url: '/api/session', access: everyone },
  { method: 'POST', url: '/api/session', access: everyone },
  { method: 'DELETE', url: '/api/session', access: everyone },
  { method: 'POST', url: '/api/session/password', access: signedIn },
  { method: 'GET', url: '/api/config', access: everyone },
  // The towns of the deployment (names for the login form's choice) and the county overview of all of them.
  { method: 'GET', url: '/api/towns', access: everyone },
  { method: 'GET', url: '/api/county/overview', access: { county: 'allow' } },

  { method: 'GET', url: '/api/campaign', access: signedIn, publicRead: true },
  // What each phase must produce and whether it has (the campaign timeline of the office and the leaders).
  { method: 'GET', url: '/api/campaign/deliverables', access: signedIn },
  { method: 'GET', url: '/api/zones', access: signedIn, publicRead: true },
  { method: 'GET', url: '/api/zones/:id', access: signedIn, publicRead: true },
  { method: 'GET', url: '/api/zones/tiles/:z/:x/:y', access: signedIn, publicRead: true },
  { method: 'GET', url: '/api/zones/:id/tasks', access: signedIn, publicRead: true },
  { method: 'GET', url: '/api/basemap', access: signedIn, publicRead: true },
  { method: 'GET', url: '/api/places', access: signedIn, publicRead: true },

  // Zone editing: planners and the campaign office on every item; a unit on the items its unit leads.
  { method: 'POST', url: '/api/zones', access: zoneEditors },
  { method: 'PATCH', url: '/api/zones/:id', access: zoneEditors },
  { method: 'DELETE', url: '/api/zones/:id', access: zoneEditors },
  { method: 'POST', url: '/api/zones/:id/restore', access: zoneEditors },
  { method: 'POST', url: '/api/zones/batch', access: zoneEditors },
  { method: 'GET', url: '/api/zones/:id/history', access: signedIn },
  { method: 'GET', url: '/api/zones/deleted', access: adminOnly },
  { method: 'POST', url: '/api/zones/:id/undelete', access: adminOnly },

  // Flood data of R4 areas: the water station (lead unit of R4), planners and the campaign office.
  { method: 'GET', url: '/api/zones/:id/flood', access: signedIn },
  { method: 'PUT', url: '/api/zones/:id/flood', access: zoneEditors },
  { method: 'POST', url: '/api/zones/:id/flood/facilities', access: zoneEditors },
  { method: 'POST', url: '/api/zones/:id/flood/checklist', access: zoneEditors },
  { method: 'GET', url: '/api/flood-events', access: signedIn },
  { method: 'POST', url: '/api/flood-events', access: zoneEditors },
  { method: 'GET', url: '/api/flood-events/points', access: signedIn },
  // Rainfall events changed, deleted (restorable) and restored by the water station, planners and the office, with
  // their history; photos per waterlogging point.
  { method: 'GET', url: '/api/flood-events/:id', access: signedIn },
  { method: 'GET', url: '/api/flood-events/:id/history', access: signedIn },
  { method: 'PUT', url: '/api/flood-events/:id', access: zoneEditors },
  { method: 'DELETE', url: '/api/flood-events/:id', access: zoneEditors },
  { method: 'POST', url: '/api/flood-events/:id/restore', access: zoneEditors },
  { method: 'POST', url: '/api/flood-points/:id/photos', access: zoneEditors },
  { method: 'GET', url: '/api/flood-point-photos/:id/thumb', access: signedIn },
  { method: 'GET', url: '/api/flood-point-photos/:id/display', access: signedIn },
  { method: 'GET', url: '/api/flood-frequency', access: signedIn },
  // Flood season: monitoring stations (雨量站/水位站) and their readings, SL 651 telemetry frames, threshold alerts and
  // the duty roster. Stations are public in the read-only view; alerts name who is on duty and the roster holds
  // phone numbers, so those are staff only. Writes: the water station (R4's lead unit), planners and the office.
  { method: 'GET', url: '/api/sensors', access: signedIn, publicRead: true },
  { method: 'POST', url: '/api/sensors', access: zoneEditors },
  { method: 'PATCH', url: '/api/sensors/:id', access: zoneEditors },
  { method: 'GET', url: '/api/sensors/:id/readings', access: signedIn, publicRead: true },
  { method: 'POST', url: '/api/sensors/:id/readings', access: zoneEditors },
  { method: 'POST', url: '/api/sensors/sl651', access: zoneEditors },
  { method: 'GET', url: '/api/flood/alerts', access: signedIn },
  { method: 'GET', url: '/api/flood/duty', access: signedIn },
  { method: 'PUT', url: '/api/flood/duty', access: zoneEditors },
  // 防汛应急响应: started, raised, lowered and ended by the office or the water station; 泵站 status set by them.
  { method: 'GET', url: '/api/flood/responses', access: signedIn },
  { method: 'POST', url: '/api/flood/responses', access: zoneEditors },
  { method: 'POST', url: '/api/flood/responses/:id/actions/:action', access: zoneEditors },
  { method: 'GET', url: '/api/flood/pumps', access: signedIn, publicRead: true },
  { method: 'PUT', url: '/api/flood/pumps/:id/status', access: zoneEditors },

  // Tasks: created by zone editors; worked by the responsible unit (assigned, or leading the zone's item);
  // accepted, sent back to rework, extended and suspended by the campaign office (rules in shared/task.ts).
  { method: 'POST', url: '/api/zones/:id/tasks', access: zoneEditors },
  { method: 'GET', url: '/api/tasks/:id', access: signedIn },
  { method: 'PATCH', url: '/api/tasks/:id', access: taskWorkers },
  { method: 'POST', url: '/api/tasks/:id/actions/:action', access: taskWorkers },
  { method: 'GET', url: '/api/tasks/:id/updates', access: signedIn },
  {
    method: 'POST',
    url: '/api/tasks/:id/notes',
    access: { leader: 'allow', admin: 'allow', planner: 'allow', inspector: 'allow', unit: 'own' },
  },
  { method: 'GET', url: '/api/my-tasks', access: signedIn },
  { method: 'GET', url: '/api/dashboard', access: signedIn },

  // Photo evidence: uploading and placing by hand as for the zone's tasks (a unit on zones of items it leads, zones
  // it is responsible for, or with the photo's task assigned to it); deleting by the campaign office or the uploader.
  { method: 'GET', url: '/api/zones/:id/photos', access: signedIn },
  { method: 'POST', url: '/api/zones/:id/photos', access: zoneEditors },
  { method: 'GET', url: '/api/photos/:id', access: signedIn },
  { method: 'GET', url: '/api/photos/:id/thumb', access: signedIn },
  { method: 'GET', url: '/api/photos/:id/display', access: signedIn },
  { method: 'PATCH', url: '/api/photos/:id/position', access: zoneEditors },
  { method: 'DELETE', url: '/api/photos/:id', access: { admin: 'allow', planner: 'own', unit: 'own' } },
  // Photo uploads sent in parts (docs/field.md): by the roles that upload photos, each session its uploader's only;
  // the zone is checked when the upload becomes a photo (POST /api/zones/:id/photos with `upload`).
  { method: 'POST', url: '/api/uploads', access: partUploaders },
  { method: 'GET', url: '/api/uploads/:id', access: partUploaders },
  { method: 'PUT', url: '/api/uploads/:id', access: partUploaders },
  { method: 'DELETE', url: '/api/uploads/:id', access: partUploaders },

  // 季检查: inspectors (纪委) and the campaign office record a zone's quarterly check; everyone signed in reads them.
  { method: 'GET', url: '/api/zones/:id/checks', access: signedIn },
  { method: 'POST', url: '/api/zones/:id/checks', access: { inspector: 'allow', admin: 'allow' } },
  { method: 'GET', url: '/api/checks', access: signedIn },
  // 月度自查: the lead unit of the zone's item (checked by the route) or the campaign office; everyone reads.
  { method: 'GET', url: '/api/checklists', access: signedIn },
  { method: 'GET', url: '/api/zones/:id/inspections', access: signedIn },
  { method: 'POST', url: '/api/zones/:id/inspections', access: { admin: 'allow', unit: 'own' } },
  { method: 'GET', url: '/api/inspections', access: signedIn },
  // Reports: the ledger (台帐) of the zones matching the map's filters, for every signed-in role.
  { method: 'GET', url: '/api/reports/ledger.xlsx', access: signedIn },
  { method: 'GET', url: '/api/reports/ledger.csv', access: signedIn },
  // GIS export of the zones matching the map's filters (GeoJSON, CSV with WKT, KML, zipped Shapefile, GeoPackage).
  { method: 'GET', url: '/api/export/zones.geojson', access: signedIn },
  { method: 'GET', url: '/api/export/zones.csv', access: signedIn },
  { method: 'GET', url: '/api/export/zones.kml', access: signedIn },
  { method: 'GET', url: '/api/export/zones.shp.zip', access: signedIn },
  { method: 'GET', url: '/api/export/zones.gpkg', access: signedIn },

  // The plan's registers: everyone signed in reads; the owning unit, planners and the office write.
  { method: 'GET', url: '/api/registers', access: signedIn },
  { method: 'GET', url: '/api/registers/:kind', access: signedIn },
  { method: 'POST', url: '/api/registers/:kind', access: registerEditors },
  { method: 'POST', url: '/api/registers/:kind/import', access: registerEditors },
  { method: 'GET', url: '/api/registers/:kind/:id', access: signedIn },
  { method: 'PATCH', url: '/api/registers/:kind/:id', access: registerEditors },
  { method: 'DELETE', url: '/api/registers/:kind/:id', access: registerEditors },
  { method: 'GET', url: '/api/registers/:kind/:id/history', access: signedIn },
  { method: 'GET', url: '/api/registers/river-sections/:id/readings', access: signedIn },
  { method: 'POST', url: '/api/registers/river-sections/:id/readings', access: registerEditors },
  { method: 'GET', url: '/api/zones/:id/registers', access: signedIn },
  { method: 'GET', url: '/api/registers/:kind/export.geojson', access: signedIn },
  { method: 'GET', url: '/api/registers/:kind/export.csv', access: signedIn },
  { method: 'GET', url: '/api/registers/:kind/export.kml', access: signedIn },
  { method: 'GET', url: '/api/registers/:kind/export.shp.zip', access: signedIn },
  { method: 'GET', url: '/api/registers/:kind/export.gpkg', access: signedIn },

  // 督办: issued by leaders and the campaign office on a zone, a task or a case; answered by the responsible unit
  // only (checked by the route); closed or reopened by the issuer or the office (checked by the route).
  { method: 'GET', url: '/api/zones/:id/supervisions', access: signedIn },
  { method: 'GET', url: '/api/supervisions', access: signedIn },
  { method: 'GET', url: '/api/supervisions/:id', access: signedIn },
  { method: 'POST', url: '/api/zones/:id/supervisions', access: supervisionIssuers },
  { method: 'POST', url: '/api/supervisions', access: supervisionIssuers },
  { method: 'POST', url: '/api/supervisions/:id/actions/:action', access: supervisionIssuers },
  { method: 'POST', url: '/api/supervisions/:id/replies', access: { unit: 'own' } },

  // Annual plans (整治计划): read by everyone signed in (a unit account sees its own unit's, checked by the route);
  // drafted, edited and submitted by the unit whose plan it is; returned or approved by the campaign office (the
  // route checks which step is whose, src/shared/plans).
  { method: 'GET', url: '/api/plans', access: signedIn },
  { method: 'POST', url: '/api/plans', access: { unit: 'allow' } },
  { method: 'GET', url: '/api/plans/summary', access: signedIn },
  { method: 'GET', url: '/api/plans/workbook.xlsx', access: signedIn },
  { method: 'GET', url: '/api/plans/:id', access: signedIn },
  { method: 'PATCH', url: '/api/plans/:id', access: { unit: 'own' } },
  { method: 'GET', url: '/api/plans/:id/versions', access: signedIn },
  { method: 'POST', url: '/api/plans/:id/actions/:action', access: { admin: 'allow', unit: 'own' } },
  // 例会 and 专项工作会议: the campaign office and leaders (as for 督办) plan them, generate the agenda, keep the minutes
  // and turn decisions into tasks or 督办; a unit reads the meetings it attends or owns a decision of (the route).
  { method: 'GET', url: '/api/meetings', access: signedIn },
  { method: 'GET', url: '/api/meetings/:id', access: signedIn },
  { method: 'POST', url: '/api/meetings', access: supervisionIssuers },
  { method: 'PATCH', url: '/api/meetings/:id', access: supervisionIssuers },
  { method: 'POST', url: '/api/meetings/:id/agenda', access: supervisionIssuers },
  { method: 'POST', url: '/api/meetings/:id/decisions', access: supervisionIssuers },
  { method: 'POST', url: '/api/meetings/:id/decisions/:did/actions/:action', access: supervisionIssuers },
  // 目标责任书: the office and leaders see every unit's signing; a unit reads its own letter (checked by the route);
  // the campaign office records the signing and uploads the scan.
  { method: 'GET', url: '/api/responsibility', access: supervisionIssuers },
  { method: 'GET', url: '/api/responsibility/:year/:unit', access: signedIn },
  { method: 'PUT', url: '/api/responsibility/:year/:unit', access: adminOnly },
  { method: 'POST', url: '/api/responsibility/:year/:unit/scan', access: adminOnly },
  { method: 'GET', url: '/api/responsibility/:year/:unit/scan', access: signedIn },

  // The inbox: each signed-in person's (their own, their unit's, their role's items). Rules, group robots, the
  // outbox's failures and the digest preview: the campaign office.
  { method: 'GET', url: '/api/inbox', access: signedIn },
  { method: 'POST', url: '/api/inbox/read', access: signedIn },
  { method: 'GET', url: '/api/notifications/rules', access: adminOnly },
  { method: 'PUT', url: '/api/notifications/rules', access: adminOnly },
  { method: 'GET', url: '/api/notifications/webhooks', access: adminOnly },
  { method: 'PUT', url: '/api/notifications/webhooks/:unit/:channel', access: adminOnly },
  { method: 'DELETE', url: '/api/notifications/webhooks/:unit/:channel', access: adminOnly },
  { method: 'POST', url: '/api/notifications/webhooks/:unit/:channel/test', access: adminOnly },
  { method: 'GET', url: '/api/notifications/outbox', access: adminOnly },
  { method: 'POST', url: '/api/notifications/outbox/:id/retry', access: adminOnly },
  { method: 'GET', url: '/api/notifications/digest', access: adminOnly },

  // 月报告 and 年考核: read by everyone signed in; the monthly commentary is written by the campaign office.
  { method: 'GET', url: '/api/reports/monthly', access: signedIn },
  // 周报: read by everyone signed in; sent to the leaders' (town-wide) group by the campaign office.
  { method: 'GET', url: '/api/reports/weekly', access: signedIn },
  { method: 'POST', url: '/api/reports/weekly/send', access: adminOnly },
  { method: 'PUT', url: '/api/reports/monthly/:month/commentary/:unit', access: adminOnly },
  { method: 'GET', url: '/api/assessment', access: signedIn },

  { method: 'GET', url: '/api/users', access: adminOnly },
  { method: 'POST', url: '/api/users', access: adminOnly },
  { method: 'GET', url: '/api/users/:id', access: adminOnly },
  { method: 'PATCH', url: '/api/users/:id', access: adminOnly },
  { method: 'POST', url: '/api/users/:id/password', access: adminOnly },
  { method: 'GET', url: '/api/audit', access: { admin: 'allow', inspector: 'allow' } },
  { method: 'GET', url: '/api/audit/export', access: { admin: 'allow', inspector: 'allow' } },
  // OGC API - Features (reads, for QGIS and GDAL): everyone signed in, and API tokens with a leader's reads
  // (auth/guard.ts); visitors when the public read-only view is on (the routes hide photos and waterlogging
  // points from them, as the API does).
  { method: 'GET', url: '/ogc', access: signedIn, publicRead: true },
  { method: 'GET', url: '/ogc/conformance', access: signedIn, publicRead: true },
  { method: 'GET', url: '/ogc/api', access: signedIn, publicRead: true },
  { method: 'GET', url: '/ogc/collections', access: signedIn, publicRead: true },
  { method: 'GET', url: '/ogc/collections/:collectionId', access: signedIn, publicRead: true },
  { method: 'GET', url: '/ogc/collections/:collectionId/items', access: signedIn, publicRead: true },
  { method: 'GET', url: '/ogc/collections/:collectionId/items/:featureId', access: signedIn, publicRead: true },
  // QGIS asks which methods the items take (Allow: GET, HEAD, OPTIONS: it reads only).
  { method: 'OPTIONS', url: '/ogc/collections/:collectionId/items', access: signedIn, publicRead: true },
  { method: 'OPTIONS', url: '/ogc/collections/:collectionId/items/:featureId', access: signedIn, publicRead: true },
  // GIS import (shapefile, GeoJSON, KML/KMZ, GPX, GeoPackage, CSV → zones): planners and the campaign office.
  // An import session belongs to the user who uploaded it (others get 404).
  { method: 'POST', url: '/api/imports', access: zoneImporters },
  { method: 'GET', url: '/api/imports/field-mappings', access: zoneImporters },
  { method: 'GET', url: '/api/imports/:id/preview', access: zoneImporters },
  { method: 'POST', url: '/api/imports/:id/validate', access: zoneImporters },
  { method: 'POST', url: '/api/imports/:id/commit', access: zoneImporters },
  { method: 'DELETE', url: '/api/imports/:id', access: zoneImporters },
  // API tokens for desktop GIS: issued, listed and revoked by the campaign office.
  { method: 'GET', url: '/api/tokens', access: adminOnly },
  { method: 'POST', url: '/api/tokens', access: adminOnly },
  { method: 'DELETE', url: '/api/tokens/:id', access: adminOnly },

  // 数字城管 cases (一提升): everyone signed in reads; inspectors (监督员), units and the office report cases; the
  // office (受理员/值班长/派遣员) registers, dispatches, closes, edits time limits and imports; inspectors verify; a
  // unit acts only on cases dispatched to it (checked by the route and the shared workflow rules).
  { method: 'GET', url: '/api/case-codes', access: signedIn },
  { method: 'PUT', url: '/api/case-codes/:code/time-limit', access: adminOnly },
  { method: 'GET', url: '/api/cases', access: signedIn },
  { method: 'GET', url: '/api/cases/indicators', access: signedIn },
  { method: 'GET', url: '/api/cases/:id', access: signedIn },
  { method: 'POST', url: '/api/cases', access: { admin: 'allow', inspector: 'allow', unit: 'allow' } },
  {
    method: 'POST',
    url: '/api/cases/:id/actions/:action',
    access: { admin: 'allow', inspector: 'allow', unit: 'own' },
  },
  { method: 'POST', url: '/api/cases/import', access: adminOnly },
  { method: 'GET', url: '/api/zones/:id/cases', access: signedIn },
  // The case points of the map (binary columns), read as the cases are: everyone signed in.
  { method: 'GET', url: '/api/cases/points.bin', access: signedIn },

  // The residents' site (PUBLIC_SITE=1, docs/public.md): open to everyone, answers only what residents may see.
  { method: 'GET', url: '/api/public/zones', access: everyone },
  { method: 'GET', url: '/api/public/zones/:id', access: everyone },
  { method: 'GET', url: '/api/public/photos/:id', access: everyone },
  // 随手拍: anyone reports, follows a report by its token, and adds 我也遇到 (rate-limited per address and phone).
  { method: 'POST', url: '/api/public/reports', access: everyone },
  { method: 'GET', url: '/api/public/reports/nearby', access: everyone },
  { method: 'GET', url: '/api/public/reports/:token', access: everyone },
  { method: 'GET', url: '/api/public/reports/:token/photos/:photoId', access: everyone },
  { method: 'POST', url: '/api/public/reports/:id/me-too', access: everyone },
  { method: 'POST', url: '/api/public/reports/:token/feedback', access: everyone },
  // The office's triage of residents' reports (on the cases page); phone numbers are answered here only.
  { method: 'GET', url: '/api/public-reports', access: adminOnly },
  { method: 'GET', url: '/api/public-reports/:id/photos/:photoId', access: adminOnly },
  { method: 'POST', url: '/api/public-reports/:id/accept', access: adminOnly },
  { method: 'POST', url: '/api/public-reports/:id/merge', access: adminOnly },
  { method: 'POST', url: '/api/public-reports/:id/reject', access: adminOnly },
  { method: 'POST', url: '/api/public-reports/:id/after-photo', access: adminOnly },
  // The campaign office publishes (or withdraws) a before/after pair on the public site, by its after-photo.
  { method: 'PUT', url: '/api/photos/:id/publication', access: adminOnly },
  { method: 'DELETE', url: '/api/photos/:id/publication', access: adminOnly },
  { method: 'GET', url: '/api/zones/:id/publications', access: adminOnly },
  // The monthly 公开通报: staff read drafts and published ones, the office generates, edits and publishes; residents
  // read the published ones.
  { method: 'GET', url: '/api/bulletins', access: signedIn },
  { method: 'POST', url: '/api/bulletins', access: adminOnly },
  { method: 'GET', url: '/api/bulletins/:id', access: signedIn },
  { method: 'PATCH', url: '/api/bulletins/:id', access: adminOnly },
  { method: 'PUT', url: '/api/bulletins/:id/publication', access: adminOnly },
  { method: 'DELETE', url: '/api/bulletins/:id/publication', access: adminOnly },
  { method: 'GET', url: '/api/public/bulletins', access: everyone },
  { method: 'GET', url: '/api/public/bulletins/:id', access: everyone },
];

/** A route of the residents' site (PUBLIC_SITE=1, under /api/public/): answered 404 while the site is off. */
export const isPublicSiteRoute = (url: string) => url.startsWith('/api/public/');

const index = new Map(AUTHORIZATION_MATRIX.map((rule) => [`${rule.method} ${rule.url}`, rule]));

export function findRule(method: string, url: string): AuthorizationRule | undefined {
  return index.get(`${method === 'HEAD' ? 'GET' : method} ${url}`);
}

/** The access a principal has to a route; `publicRead` opens reads to visitors when switched on. */
export function accessFor(rule: AuthorizationRule, principal: Principal, publicReadEnabled = false): Access {
  if (principal === 'anonymous' && publicReadEnabled && rule.publicRead) return 'allow';
  return rule.access[principal] ?? 'deny';
}

/** For the UI: may this role call the route at all (own-unit routes count as possible)? */
export function canCall(role: Role | null, method: HttpMethod, url: string): boolean {
  const rule = findRule(method, url);
  if (!rule) return false;
  return accessFor(rule, role ?? 'anonymous') !== 'deny';
}
