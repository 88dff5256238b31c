import {
  deadlineFor,
  type CaseAction,
  type CaseRecord,
  type CaseSource,
  type CaseStatus,
  type ProblemCode,
} from './case';
import { pointInRing } from '../geo/spatial-join';

/**
 * A seeded, deterministic generator of SYNTHETIC 数字城管 cases for tests, benchmarks and the labelled sample
 * (生成的示例数据). Every case it makes has `synthetic: true`; nothing here is real data.
 *
 * - codes are drawn by the `weight` column of data/problem-codes.csv (市容环境 most, then 街面秩序, 宣传广告 …);
 * - points cluster around hot spots on the streets, the markets and the rivers of the (illustrative) basemap,
 *   water problems along rivers, street problems along roads, with some uniform noise; all inside the outline;
 * - report times spread over [from, to) with fewer on weekends and peaks in working hours (Asia/Shanghai);
 * - statuses and step times follow the workflow and the deadlines, as seen at `now`: old cases are mostly closed,
 *   recent ones still open; some reworked, extended, suspended, voided or handled on the spot.
 */
export interface GeneratorArea {
  /** The town outline (outer ring, lon/lat). */
  outline: number[][];
  roads: { name: string; coordinates: number[][] }[];
  rivers: { name: string; coordinates: number[][] }[];
  /** Markets, village centres and other places where problems gather. */
  spots: { name: string; lon: number; lat: number; weight?: number }[];
}

export interface GeneratorOptions {
  count: number;
  seed?: number;
  codes: readonly ProblemCode[];
  area: GeneratorArea;
  /** Report times fall in [from, to) (UTC ISO). */
  from: string;
  to: string;
  /** The moment the cases are seen at (UTC ISO): steps after it have not happened yet. */
  now: string;
}

export interface GeneratedStep {
  action: CaseAction | 'report';
  fromStatus: CaseStatus | null;
  toStatus: CaseStatus;
  actorRole: 'inspector' | 'admin' | 'unit';
  actorUnit: string | null;
  at: string;
  note: string | null;
}

export interface GeneratedCase extends CaseRecord {
  legacyLabel: string;
  suspendedAt: string | null;
  synthetic: true;
  steps: GeneratedStep[];
}

/** mulberry32: a small, fast, seeded PRNG (same seed → same sequence on every platform). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SOURCES: readonly [CaseSource, number][] = [
  ['inspector', 55],
  ['hotline', 15],
  ['public', 12],
  ['patrol', 10],
  ['media', 4],
  ['leader', 4],
];
/** Relative frequency of report hours (local time 0–23). */
const HOUR_WEIGHTS = [1, 0, 0, 0, 0, 1, 3, 6, 10, 12, 11, 9, 5, 6, 10, 11, 10, 8, 5, 4, 3, 2, 2, 1];
const WATER_CODES = new Set(['06025', '06026', '06030', '06046', '01071', '01072', '01073', '01067']);
const HOUR = 3_600_000;
const MINUTE = 60_000;
const METRES_PER_DEGREE = 110_950;

function cumulative(weights: readonly number[]): Float64Array {
  const sums = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((weight, index) => (sums[index] = total += weight));
  return sums;
}

function pick(sums: Float64Array, random: () => number): number {
  const target = random() * sums[sums.length - 1]!;
  let low = 0;
  let high = sums.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sums[middle]! > target) high = middle;
    else low = middle + 1;
  }
  return low;
}

function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** Shanghai is UTC+8 all year (no daylight saving). */
const SHANGHAI_OFFSET = 8 * HOUR;

