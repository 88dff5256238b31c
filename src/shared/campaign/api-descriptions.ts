import type { AuthorizationRule } from './authorization';

/** What a route does, for docs/api.md (`npm run docs:api`). One short line; the matrix says who may call it. */
export interface ApiDescription {
  summary: string;
  /** The write needs `If-Match` with the ETag the caller read: 428 without it, 412 when stale. */
  ifMatch?: true;
}

/** The key of a matrix row: `METHOD url`, the url exactly as in the matrix. */
export const routeKey = (rule: Pick<AuthorizationRule, 'method' | 'url'>) => `${rule.method} ${rule.url}`;

/**
 * One description per row of AUTHORIZATION_MATRIX (a test fails on a row without one, or on a
 * description without a row).
 */
export const API_DESCRIPTIONS: Readonly<Record<string, ApiDescription>> = {
  'GET /api/health': {
    summary:
      'Liveness: `{"status":"ok","database":"ok","photoStore":"ok"}`; `degraded` when the photo store does not answer, 503 when the database does not.',
  },
  'GET /api/ready': {
    summary: 'Readiness for a load balancer: 200 while the database and the photo store answer, else 503 naming which.',
  },
  'GET /api/session': { summary: 'Who is logged in (`{user: null}` for a visitor).' },
  'POST /api/session': {
    summary:
      'Log in with username, password and (several towns) `town`; sets the session and town cookies (throttled).',
  },
  'DELETE /api/session': { summary: 'Log out: ends the session at once.' },
  'POST /api/session/password': { summary: 'Change your own password (current password required).' },
  'GET /api/config': {
    summary:
      'Configured online basemaps, whether the data is sample data, and in demo mode the demo accounts of the 社区 and 村.',
  },
  'GET /api/towns': { summary: "The deployment's towns `{towns: [{code, name}]}` (the login form's choice)." },
  'GET /api/county/overview': {
    summary: 'County overview (县级): per town its figures, most overdue zones and tasks, and lead units ranked.',
  },

  'GET /api/campaign': {
    summary:
      'The campaign: groups, 13 items, units (部门, 社区 and 村 with their statistical codes), phases of the year, statuses and colours, `today`.',
  },
  'GET /api/campaign/deliverables': {
    summary:
      'Each phase of the campaign year with what the plan says it must produce (`deliverables`: kind, name, due) and whether it has: `state` done, partial, missing, upcoming or untracked (the product keeps no record), `done` of `of`.',
  },
  'GET /api/zones': {
    summary:
      'Zones as a GeoJSON FeatureCollection; filters `bbox`, `category`, `status`, `unit`, `q`, `overdue`; a page with `limit` (≤ 5,000) and `offset`, with `numberMatched`; `geometry=none` answers each zone with `geometry: null` and its box as `bbox` [west, south, east, north] (an unfiltered page from the spatial index, rounded outward; the list of a county, past 5,000 zones).',
  },
  'GET /api/zones/:id': { summary: 'One zone as a Feature, with `ETag`.' },
  'GET /api/zones/tiles/:z/:x/:y': {
    summary:
      'The zones as Mapbox Vector Tiles (`{y}.pbf`, layer `zones`: zoneId, name, category, status, leadUnit, responsibleUnits `|a|b|`, overdue), with `ETag`; 204 for a tile no zone reaches. `asOf=YYYY-MM-DD`: the zones as they stood that day (those that existed, in their status then).',
  },
  'GET /api/zones/:id/tasks': { summary: "The zone's tasks with the derived `overdue` flag." },
  'GET /api/basemap': { summary: 'The offline base layers (outline, water, roads, places).' },
  'GET /api/places': { summary: 'Communities and villages with their statistical codes.' },

  'POST /api/zones': { summary: 'Create a zone (geometry checked; an overlap in the same item needs a reason).' },
  'PATCH /api/zones/:id': { summary: 'Change a zone; 412 answers with the zone as it is now.', ifMatch: true },
  'DELETE /api/zones/:id': { summary: 'Soft-delete a zone (the campaign office can undo it).', ifMatch: true },
  'POST /api/zones/:id/restore': {
    summary: "Restore an earlier version of the zone's history as a new version.",
    ifMatch: true,
  },
  'POST /api/zones/batch': {
    summary:
      'Several zone writes, all or nothing (split, merge); each entry carries its expected version. New shapes of one item may not overlap each other (409 naming both operations) unless sent with an overlapReason.',
  },
  'GET /api/zones/:id/history': { summary: "The zone's versions: who, when, what changed." },
  'GET /api/zones/deleted': { summary: 'Soft-deleted zones.' },
  'POST /api/zones/:id/undelete': { summary: 'Bring back a soft-deleted zone.' },

  'GET /api/zones/:id/flood': { summary: "A flood-prone area's (R4) profile and linked facilities." },
  'PUT /api/zones/:id/flood': {
    summary: 'Write the flood profile (risk, depth, duration, households, cause, measures); If-Match once it exists.',
    ifMatch: true,
  },
  'POST /api/zones/:id/flood/facilities': { summary: 'Link a drainage facility (pump, outfall, flood wall …).' },
  'POST /api/zones/:id/flood/checklist': {
    summary: "Generate the flood-season checklist as the area's tasks (`data/flood-checklist.json`).",
  },
  'GET /api/flood-events': { summary: 'Recorded rainfall events, newest first; `deleted=true`: the deleted ones.' },
  'GET /api/flood-events/:id': { summary: 'One rainfall event with its waterlogging points and their photos (ETag).' },
  'GET /api/flood-events/:id/history': {
    summary: "An event's history: who changed, deleted or restored it, when, what.",
  },
  'PUT /api/flood-events/:id': {
    summary: 'Change an event and its points (points with `id` changed, without added, unlisted taken out); If-Match.',
  },
  'DELETE /api/flood-events/:id': { summary: 'Delete an event (restorable; its history is kept); If-Match.' },
  'POST /api/flood-events/:id/restore': { summary: 'Restore a deleted event; If-Match.' },
  'POST /api/flood-points/:id/photos': {
    summary: 'Attach photos to a waterlogging point (multipart `file`, up to 5; the photo checks and limits).',
  },
  'GET /api/flood-point-photos/:id/thumb': { summary: "A point photo's thumbnail (JPEG, no metadata)." },
  'GET /api/flood-point-photos/:id/display': { summary: "A point photo's display image (JPEG, no metadata)." },
  'POST /api/flood-events': { summary: 'Record a rainfall event with its waterlogging points in one request.' },
  'GET /api/flood-events/points': { summary: 'The waterlogging points of the events, with depth and area.' },
  'GET /api/flood-frequency': { summary: 'How often each flood-prone area flooded.' },
  'GET /api/sensors': {
    summary: 'Monitoring stations (雨量站/水位站) with thresholds, latest reading and the thresholds they are over.',
  },
  'POST /api/sensors': {
    summary: 'Register a station: kind, name, SL 651 address, position, river or area, 警戒/保证水位, 1 h/24 h rain.',
  },
  'PATCH /api/sensors/:id': { summary: "Change a station's fields or thresholds.", ifMatch: true },
  'GET /api/sensors/:id/readings': { summary: "The station's readings of the last `days` (default 7, at most 31)." },
  'POST /api/sensors/:id/readings': {
    summary:
      'Readings as JSON `{readings:[…]}` or CSV (`observedAt,rainfallMm,waterLevelM`); repeats stored once; threshold crossings alert once.',
  },
  'POST /api/sensors/sl651': {
    summary:
      'One SL 651-2014 HEX/BCD frame (octet-stream, or hex in text/plain): readings stored, the acknowledgement frame answered; damaged frames 400 naming the fault.',
  },
  'GET /api/flood/alerts': { summary: 'Threshold alerts, newest first; `sensor`, `open=true`.' },
  'GET /api/flood/duty': { summary: 'The flood duty roster (值班表) of a day (`date`): names, roles and phones.' },
  'PUT /api/flood/duty': { summary: "Set a day's duty roster `{date, people}` (replaces the day's list)." },
  'GET /api/flood/responses': {
    summary: 'Emergency responses (防汛应急响应), newest first, with checklist and timeline.',
  },
  'POST /api/flood/responses': {
    summary: "Start a response at a level with a reason; the level's checklist comes from `data/flood-response.json`.",
  },
  'POST /api/flood/responses/:id/actions/:action': {
    summary: 'Raise, lower or end a response with a reason (raising adds the new level’s tasks).',
    ifMatch: true,
  },
  'GET /api/flood/pumps': { summary: 'Pump stations (排水泵站 facilities) with their status 运行/停机/故障.' },
  'PUT /api/flood/pumps/:id/status': {
    summary: "Set a pump station's status and note; If-Match once it has one. Logged on a running response.",
  },

  'POST /api/zones/:id/tasks': { summary: 'Create a task in the zone: title, measures, assigned unit, due date.' },
  'GET /api/tasks/:id': { summary: 'One task with `ETag`, photo counts and a pending extension request.' },
  'PATCH /api/tasks/:id': { summary: "Change a task's title, measures or assigned unit.", ifMatch: true },
  'POST /api/tasks/:id/actions/:action': {
    summary: 'A workflow step (start, submit, accept, reject, extension, suspend, resume) by the shared rules.',
    ifMatch: true,
  },
  'GET /api/tasks/:id/updates': { summary: "The task's thread: actions with reasons, notes, photos, 督办 marks." },
  'POST /api/tasks/:id/notes': { summary: "Add a note to the task's thread." },
  'GET /api/my-tasks': { summary: "我的工作: a unit's tasks by urgency, the office's queue, or overdue tasks." },
  'GET /api/dashboard': {
    summary: 'The leadership overview (totals, rates, items, lead units, overdue lists); `asOf` looks back.',
  },

  'GET /api/zones/:id/photos': { summary: "The zone's photos, newest first (`taskId` filters)." },
  'POST /api/zones/:id/photos': {
    summary:
      'Upload photos (multipart, ≤ 10 files, or the field `upload` naming one sent in parts); `Idempotency-Key` makes a retry return the first photo.',
  },
  'GET /api/photos/:id': { summary: "A photo's metadata: time, position and its source, bearing, pair, uploader." },
  'GET /api/photos/:id/thumb': { summary: 'The 320 px JPEG thumbnail (no metadata).' },
  'GET /api/photos/:id/display': { summary: 'The 1600 px JPEG display image (no metadata).' },
  'PATCH /api/photos/:id/position': { summary: 'Place a photo without GPS by hand; its pairs are judged again.' },
  'DELETE /api/photos/:id': { summary: 'Soft-delete a photo (the uploader or the campaign office).' },
  'POST /api/uploads': {
    summary: 'Open a photo upload sent in parts (`bytes`, `fileName`): its id and offset 0. Idle a day, it goes.',
  },
  'GET /api/uploads/:id': { summary: 'How many bytes of the upload the server has (`offset`): where to resume.' },
  'PUT /api/uploads/:id': {
    summary: 'The next part (`Content-Range`, octet-stream, ≤ 8 MB), only at `offset` (409 with `offset` otherwise).',
  },
  'DELETE /api/uploads/:id': { summary: 'Give up an upload sent in parts; its parts are removed.' },

  'GET /api/zones/:id/checks': { summary: "The zone's quarterly checks (季检查), newest quarter first." },
  'POST /api/zones/:id/checks': {
    summary: "Record this quarter's check; a fail sends the zone's submitted and finished tasks back to rework.",
  },
  'GET /api/checks': { summary: "A quarter's checks and the zones not yet checked." },
  'GET /api/checklists': { summary: "The 评分细则: every item's checklist (`data/checklists/<item>.json`)." },
  'GET /api/zones/:id/inspections': { summary: "The zone's monthly self-inspections (月度自查), newest month first." },
  'POST /api/zones/:id/inspections': {
    summary: "Record the month's self-inspection on the item's checklist (lead unit or office); the score is computed.",
  },
  'GET /api/inspections': {
    summary:
      "A unit's (`unit=`, default the caller's) self-inspections of a month (`month=`) and its zones not yet inspected.",
  },
  'GET /api/reports/ledger.xlsx': { summary: 'The ledger (台帐) of the filtered zones as an Excel workbook.' },
  'GET /api/reports/ledger.csv': { summary: 'The same ledger rows as CSV (UTF-8 with BOM).' },
  'GET /api/export/zones.geojson': { summary: 'GIS export of the filtered zones: GeoJSON (RFC 7946).' },
  'GET /api/export/zones.csv': { summary: 'GIS export: CSV with a WKT geometry column.' },
  'GET /api/export/zones.kml': { summary: 'GIS export: KML 2.2.' },
  'GET /api/export/zones.shp.zip': { summary: 'GIS export: zipped Shapefile, one per geometry kind.' },
  'GET /api/export/zones.gpkg': { summary: 'GIS export: GeoPackage.' },

  'GET /api/plans': {
    summary:
      "Annual plans (整治计划), `year`, `unit`, `state=draft|submitted|returned|approved`; a unit account sees its own unit's.",
  },
  'POST /api/plans': { summary: "Draft your unit's plan for `year` (one per unit and year; 409 when it exists)." },
  'GET /api/plans/summary': {
    summary:
      "The year's plans aggregated (`year`): each lead unit's plan state and lateness, the approved projects, totals.",
  },
  'GET /api/plans/workbook.xlsx': {
    summary: 'The 上报 workbook of the approved plans of `year` in the county layout (one sheet, totals).',
  },
  'GET /api/plans/:id': { summary: 'One plan with its projects, state, due date (end of February) and lateness.' },
  'PATCH /api/plans/:id': { summary: 'Replace the body of your draft or returned plan.', ifMatch: true },
  'GET /api/plans/:id/versions': { summary: "The plan's versions, newest first: who, when, the step, comment, body." },
  'POST /api/plans/:id/actions/:action': {
    summary: '`submit` (the unit), `return` with a `comment` or `approve` (the campaign office).',
    ifMatch: true,
  },
  'GET /api/registers': { summary: 'The registers (工地, 农贸市场, 户外广告 …): `{kinds: [{slug, count}]}`.' },
  'GET /api/registers/:kind': {
    summary: "A register's objects as a GeoJSON FeatureCollection (WGS 84); `bbox=minLon,minLat,maxLon,maxLat`.",
  },
  'POST /api/registers/:kind': {
    summary:
      "Add an object: `{name, geometry, attributes, coordinateSystem?: wgs84|gcj02, ownerUnit?}`; attributes checked against the kind's fields.",
  },
  'POST /api/registers/:kind/import': {
    summary:
      "Import a GIS file (multipart `file`: GeoJSON, KML, GeoPackage, zipped Shapefile, CSV, DXF) into a register: columns matched by field key or Chinese label; `?dryRun=1` answers the preview with each row's errors, without it the valid rows are created in one transaction (201). `coordinateSystem=gcj02` converts; `layer=` picks a layer of a file with several (or the first).",
  },
  'GET /api/registers/:kind/:id': { summary: 'One register object (GeoJSON Feature) with its ETag.' },
  'PATCH /api/registers/:kind/:id': {
    summary: 'Change an object: name, geometry, attributes (merged; null clears one), owner.',
    ifMatch: true,
  },
  'DELETE /api/registers/:kind/:id': { summary: 'Delete an object (kept with its history).', ifMatch: true },
  'GET /api/registers/:kind/:id/history': { summary: "An object's history, newest first: who, when, what changed." },
  'GET /api/registers/river-sections/:id/readings': {
    summary: "A river section's water-quality readings (透明度, 溶解氧, 氧化还原电位, 氨氮), oldest first.",
  },
  'POST /api/registers/river-sections/:id/readings': {
    summary: 'Record a reading `{sampledOn, values}`; 409 when that day has one.',
  },
  'GET /api/zones/:id/registers': { summary: 'The register objects the zone covers `{objects: [{kind, id, name}]}`.' },
  'GET /api/registers/:kind/export.geojson': { summary: 'GIS export of a register: GeoJSON (RFC 7946).' },
  'GET /api/registers/:kind/export.csv': { summary: 'GIS export of a register: CSV with a WKT geometry column.' },
  'GET /api/registers/:kind/export.kml': { summary: 'GIS export of a register: KML 2.2.' },
  'GET /api/registers/:kind/export.shp.zip': { summary: 'GIS export of a register: zipped Shapefile.' },
  'GET /api/registers/:kind/export.gpkg': { summary: 'GIS export of a register: GeoPackage (one layer).' },

  'GET /api/zones/:id/supervisions': { summary: "The zone's 督办 marks (note and deadline)." },
  'POST /api/zones/:id/supervisions': { summary: 'Issue a 督办 on the zone or one of its tasks, with a deadline.' },
  'GET /api/supervisions': {
    summary:
      '督办 with their threads, newest first; `status=open|overdue|closed` (overdue: unanswered past the deadline), `mine=1` for your unit.',
  },
  'POST /api/supervisions': {
    summary: 'Issue a 督办 on exactly one of `zoneId`, `taskId` or `caseId` with a note and a deadline.',
  },
  'GET /api/supervisions/:id': { summary: 'One 督办 with its thread, with `ETag`.' },
  'POST /api/supervisions/:id/replies': {
    summary: "The responsible unit's reply: `progress`, `photoIds` (photos of the zone), `newDate`.",
  },
  'POST /api/supervisions/:id/actions/:action': {
    summary:
      '`close`: the issuer (or the campaign office) accepts the reply and closes the 督办; `reopen`: sends the reply back or reopens a closed 督办, optional new `deadline`.',
    ifMatch: true,
  },

  'GET /api/meetings': {
    summary:
      '例会 and 专项工作会议 with their agenda snapshot, minutes and decisions, latest first (`kind=routine|quarterly`); a unit sees the meetings it attends or owns a decision of.',
  },
  'POST /api/meetings': {
    summary:
      'Plan a meeting: `kind`, `title`, `date`, `time` (Asia/Shanghai), `place`, `attendees` (units); its agenda is generated from the campaign as it stands.',
  },
  'GET /api/meetings/:id': { summary: 'One meeting with its agenda, minutes and decisions, with `ETag`.' },
  'PATCH /api/meetings/:id': {
    summary: 'Change a meeting: `title`, `date`, `time`, `place`, `attendees`, `minutes`, `state` (`planned`/`held`).',
    ifMatch: true,
  },
  'POST /api/meetings/:id/agenda': {
    summary: 'Generate the agenda again from the campaign as it stands now (409 once the meeting was held).',
    ifMatch: true,
  },
  'POST /api/meetings/:id/decisions': {
    summary: 'Record a decision: `text`, `ownerUnit`, `dueDate`.',
  },
  'POST /api/meetings/:id/decisions/:did/actions/:action': {
    summary:
      '`task` (`zoneId`): the decision becomes a task of its owner unit on the zone, due on its date; `supervise` (`zoneId` or `taskId`): a 督办 its owner answers by its date. Once: a repeat answers 200 with the decision.',
  },

  'GET /api/responsibility': {
    summary:
      "目标责任书 of a year (`year`, required): every unit with duties or a plan, its plan's state, signed, the signing day and whether a scan is stored.",
  },
  'GET /api/responsibility/:year/:unit': {
    summary:
      'A unit\'s 目标责任书: its duties (items with their 整治要求), the assessment terms and the targets of its approved plan (`plan` null: no approved plan, no letter), with the signing state and its `ETag` ("0" before anything is recorded).',
  },
  'PUT /api/responsibility/:year/:unit': {
    summary:
      'Record the signing: `signed` and `signedOn` (the day; null when not signed); signing needs an approved plan.',
    ifMatch: true,
  },
  'POST /api/responsibility/:year/:unit/scan': {
    summary:
      'Upload the scan (a photo or image of the signed letter) in `file`, multipart; it replaces an earlier one.',
  },
  'GET /api/responsibility/:year/:unit/scan': { summary: 'The stored scan as a JPEG.' },

  'GET /api/inbox': {
    summary:
      'Your inbox, newest first (`limit`, default 50): items for you, your unit or your role, with `read`, and `unread`.',
  },
  'POST /api/inbox/read': { summary: 'Mark inbox items read: `{ids}` or `{all: true}`; answers `{unread}`.' },
  'GET /api/notifications/rules': {
    summary: 'The notification rules in force (the office’s edit, else data/notification-rules.json), with `ETag`.',
  },
  'PUT /api/notifications/rules': {
    summary:
      'Replace the rules (checked like the file; 400 names each bad field); If-Match once the office saved some.',
    ifMatch: true,
  },
  'GET /api/notifications/webhooks': {
    summary: "Units' 企业微信/钉钉 group robots: unit, channel, a hint of the URL, `signed`; never the key or secret.",
  },
  'PUT /api/notifications/webhooks/:unit/:channel': {
    summary: "Set a unit's group robot (`wecom` or `dingtalk`): `url`, and `secret` for 钉钉 加签; bad URLs get 400.",
  },
  'DELETE /api/notifications/webhooks/:unit/:channel': { summary: "Remove a unit's group robot." },
  'POST /api/notifications/webhooks/:unit/:channel/test': {
    summary: "Queue a test message to one unit's group robot through the delivery outbox (202 `{queued}`).",
  },
  'POST /api/notifications/outbox/:id/retry': {
    summary: 'Send a failed outbox message again, its back-off from the start (404 unless it failed).',
  },
  'GET /api/notifications/outbox': {
    summary: 'Messages to the group robots by `status` (failed by default; pending, delivered), with the last error.',
  },
  'GET /api/notifications/digest': { summary: 'A preview of the next daily digest per group (nothing is sent).' },
  'GET /api/reports/monthly': { summary: 'The monthly report (月报告) per unit and for the town.' },
  'PUT /api/reports/monthly/:month/commentary/:unit': {
    summary: "The office's commentary on a unit's (or the town's) month; a stale `version` in the body is a 412.",
  },
  'GET /api/reports/weekly': {
    summary:
      'The weekly briefing (周报) of an ISO week (`week=YYYY-Www` or any `date` in it; this week by default): the week’s figures, overdue tasks, 督办 status, the units’ ranking.',
  },
  'POST /api/reports/weekly/send': {
    summary:
      "Queue the week's briefing `{week}` for the leaders' (town-wide) group robots through the delivery outbox (202 `{queued, channels}`; once per content; 409 when none is set).",
  },
  'GET /api/assessment': { summary: 'The annual assessment (年考核): indicators, composite, grade, rank per unit.' },

  'GET /api/users': { summary: 'The accounts.' },
  'POST /api/users': { summary: 'Create an account.' },
  'GET /api/users/:id': { summary: 'One account, with `ETag`.' },
  'PATCH /api/users/:id': { summary: 'Change name, role, unit or disable/enable an account.', ifMatch: true },
  'POST /api/users/:id/password': { summary: "Reset an account's password (ends its sessions)." },
  'GET /api/audit': { summary: 'The audit log; filters: action, outcome, targetType, target, actor, unit, from, to.' },
  'GET /api/audit/export': {
    summary:
      'The filtered audit log as a download (format=xlsx|csv, the filters of GET /api/audit) in the page’s Chinese words; at most 20 000 entries (422 beyond).',
  },

  'GET /ogc': { summary: 'OGC API - Features landing page.' },
  'GET /ogc/conformance': { summary: 'The conformance classes claimed (core, GeoJSON, OpenAPI 3.0, CRS).' },
  'GET /ogc/api': { summary: 'The OpenAPI 3.0 description of the OGC API.' },
  'GET /ogc/collections': { summary: 'The collections with their extents.' },
  'GET /ogc/collections/:collectionId': { summary: 'One collection.' },
  'GET /ogc/collections/:collectionId/items': {
    summary: 'Features of a collection: `bbox`, `bbox-crs`, `crs`, `datetime`, `limit`, `offset`.',
  },
  'GET /ogc/collections/:collectionId/items/:featureId': { summary: 'One feature.' },
  'OPTIONS /ogc/collections/:collectionId/items': { summary: '`Allow: GET, HEAD, OPTIONS` (read-only).' },
  'OPTIONS /ogc/collections/:collectionId/items/:featureId': { summary: '`Allow: GET, HEAD, OPTIONS` (read-only).' },

  'POST /api/imports': { summary: 'Upload a GIS file for import; answers what was detected and a preview.' },
  'GET /api/imports/field-mappings': { summary: "This user's remembered field mapping for a set of field names." },
  'GET /api/imports/:id/preview': { summary: 'Read the upload again with another encoding, CRS, GCJ-02 or layer.' },
  'POST /api/imports/:id/validate': { summary: 'Map the fields and check every feature: the validation report.' },
  'POST /api/imports/:id/commit': { summary: 'Create the valid features as zones, all at once or none.' },
  'DELETE /api/imports/:id': { summary: 'Drop the import session and its temporary files.' },

  'GET /api/tokens': { summary: 'The live API tokens (never a secret).' },
  'POST /api/tokens': { summary: 'Issue an API token for desktop GIS; the secret is shown once.' },
  'DELETE /api/tokens/:id': { summary: 'Revoke an API token.' },

  'GET /api/case-codes': { summary: 'The 数字城管 problem codes with their current time limits (处置时限).' },
  'PUT /api/case-codes/:code/time-limit': { summary: "Set a code's time limit in hours." },
  'GET /api/cases': { summary: 'Cases with filters (status, unit, code, 大类, days, zone, bbox …), paged.' },
  'GET /api/cases/indicators': { summary: 'Case indicators per unit and for the town over a period.' },
  'GET /api/cases/:id': { summary: 'One case with its steps and the actions the caller may take, `ETag`.' },
  'POST /api/cases': { summary: 'Report a case (code, position, description); joined to zone, village and grid.' },
  'POST /api/cases/:id/actions/:action': {
    summary: 'A workflow step (register, dispatch, handle, verify, close, extension …) by the shared rules.',
    ifMatch: true,
  },
  'POST /api/cases/import': { summary: "Import a platform's CSV export: preview, then commit (idempotent)." },
  'GET /api/zones/:id/cases': { summary: "The zone's cases, counts by status and 复发 (cases after acceptance)." },
  'GET /api/cases/points.bin': { summary: 'Case points for the map as binary columns, with `ETag` (304).' },

  'GET /api/public/zones': {
    summary: 'Public site: the zones as GeoJSON with name, item and status only, and the statuses’ colours.',
  },
  'GET /api/public/zones/:id': {
    summary: 'Public site: one zone’s item, lead unit, plan dates, progress and published before/after pairs.',
  },
  'GET /api/public/photos/:id': {
    summary: 'Public site: the display image (no metadata) of a photo in a published pair; 404 for any other.',
  },
  'POST /api/public/reports': {
    summary:
      '随手拍 (multipart): photo(s), `category`, `lon`, `lat`, `description`, optional `phone` → 201 `{token}`; 429 past the rate limits.',
  },
  'GET /api/public/reports/nearby': {
    summary: 'Open reports of the same `category` within 50 m of `lon`/`lat` (offered as 我也遇到); no text, no phone.',
  },
  'GET /api/public/reports/:token': {
    summary: 'A report as its reporter follows it: status, the reason of a rejection, the after-photo once closed.',
  },
  'GET /api/public/reports/:token/photos/:photoId': {
    summary: "A report's photo (display image, no metadata) for the holder of its token.",
  },
  'POST /api/public/reports/:id/me-too': { summary: '我也遇到: one more resident met this open report’s problem.' },
  'POST /api/public/reports/:token/feedback': {
    summary:
      '解决了吗？满意吗？ `{resolved, satisfied, reason}` once the case is closed; 不满意 (with a reason) reopens it for 核查.',
  },
  'GET /api/public-reports': {
    summary: "The triage queue (`status=pending`) and decided residents' reports, with phone numbers (office only).",
  },
  'GET /api/public-reports/:id/photos/:photoId': {
    summary: "A resident report's photo (display image) for the office.",
  },
  'POST /api/public-reports/:id/accept': {
    summary: 'Accept a report: a new case (source 公众举报) at its place with its code and text; 409 once decided.',
  },
  'POST /api/public-reports/:id/merge': { summary: 'Merge a report into an open case `{caseId}`; 409 once decided.' },
  'POST /api/public-reports/:id/reject': {
    summary: 'Reject a report with `{reason}` (the reporter reads it); 409 once decided.',
  },
  'POST /api/public-reports/:id/after-photo': {
    summary: 'The after-photo (multipart `file`) the reporter sees once the case is closed.',
  },
  'PUT /api/photos/:id/publication': { summary: 'Publish the before/after pair of an after-photo on the public site.' },
  'DELETE /api/photos/:id/publication': { summary: 'Withdraw a published before/after pair from the public site.' },
  'GET /api/bulletins': { summary: 'The monthly 公开通报, drafts and published ones, newest month first (staff).' },
  'POST /api/bulletins': {
    summary:
      "Generate the draft of a month `{month}` from its 月报告 (figures, items' progress, what was fixed, residents' reports handled); 409 when the month has one.",
  },
  'GET /api/bulletins/:id': { summary: 'One bulletin with its ETag (staff; drafts too).' },
  'PATCH /api/bulletins/:id': {
    summary: 'Edit a bulletin: `{title?, text?, items?}` (items: the codes it shows, among its own).',
    ifMatch: true,
  },
  'PUT /api/bulletins/:id/publication': { summary: 'Publish a bulletin on the public site.', ifMatch: true },
  'DELETE /api/bulletins/:id/publication': {
    summary: 'Take a bulletin back to draft (off the public site).',
    ifMatch: true,
  },
  'GET /api/public/bulletins': { summary: 'The published bulletins (id, month, title, when), newest first.' },
  'GET /api/public/bulletins/:id': {
    summary:
      "A published bulletin: title, text, figures, the chosen items, what was fixed, residents' reports handled; a draft is 404.",
  },
  'GET /api/zones/:id/publications': {
    summary: "The after-photos whose before/after pairs the zone's public page shows (已公开).",
  },
};
