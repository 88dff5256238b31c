import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { AUTHORIZATION_MATRIX, accessFor, isPublicSiteRoute, type Principal } from '../shared/campaign/authorization';
import { ROLES } from '../shared/admin/auth';
import { makeTestPhoto, photoForm } from '../testing/images';
import { buildSl651Frame } from '../testing/sl651-builder';

/** One demo account per role (the unit role as the water station). */
const ACCOUNT_OF: Record<Exclude<Principal, 'anonymous'>, string> = {
  leader: 'leader',
  admin: 'admin',
  planner: 'planner',
  unit: 'water',
  inspector: 'inspector',
  county: 'county',
};
const PRINCIPALS: Principal[] = ['anonymous', ...ROLES];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** Row counts of every table a route could change (the audit log is checked separately). */
function snapshot() {
  const count = (table: string) => (server.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const versions = server.db.prepare('SELECT group_concat(version) AS v FROM users').get() as { v: string };
  return {
    users: count('users'),
    userVersions: versions.v,
    zones: count('zones'),
    tasks: count('tasks'),
    cases: (
      server.db.prepare("SELECT group_concat(id || ':' || version) AS v FROM cases").get() as { v: string | null }
    ).v,
    caseTimeLimits: (
      server.db.prepare("SELECT group_concat(code || ':' || hours) AS v FROM case_time_limits").get() as { v: string }
    ).v,
    supervisions: count('supervisions'),
    photos: (
      server.db
        .prepare(
          "SELECT group_concat(id || ':' || ifnull(lon, '-') || ':' || ifnull(deleted_at, '-')) AS v FROM photos",
        )
        .get() as { v: string | null }
    ).v,
  };
}
const cookies = new Map<Principal, string>();
/** A session per role, reused; a fresh one where the request ends it (logout). */
async function cookieOf(principal: Exclude<Principal, 'anonymous'>, fresh: boolean): Promise<string> {
  if (fresh) return server.login(ACCOUNT_OF[principal]);
  if (!cookies.has(principal)) cookies.set(principal, await server.login(ACCOUNT_OF[principal]));
  return cookies.get(principal)!;
}
const floodProfile = {
  riskLevel: 'high',
  maxDepthCm: 40,
  typicalDurationHours: 6,
  affectedHouseholds: 120,
  cause: '地势低洼，排水管径偏小',
  drainageMeasures: '新建泵站一座',
};
const facility = {
  componentCode: '01072',
  name: '长寿路排水泵站',
  geometry: { type: 'Point', coordinates: [120.921, 31.171] },
};
const floodEvent = {
  occurredOn: '2026-06-10',
  rainfallMm: 86,
  points: [{ coordinates: [120.921, 31.171], depthCm: 25 }],
};

/** A small square zone in the middle of the fixture town. */
function newZone(category: string) {
  const lon = 120.93 + Math.random() * 0.02;
  const lat = 31.2 + Math.random() * 0.01;
  return {
    type: 'Feature',
    geometry: {
      type: 'Polygon',
      coordinates: [
        [
          [lon, lat],
          [lon + 0.0005, lat],
          [lon + 0.0005, lat + 0.0005],
          [lon, lat + 0.0005],
          [lon, lat],
        ],
      ],
    },
    properties: { name: `测试区域 ${category}`, category, plannedStart: '2026-06-01', plannedEnd: '2026-09-30' },
  };
}
const newTask = { title: '清理雨水口', assignedUnit: 'shuilizhan', dueDate: '2026-12-31' };
/** A fresh open task of a zone (assigned to the zone's lead unit), as a request path and its version for If-Match. */
function taskOf(zoneId: string, suffix = '') {
  const now = new Date().toISOString();
  const result = server.db
    .prepare(
      `INSERT INTO tasks (zone_id, title, measures, assigned_unit_id, due_date, original_due_date, status, sort,
                          created_at, updated_at)
       SELECT id, '测试任务', '', lead_unit_id, '2026-12-20', '2026-12-20', 'in_progress', 99, ?, ? FROM zones WHERE id = ?`,
    )
    .run(now, now, Number(zoneId));
  return { path: `/api/tasks/${result.lastInsertRowid}${suffix}`, version: 1 };
}
const extension = { reason: '材料未到', dueDate: '2027-01-20' };
/** A fresh dispatched 数字城管 case of a unit, as the path of an action on it (version 1 for If-Match). */
function caseOf(unitId: string, suffix: string) {
  const now = new Date().toISOString();
  const result = server.db
    .prepare(
      `INSERT INTO cases (case_no, code, source, lon, lat, status, unit_id, reported_at, registered_at, dispatched_at,
                          deadline_at, updated_at)
       VALUES (?, '06025', 'inspector', 120.92, 31.17, 'dispatched', ?, ?, ?, ?, '2026-12-01T00:00:00.000Z', ?)`,
    )
    .run(`AUTH-${Math.random().toString(36).slice(2)}`, unitId, now, now, now, now);
  return { path: `/api/cases/${result.lastInsertRowid}${suffix}`, version: 1 };
}
const caseExtension = { reason: '材料未到', until: '2026-12-20T00:00:00Z' };
/** A fresh open 督办 on a zone, for the zone's lead unit to answer (version 1 for If-Match). */
function supervisionOf(zoneId: string, suffix: string) {
  const result = server.db
    .prepare(
      `INSERT INTO supervisions (zone_id, unit_id, note, deadline, status, created_by, created_at)
       SELECT z.id, z.lead_unit_id, '限期整改', '2026-12-31', 'open',
              (SELECT id FROM users WHERE role = 'leader' ORDER BY id LIMIT 1), ?
         FROM zones z WHERE z.id = ?`,
    )
    .run(new Date().toISOString(), Number(zoneId));
  return { path: `/api/supervisions/${result.lastInsertRowid}${suffix}`, version: 1 };
}
let planYear = 2040;
/** A fresh plan of a unit in a year of its own, with one project (version 1 for If-Match). */
function planOf(unitId: string, suffix = '') {
  const now = new Date().toISOString();
  const body = {
    note: '',
    projects: [
      {
        key: 'p1',
        item: 'R4',
        zoneId: null,
        place: '测试河塘',
        carriedOver: false,
        tasks: '清淤',
        person: '张三',
        responsibleUnits: [],
        budget: 1,
        funding: 'finance',
        due: '2026-12-31',
        milestones: [],
      },
    ],
  };
  const result = server.db
    .prepare(
      `INSERT INTO plans (unit_id, year, state, version, body_json, created_at, updated_at)
       VALUES (?, ?, 'draft', 1, ?, ?, ?)`,
    )
    .run(unitId, planYear++, JSON.stringify(body), now, now);
  return { path: `/api/plans/${result.lastInsertRowid}${suffix}`, version: 1 };
}
/** A fresh monitoring station with an SL 651 address (version 1 for If-Match). */
function sensorOf() {
  const code = String(Math.floor(Math.random() * 1e10)).padStart(10, '0');
  const now = new Date().toISOString();
  const result = server.db
    .prepare(
      `INSERT INTO sensors (kind, name, code, lon, lat, created_at, updated_at) VALUES ('water_level', '测试站', ?, 120.92, 31.17, ?, ?)`,
    )
    .run(code, now, now);
  return { id: String(result.lastInsertRowid), code };
}
const station = {
  kind: 'rain',
  name: '测试雨量站',
  code: null,
  position: [120.92, 31.17],
  river: '',
  warningLevelM: null,
  guaranteeLevelM: null,
  rain1hMm: 30,
  rain24hMm: 50,
};
/** A fresh running emergency response (any running one ended first), as an action path (version 1). */
function responseOf() {
  const now = new Date().toISOString();
  server.db.prepare("UPDATE flood_responses SET status = 'ended', ended_at = ? WHERE status = 'active'").run(now);
  const result = server.db
    .prepare("INSERT INTO flood_responses (level, status, started_at, version) VALUES ('IV', 'active', ?, 1)")
    .run(now);
  return `/api/flood/responses/${result.lastInsertRowid}/actions/end`;
}
/** A fresh pump station (排水泵站) of a zone, without a status yet. */
function pumpOf(zoneId: string) {
  const result = server.db
    .prepare(
      `INSERT INTO flood_facilities (zone_id, component_code, name, geometry_json, created_at)
       VALUES (?, '01072', '测试泵站', '{"type":"Point","coordinates":[120.92,31.17]}', ?)`,
    )
    .run(Number(zoneId), new Date().toISOString());
  return `/api/flood/pumps/${result.lastInsertRowid}/status`;
}
/** A fresh rainfall event with one waterlogging point (version 1; `deleted`: already deleted), as its path. */
function floodEventOf(deleted = false) {
  const now = new Date().toISOString();
  const event = server.db
    .prepare(
      'INSERT INTO flood_events (occurred_on, rainfall_mm, notes, created_at, version, deleted_at) VALUES (?, 50, ?, ?, 1, ?)',
    )
    .run('2026-06-01', '', now, deleted ? now : null);
  const point = server.db
    .prepare('INSERT INTO waterlogging_points (event_id, lon, lat, depth_cm) VALUES (?, 120.92, 31.17, 20)')
    .run(event.lastInsertRowid);
  return { event: `/api/flood-events/${event.lastInsertRowid}`, point: String(point.lastInsertRowid) };
}
const levelReading = { readings: [{ observedAt: '2026-06-01T00:00:00Z', waterLevelM: 1.2 }] };
/** An SL 651 frame of a station (its body a Blob, so it is sent as application/octet-stream). */
const frameOf = (code: string) =>
  new Blob(
    [
      buildSl651Frame({
        station: code,
        sentAt: '260601080000',
        groups: [{ observedAt: '2606010800', elements: [{ id: 0x39, value: 1.2, size: 4, decimals: 3 }] }],
      }),
    ],
    { type: 'application/octet-stream' },
  );
/** A fresh register object (version 1) of a kind, owned by a unit, as its path. */
function registerObjectOf(kind: string, ownerUnit: string) {
  const now = new Date().toISOString();
  const result = server.db
    .prepare(
      `INSERT INTO register_objects (kind, name, geometry_json, geometry_type, min_lon, min_lat, max_lon, max_lat,
         attributes_json, owner_unit_id, created_at, updated_at)
       VALUES (?, '测试对象', '{"type":"Point","coordinates":[120.905,31.181]}', 'Point', 120.905, 31.181, 120.905,
         31.181, '{"river":"市河","operator":"测试"}', ?, ?, ?)`,
    )
    .run(kind, ownerUnit, now, now);
  return `/api/registers/${kind}/${result.lastInsertRowid}`;
}
const newSection = {
  name: '测试断面',
  geometry: { type: 'Point', coordinates: [120.905, 31.181] },
  attributes: { river: '市河' },
};
/** One register object as a GeoJSON file in a multipart body (the registers' import). */
const geoJsonUpload = (object: { name: string; geometry: unknown; attributes: Record<string, unknown> }) => {
  const form = new FormData();
  const feature = {
    type: 'Feature',
    geometry: object.geometry,
    properties: { name: object.name, ...object.attributes },
  };
  form.append('file', new Blob([JSON.stringify({ type: 'FeatureCollection', features: [feature] })]), 'one.geojson');
  return form;
};
const newMarket = {
  name: '测试市场',
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [120.9, 31.18],
        [120.901, 31.18],
        [120.901, 31.181],
        [120.9, 31.181],
        [120.9, 31.18],
      ],
    ],
  },
  attributes: { operator: '测试' },
};
const deniedWrites = () =>
  (server.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'denied_write'").get() as { n: number }).n;

describe('the authorization matrix (R8)', () => {
  /** Photo evidence: an image to upload, and a photo the water station uploaded to its flood area. */
  let photoBytes: Buffer;
  let waterPhoto: string;
  beforeAll(async () => {
    photoBytes = await makeTestPhoto({ width: 64, height: 48 });
    const zone = (server.db.prepare("SELECT id FROM zones WHERE category = 'R4' ORDER BY id").get() as { id: number })
      .id;
    const response = await server.request(`/api/zones/${zone}/photos`, {
      method: 'POST',
      cookie: await cookieOf('unit', false),
      body: photoForm({ phase: 'before' }, [{ bytes: photoBytes }]),
    });
    waterPhoto = ((await response.json()) as { photos: { id: string }[] }).photos[0]!.id;
  });

  it('has a row for every registered API route, and no row without a route', () => {
    const registered = new Set(server.apiRoutes.map((route) => `${route.method} ${route.url}`));
    const listed = new Set(AUTHORIZATION_MATRIX.map((rule) => `${rule.method} ${rule.url}`));
    expect([...registered].filter((route) => !listed.has(route))).toEqual([]);
    expect([...listed].filter((route) => !registered.has(route))).toEqual([]);
  });

  /**
   * Own-unit cells: the water station (unit shuilizhan leads R3 and R4) against a zone of its own
   * item and one of another unit's item. Every `own` rule needs a case here.
   */
  const ownershipCases: Record<
    string,
    (zones: { own: string; other: string }) => {
      /** `version` is sent as If-Match instead of the zone's (for task routes). */
      own: RequestInit & { path: string; version?: number };
      other: RequestInit & { path: string; version?: number };
      /** Flood data all belongs to R4: "another unit" is then a unit that does not lead R4. */
      otherAccount?: string;
    }
  > = {
    // Photo evidence, first: the zone cases below delete the flood area the photo is in. The water station leads R4;
    // 建管所 has no part in the flood area, nor the water station in the market zone (R6).
    'POST /api/zones/:id/photos': ({ own, other }) => ({
      own: { path: `/api/zones/${own}/photos`, body: photoForm({ phase: 'progress' }, [{ bytes: photoBytes }]) },
      other: { path: `/api/zones/${other}/photos`, body: photoForm({ phase: 'progress' }, [{ bytes: photoBytes }]) },
    }),
    'PATCH /api/photos/:id/position': () => ({
      own: { path: `/api/photos/${waterPhoto}/position`, body: JSON.stringify({ lon: 120.921, lat: 31.171 }) },
      other: { path: `/api/photos/${waterPhoto}/position`, body: JSON.stringify({ lon: 120.95, lat: 31.2 }) },
      otherAccount: 'jianguan',
    }),
    // Deleting: the uploader (here the water station), never another unit.
    'DELETE /api/photos/:id': () => ({
      own: { path: `/api/photos/${waterPhoto}` },
      other: { path: `/api/photos/${waterPhoto}` },
      otherAccount: 'jianguan',
    }),
    'POST /api/zones': () => ({
      own: { path: '/api/zones', body: JSON.stringify(newZone('R4')) },
      other: { path: '/api/zones', body: JSON.stringify(newZone('R6')) },
    }),
    'PATCH /api/zones/:id': ({ own, other }) => ({
      own: { path: `/api/zones/${own}`, body: JSON.stringify({ properties: { notes: '水利站更新' } }) },
      other: { path: `/api/zones/${other}`, body: JSON.stringify({ properties: { notes: '越权修改' } }) },
    }),
    'DELETE /api/zones/:id': ({ own, other }) => ({
      own: { path: `/api/zones/${own}` },
      other: { path: `/api/zones/${other}` },
    }),
    'POST /api/zones/:id/restore': ({ own, other }) => ({
      own: { path: `/api/zones/${own}/restore`, body: JSON.stringify({ version: 1 }) },
      other: { path: `/api/zones/${other}/restore`, body: JSON.stringify({ version: 1 }) },
    }),
    'POST /api/zones/batch': ({ other }) => ({
      own: {
        path: '/api/zones/batch',
        body: JSON.stringify({ operations: [{ op: 'create', feature: newZone('R3') }] }),
      },
      other: {
        path: '/api/zones/batch',
        body: JSON.stringify({
          operations: [{ op: 'update', id: other, version: 1, feature: { properties: { notes: 'x' } } }],
        }),
      },
    }),
    'PUT /api/zones/:id/flood': ({ own }) => ({
      own: { path: `/api/zones/${own}/flood`, body: JSON.stringify(floodProfile) },
      other: { path: `/api/zones/${own}/flood`, body: JSON.stringify(floodProfile) },
      otherAccount: 'jianguan',
    }),
    'POST /api/zones/:id/flood/facilities': ({ own }) => ({
      own: { path: `/api/zones/${own}/flood/facilities`, body: JSON.stringify(facility) },
      other: { path: `/api/zones/${own}/flood/facilities`, body: JSON.stringify(facility) },
      otherAccount: 'jianguan',
    }),
    'POST /api/zones/:id/flood/checklist': ({ own }) => ({
      own: { path: `/api/zones/${own}/flood/checklist` },
      other: { path: `/api/zones/${own}/flood/checklist` },
      otherAccount: 'jianguan',
    }),
    'POST /api/flood-events': () => ({
      own: { path: '/api/flood-events', body: JSON.stringify(floodEvent) },
      other: { path: '/api/flood-events', body: JSON.stringify(floodEvent) },
      otherAccount: 'jianguan',
    }),
    'PUT /api/flood-events/:id': () => {
      const body = JSON.stringify({ ...floodEvent, points: [] });
      return {
        own: { path: floodEventOf().event, version: 1, body },
        other: { path: floodEventOf().event, version: 1, body },
        otherAccount: 'jianguan',
      };
    },
    'DELETE /api/flood-events/:id': () => ({
      own: { path: floodEventOf().event, version: 1 },
      other: { path: floodEventOf().event, version: 1 },
      otherAccount: 'jianguan',
    }),
    'POST /api/flood-events/:id/restore': () => ({
      own: { path: `${floodEventOf(true).event}/restore`, version: 1 },
      other: { path: `${floodEventOf(true).event}/restore`, version: 1 },
      otherAccount: 'jianguan',
    }),
    'POST /api/flood-points/:id/photos': () => ({
      own: { path: `/api/flood-points/${floodEventOf().point}/photos`, body: photoForm({}, [{ bytes: photoBytes }]) },
      other: { path: `/api/flood-points/${floodEventOf().point}/photos`, body: photoForm({}, [{ bytes: photoBytes }]) },
      otherAccount: 'jianguan',
    }),
    // Flood season: stations, readings, frames and the duty roster belong to R4's lead unit.
    'POST /api/sensors': () => ({
      own: { path: '/api/sensors', body: JSON.stringify(station) },
      other: { path: '/api/sensors', body: JSON.stringify(station) },
      otherAccount: 'jianguan',
    }),
    'PATCH /api/sensors/:id': () => {
      const { id } = sensorOf();
      return {
        own: { path: `/api/sensors/${id}`, version: 1, body: JSON.stringify({ name: '改名' }) },
        other: { path: `/api/sensors/${id}`, version: 1, body: JSON.stringify({ name: '越权' }) },
        otherAccount: 'jianguan',
      };
    },
    'POST /api/sensors/:id/readings': () => {
      const { id } = sensorOf();
      return {
        own: { path: `/api/sensors/${id}/readings`, body: JSON.stringify(levelReading) },
        other: { path: `/api/sensors/${id}/readings`, body: JSON.stringify(levelReading) },
        otherAccount: 'jianguan',
      };
    },
    'POST /api/sensors/sl651': () => {
      const { code } = sensorOf();
      return {
        own: { path: '/api/sensors/sl651', body: frameOf(code) },
        other: { path: '/api/sensors/sl651', body: frameOf(code) },
        otherAccount: 'jianguan',
      };
    },
    'POST /api/flood/responses': () => {
      server.db.prepare("UPDATE flood_responses SET status = 'ended' WHERE status = 'active'").run();
      const start = JSON.stringify({ level: 'IV', reason: '测试' });
      return {
        own: { path: '/api/flood/responses', body: start },
        other: { path: '/api/flood/responses', body: start },
        otherAccount: 'jianguan',
      };
    },
    'POST /api/flood/responses/:id/actions/:action': () => {
      const path = responseOf();
      const reason = JSON.stringify({ reason: '测试结束' });
      return {
        own: { path, version: 1, body: reason },
        other: { path, version: 1, body: reason },
        otherAccount: 'jianguan',
      };
    },
    'PUT /api/flood/pumps/:id/status': ({ own }) => {
      const path = pumpOf(own);
      const status = JSON.stringify({ status: 'fault' });
      return {
        own: { path, body: status },
        other: { path, body: status },
        otherAccount: 'jianguan',
      };
    },
    'PUT /api/flood/duty': () => ({
      own: { path: '/api/flood/duty', body: JSON.stringify({ date: '2026-06-20', people: [] }) },
      other: { path: '/api/flood/duty', body: JSON.stringify({ date: '2026-06-20', people: [] }) },
      otherAccount: 'jianguan',
    }),

    // Registers: the water station keeps the river sections; the markets are 建管所's.
    'POST /api/registers/:kind': () => ({
      own: { path: '/api/registers/river-sections', body: JSON.stringify(newSection) },
      other: { path: '/api/registers/markets', body: JSON.stringify(newMarket) },
    }),
    // A file into a register (the preview: nothing is written, the refusal is audited).
    'POST /api/registers/:kind/import': () => ({
      own: { path: '/api/registers/river-sections/import?dryRun=1', body: geoJsonUpload(newSection) },
      other: { path: '/api/registers/markets/import?dryRun=1', body: geoJsonUpload(newMarket) },
    }),
    'PATCH /api/registers/:kind/:id': () => ({
      own: { path: registerObjectOf('river-sections', 'shuilizhan'), version: 1, body: JSON.stringify({ name: '改' }) },
      other: { path: registerObjectOf('markets', 'jianguansuo'), version: 1, body: JSON.stringify({ name: '越权' }) },
    }),
    'DELETE /api/registers/:kind/:id': () => ({
      own: { path: registerObjectOf('river-sections', 'shuilizhan'), version: 1 },
      other: { path: registerObjectOf('markets', 'jianguansuo'), version: 1 },
    }),
    'POST /api/registers/river-sections/:id/readings': () => {
      const reading = JSON.stringify({ sampledOn: '2026-06-01', values: { transparency: 30 } });
      return {
        own: { path: `${registerObjectOf('river-sections', 'shuilizhan')}/readings`, body: reading },
        other: { path: `${registerObjectOf('river-sections', 'jianguansuo')}/readings`, body: reading },
      };
    },

    'POST /api/zones/:id/tasks': ({ own, other }) => ({
      own: { path: `/api/zones/${own}/tasks`, body: JSON.stringify(newTask) },
      other: { path: `/api/zones/${other}/tasks`, body: JSON.stringify(newTask) },
    }),
    'PATCH /api/tasks/:id': ({ own, other }) => ({
      own: { ...taskOf(own), body: JSON.stringify({ measures: '水利站补充措施' }) },
      other: { ...taskOf(other), body: JSON.stringify({ measures: '越权修改' }) },
    }),
    'POST /api/tasks/:id/actions/:action': ({ own, other }) => ({
      own: { ...taskOf(own, '/actions/request_extension'), body: JSON.stringify(extension) },
      other: { ...taskOf(other, '/actions/request_extension'), body: JSON.stringify(extension) },
    }),
    'POST /api/tasks/:id/notes': ({ own, other }) => ({
      own: { ...taskOf(own, '/notes'), body: JSON.stringify({ note: '已清理雨水口' }) },
      other: { ...taskOf(other, '/notes'), body: JSON.stringify({ note: '越权留言' }) },
    }),
  };

  // 督办: only the responsible unit (here the lead unit of the zone it is on) answers it.
  ownershipCases['POST /api/supervisions/:id/replies'] = ({ own, other }) => ({
    own: { ...supervisionOf(own, '/replies'), body: JSON.stringify({ progress: '已清理积水点' }) },
    other: { ...supervisionOf(other, '/replies'), body: JSON.stringify({ progress: '越权答复' }) },
  });

  // 数字城管 cases: a unit acts only on cases dispatched to it (the zones do not matter here).
  ownershipCases['POST /api/cases/:id/actions/:action'] = () => ({
    own: { ...caseOf('shuilizhan', '/actions/request_extension'), body: JSON.stringify(caseExtension) },
    other: { ...caseOf('huanweisuo', '/actions/request_extension'), body: JSON.stringify(caseExtension) },
  });

  // Annual plans: a unit edits and submits its own unit's plan only.
  ownershipCases['PATCH /api/plans/:id'] = () => ({
    own: { ...planOf('shuilizhan'), body: JSON.stringify({ body: { projects: [], note: '水利站计划' } }) },
    other: { ...planOf('jianguansuo'), body: JSON.stringify({ body: { projects: [], note: '越权修改' } }) },
  });
  ownershipCases['POST /api/plans/:id/actions/:action'] = () => ({
    own: { ...planOf('shuilizhan', '/actions/submit'), body: '{}' },
    other: { ...planOf('jianguansuo', '/actions/submit'), body: '{}' },
  });
  // 月度自查: the water account leads R3 (a checklist) and not R6; an old month nobody has inspected yet.
  const riverInspection = {
    month: '2025-01',
    answers: {
      transparency: 30,
      'dissolved-oxygen': 3,
      orp: 80,
      ammonia: 2,
      'bank-clean': true,
      'no-floating': true,
      'sewage-collected': true,
      'no-odour': true,
    },
  };
  ownershipCases['POST /api/zones/:id/inspections'] = ({ other }) => {
    const river = server.db
      .prepare("SELECT id FROM zones WHERE category = 'R3' AND deleted_at IS NULL ORDER BY id")
      .get() as { id: number };
    return {
      own: { path: `/api/zones/${river.id}/inspections`, body: JSON.stringify(riverInspection) },
      other: { path: `/api/zones/${other}/inspections`, body: JSON.stringify({ month: '2025-01', answers: {} }) },
    };
  };

  it('has an ownership test for every own-unit cell', () => {
    const own = AUTHORIZATION_MATRIX.filter((rule) => Object.values(rule.access).includes('own'));
    expect(own.map((rule) => `${rule.method} ${rule.url}`).filter((key) => !ownershipCases[key])).toEqual([]);
  });

  it.each(Object.keys(ownershipCases))(
    '%s: a unit may change its own items’ zones and not another unit’s',
    async (key) => {
      const rule = AUTHORIZATION_MATRIX.find((candidate) => `${candidate.method} ${candidate.url}` === key)!;
      const zoneOf = (category: string) =>
        (server.db
          .prepare('SELECT id, version FROM zones WHERE category = ? AND deleted_at IS NULL ORDER BY id')
          .get(category) as {
          id: number;
          version: number;
        })!;
      const own = zoneOf('R4');
      const other = zoneOf('R6');
      const cases = ownershipCases[key]!({ own: String(own.id), other: String(other.id) });
      const cookie = await cookieOf('unit', false);
      const otherCookie = cases.otherAccount ? await server.login(cases.otherAccount) : cookie;
      const send = (request: RequestInit & { path: string; version?: number }, version: number, as = cookie) =>
        server.request(request.path, {
          method: rule.method,
          cookie: as,
          headers: {
            ...(typeof request.body === 'string' ? { 'content-type': 'application/json' } : {}),
            'if-match': `"${request.version ?? version}"`,
          },
          ...(request.body ? { body: request.body } : {}),
        });
      const before = snapshot();
      const deniedBefore = deniedWrites();
      const refused = await send(cases.other, other.version, otherCookie);
      expect(refused.status, await refused.clone().text()).toBe(403);
      expect(snapshot()).toEqual(before);
      expect(zoneOf('R6')).toEqual(other);
      expect(deniedWrites()).toBe(deniedBefore + 1);
      const allowed = await send(cases.own, own.version);
      expect(allowed.status, await allowed.text()).toBeLessThan(300);
    },
  );

  const cells = AUTHORIZATION_MATRIX.flatMap((rule) => PRINCIPALS.map((principal) => ({ rule, principal })));
  it.each(cells.map((cell) => [`${cell.rule.method} ${cell.rule.url} as ${cell.principal}`, cell] as const))(
    '%s',
    async (_name, { rule, principal }) => {
      const cookie = principal === 'anonymous' ? undefined : await cookieOf(principal, rule.method === 'DELETE');
      const path = rule.url.replace(':id', '1');
      // OPTIONS only reads (the methods a resource takes): no body, no audit of a refusal.
      const isWrite = rule.method !== 'GET' && rule.method !== 'OPTIONS';
      const before = snapshot();
      const deniedBefore = deniedWrites();
      // Allowed writes get an empty body: a 4xx from validation proves the request got past authorization
      // without changing anything.
      const response = await server.request(path, {
        method: rule.method,
        ...(cookie ? { cookie } : {}),
        ...(isWrite && rule.method !== 'DELETE' ? { json: {} } : {}),
      });
      const access = accessFor(rule, principal);
      if (access === 'deny') {
        expect(response.status).toBe(principal === 'anonymous' ? 401 : 403);
        expect(response.headers.get('content-type')).toMatch(/problem\+json/);
        expect(snapshot()).toEqual(before);
        if (isWrite) expect(deniedWrites()).toBe(deniedBefore + 1);
      } else {
        expect([401, 403]).not.toContain(response.status);
        expect(response.status).toBeLessThan(500);
        if (rule.method !== 'DELETE') expect(snapshot()).toEqual(before);
      }
    },
  );
});

describe('public read-only view', () => {
  it('is off by default and, when on, opens the map reads to visitors and nothing else', async () => {
    expect((await server.request('/api/zones')).status).toBe(401);
    const open = await startTestServer({ auth: { publicRead: true } });
    try {
      expect((await open.request('/api/zones')).status).toBe(200);
      expect((await open.request('/api/campaign')).status).toBe(200);
      expect((await open.request('/api/users')).status).toBe(401);
      expect((await open.request('/api/audit')).status).toBe(401);
      expect((await open.request('/api/zones/1/supervisions')).status).toBe(401);
    } finally {
      await open.close();
    }
  });
});

describe('the public site (PUBLIC_SITE=1)', () => {
  it('opens its own routes to visitors and leaves every other /api route at 401', async () => {
    const open = await startTestServer({ auth: { publicSite: true } });
    try {
      const visitorRoutes = AUTHORIZATION_MATRIX.filter((rule) => rule.url.startsWith('/api/'));
      for (const rule of visitorRoutes) {
        const response = await open.request(rule.url.replace(':id', '1').replace(':code', '01001'), {
          method: rule.method,
          ...(rule.method === 'GET' || rule.method === 'DELETE' ? {} : { json: {} }),
        });
        const name = `${rule.method} ${rule.url}`;
        if (accessFor(rule, 'anonymous') === 'deny') expect(response.status, name).toBe(401);
        else expect([401, 403], name).not.toContain(response.status);
        if (isPublicSiteRoute(rule.url)) expect(accessFor(rule, 'anonymous'), name).toBe('allow');
      }
      expect(visitorRoutes.filter((rule) => isPublicSiteRoute(rule.url)).length).toBeGreaterThanOrEqual(3);
    } finally {
      await open.close();
    }
  });
});