export function generateCases(options: GeneratorOptions): GeneratedCase[] {
  const random = seededRandom(options.seed ?? 1);
  const codes = options.codes.filter((code) => code.weight > 0);
  if (codes.length === 0) throw new Error('no problem codes with a weight');
  const codeSums = cumulative(codes.map((code) => code.weight));
  const sourceSums = cumulative(SOURCES.map(([, weight]) => weight));
  const hourSums = cumulative(HOUR_WEIGHTS);
  const { area } = options;
  const ring = new Float64Array(area.outline.flat());
  let minLon = Infinity;
  let minLat = Infinity;
  let maxLon = -Infinity;
  let maxLat = -Infinity;
  for (const [lon, lat] of area.outline) {
    minLon = Math.min(minLon, lon!);
    maxLon = Math.max(maxLon, lon!);
    minLat = Math.min(minLat, lat!);
    maxLat = Math.max(maxLat, lat!);
  }
  const lonScale = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const inside = (lon: number, lat: number) => pointInRing(ring, lon, lat) !== 0;
  const jitter = (lon: number, lat: number, metres: number): [number, number] => [
    lon + (gaussian(random) * metres) / (METRES_PER_DEGREE * lonScale),
    lat + (gaussian(random) * metres) / METRES_PER_DEGREE,
  ];
  const alongLine = (coordinates: number[][]): [number, number] => {
    const segment = Math.floor(random() * Math.max(1, coordinates.length - 1));
    const a = coordinates[segment]!;
    const b = coordinates[Math.min(segment + 1, coordinates.length - 1)]!;
    const t = random();
    return [a[0]! + (b[0]! - a[0]!) * t, a[1]! + (b[1]! - a[1]!) * t];
  };
  const uniform = (): [number, number] => {
    for (let tries = 0; tries < 1000; tries++) {
      const lon = minLon + random() * (maxLon - minLon);
      const lat = minLat + random() * (maxLat - minLat);
      if (inside(lon, lat)) return [lon, lat];
    }
    return [(minLon + maxLon) / 2, (minLat + maxLat) / 2];
  };
  // Hot spots: every market/place, plus a few points on the roads and rivers; a few of them much busier.
  const hotspots: { lon: number; lat: number; name: string; river: boolean }[] = [];
  for (const spot of area.spots) hotspots.push({ lon: spot.lon, lat: spot.lat, name: spot.name, river: false });
  for (const road of area.roads) {
    for (let k = 0; k < 2; k++)
      hotspots.push({ ...toSpot(alongLine(road.coordinates)), name: road.name, river: false });
  }
  for (const river of area.rivers) {
    hotspots.push({ ...toSpot(alongLine(river.coordinates)), name: river.name, river: true });
  }
  const hotspotSums = cumulative(hotspots.map((_, index) => (index % 5 === 0 ? 6 : 1)));
  const riverSpots = hotspots.filter((spot) => spot.river);

  const from = Date.parse(options.from);
  const to = Date.parse(options.to);
  const now = Date.parse(options.now);
  const days = Math.max(1, Math.floor((to - from) / (24 * HOUR)));
  const startDay = Math.floor((from + SHANGHAI_OFFSET) / (24 * HOUR));
  const seedTag = String(options.seed ?? 1);
  const cases: GeneratedCase[] = [];

  for (let n = 0; n < options.count; n++) {
    const code = codes[pick(codeSums, random)]!;
    const water = WATER_CODES.has(code.code);
    // Where.
    let point: [number, number] | null = null;
    let placeName = '';
    for (let tries = 0; tries < 8 && !point; tries++) {
      const roll = random();
      let candidate: [number, number];
      if (roll < 0.15) {
        candidate = uniform();
        placeName = '';
      } else if (water && area.rivers.length > 0 && roll < 0.6) {
        const river = area.rivers[Math.floor(random() * area.rivers.length)]!;
        candidate = jitter(...alongLine(river.coordinates), 15);
        placeName = river.name;
      } else if (water && riverSpots.length > 0) {
        const spot = riverSpots[Math.floor(random() * riverSpots.length)]!;
        candidate = jitter(spot.lon, spot.lat, 60);
        placeName = spot.name;
      } else if (!water && area.roads.length > 0 && roll < 0.4) {
        const road = area.roads[Math.floor(random() * area.roads.length)]!;
        candidate = jitter(...alongLine(road.coordinates), 20);
        placeName = road.name;
      } else {
        const spot = hotspots[pick(hotspotSums, random)]!;
        candidate = jitter(spot.lon, spot.lat, 90);
        placeName = spot.name;
      }
      if (inside(candidate[0], candidate[1])) point = candidate;
    }
    point ??= uniform();
    // When: a day (weekends quieter), an hour by the working-day pattern.
    let dayIndex = Math.floor(random() * days);
    const weekday = (startDay + dayIndex + 4) % 7; // 1970-01-01 was a Thursday (4); 0 = Sunday
    if ((weekday === 0 || weekday === 6) && random() < 0.4) dayIndex = Math.floor(random() * days);
    const hour = pick(hourSums, random);
    let reported =
      (startDay + dayIndex) * 24 * HOUR - SHANGHAI_OFFSET + hour * HOUR + Math.floor(random() * 60) * MINUTE;
    if (reported >= to) reported = to - MINUTE;
    if (reported < from) reported = from;
    const localDay = new Date(reported + SHANGHAI_OFFSET).toISOString().slice(0, 10).replaceAll('-', '');
    const source = SOURCES[pick(sourceSums, random)]![0];
    const cityCase = simulate({
      random,
      code,
      reported,
      now,
      selfHandled: source === 'inspector' && random() < 0.08,
    });
    cases.push({
      caseNo: `SIM${seedTag}-${localDay}-${String(n + 1).padStart(6, '0')}`,
      code: code.code,
      legacyLabel: `${code.legacyMajor}/${code.legacyLabel}`,
      description: `${placeName ? `${placeName}附近` : ''}${code.name}（生成的示例数据）`,
      address: placeName ? `锦溪镇${placeName}` : '锦溪镇',
      source,
      lon: Math.round(point[0] * 1e6) / 1e6,
      lat: Math.round(point[1] * 1e6) / 1e6,
      ...cityCase,
      synthetic: true,
    });
  }
  return cases;
}

/** The generator's area from the basemap (outline, roads, rivers) and the village/community places. */
export function generatorAreaFrom(
  basemap: readonly { properties: { layer: string; name: string }; geometry: { type: string; coordinates: unknown } }[],
  places: readonly { shortName: string; lon: number; lat: number }[],
): GeneratorArea {
  const outline = basemap.find(
    (feature) => feature.properties.layer === 'outline' && feature.geometry.type === 'Polygon',
  );
  if (!outline) throw new Error('the basemap has no outline polygon');
  const lines = (layer: string) =>
    basemap
      .filter((feature) => feature.properties.layer === layer && feature.geometry.type === 'LineString')
      .map((feature) => ({ name: feature.properties.name, coordinates: feature.geometry.coordinates as number[][] }));
  return {
    outline: (outline.geometry.coordinates as number[][][])[0]!,
    roads: lines('road'),
    rivers: lines('river'),
    spots: places.map((place) => ({ name: place.shortName, lon: place.lon, lat: place.lat })),
  };
}

function toSpot([lon, lat]: [number, number]) {
  return { lon, lat };
}

/** Walk one case through the workflow with random but plausible durations, stopping at `now`. */
function simulate(input: {
  random: () => number;
  code: ProblemCode;
  reported: number;
  now: number;
  selfHandled: boolean;
}): Omit<
  GeneratedCase,
  'caseNo' | 'code' | 'legacyLabel' | 'description' | 'address' | 'source' | 'lon' | 'lat' | 'synthetic'
> {
  const { random, code, reported, now } = input;
  const iso = (time: number) => new Date(time).toISOString();
  const unit = code.defaultUnit;
  const result: ReturnType<typeof simulate> = {
    status: 'reported',
    unitId: null,
    reportedAt: iso(reported),
    registeredAt: null,
    dispatchedAt: null,
    deadlineAt: null,
    disposedAt: null,
    closedAt: null,
    extensionCount: 0,
    reworkCount: 0,
    suspended: false,
    suspendedAt: null,
    steps: [
      {
        action: 'report',
        fromStatus: null,
        toStatus: 'reported',
        actorRole: 'inspector',
        actorUnit: null,
        at: iso(reported),
        note: null,
      },
    ],
  };
  const step = (action: CaseAction, to: CaseStatus, at: number, role: GeneratedStep['actorRole'], note?: string) => {
    result.steps.push({
      action,
      fromStatus: result.status,
      toStatus: to,
      actorRole: role,
      actorUnit: role === 'unit' ? unit : null,
      at: iso(at),
      note: note ?? null,
    });
    result.status = to;
  };
  let t = reported;
  if (input.selfHandled) {
    t += (5 + random() * 25) * MINUTE;
    if (t > now) return result;
    result.registeredAt = iso(t);
    result.disposedAt = iso(t);
    step('self_handle', 'verified', t, 'inspector', '现场自处理');
    t += (0.5 + random() * 8) * HOUR;
    if (t > now) return result;
    result.closedAt = iso(t);
    step('close', 'closed', t, 'admin');
    return result;
  }
  t += (5 + random() * 55) * MINUTE;
  if (t > now) return result;
  if (random() < 0.03) {
    step('void', 'voided', t, 'admin', '重复上报');
    return result;
  }
  result.registeredAt = iso(t);
  step('register', 'registered', t, 'admin');
  t += (5 + random() * 90) * MINUTE;
  if (t > now) return result;
  result.unitId = unit;
  result.dispatchedAt = iso(t);
  let deadline = Date.parse(deadlineFor(iso(t), code.timeLimitHours));
  result.deadlineAt = iso(deadline);
  step('dispatch', 'dispatched', t, 'admin');
  if (random() < 0.02) {
    const at = t + random() * code.timeLimitHours * HOUR * 0.5;
    if (at <= now) {
      result.suspended = true;
      result.suspendedAt = iso(at);
      result.steps.push({
        action: 'suspend',
        fromStatus: 'dispatched',
        toStatus: 'dispatched',
        actorRole: 'admin',
        actorUnit: null,
        at: iso(at),
        note: '需协调多部门，挂账缓办',
      });
      return result;
    }
  }
  t += (0.2 + random() * 2) * HOUR;
  if (t > now) return result;
  step('start', 'disposing', t, 'unit');
  if (random() < 0.05) {
    const at = t + random() * code.timeLimitHours * HOUR * 0.5;
    if (at + 30 * MINUTE > now) return result;
    const until = deadline + code.timeLimitHours * HOUR;
    result.steps.push(
      {
        action: 'request_extension',
        fromStatus: 'disposing',
        toStatus: 'disposing',
        actorRole: 'unit',
        actorUnit: unit,
        at: iso(at),
        note: '需采购材料',
      },
      {
        action: 'approve_extension',
        fromStatus: 'disposing',
        toStatus: 'disposing',
        actorRole: 'admin',
        actorUnit: null,
        at: iso(at + 30 * MINUTE),
        note: null,
      },
    );
    deadline = until;
    result.deadlineAt = iso(deadline);
    result.extensionCount = 1;
    t = at + 30 * MINUTE;
  }
  // Most units finish within the limit; some late.
  const share = random() < 0.82 ? 0.1 + random() * 0.85 : 1 + random() * 1.5;
  let disposed = Date.parse(result.dispatchedAt) + share * (deadline - Date.parse(result.dispatchedAt));
  if (disposed <= t) disposed = t + 10 * MINUTE;
  if (disposed > now) return result;
  result.disposedAt = iso(disposed);
  step('feedback', 'feedback', disposed, 'unit');
  t = disposed + (0.5 + random() * 6) * HOUR;
  if (t > now) return result;
  if (random() < 0.06) {
    result.reworkCount = 1;
    result.disposedAt = null;
    step('fail_check', 'disposing', t, 'inspector', '核查未通过，返工');
    const redone = t + (0.5 + random() * 12) * HOUR;
    if (redone > now) return result;
    result.disposedAt = iso(redone);
    step('feedback', 'feedback', redone, 'unit');
    t = redone + (0.5 + random() * 6) * HOUR;
    if (t > now) return result;
  }
  step('verify', 'verified', t, 'inspector');
  t += (0.5 + random() * 20) * HOUR;
  if (t > now) return result;
  result.closedAt = iso(t);
  step('close', 'closed', t, 'admin');
  return result;
}
