/**
 * P6 (join): 100k case points to 1k zones, side by side in one run:
 *   (a) createPolygonIndex(...).joinPoints (src/shared/geo/spatial-join.ts: flatbush + exact ring test), build + join;
 *   (b) a plain turf loop over all pairs (booleanPointInPolygon for every point × every zone, no bbox shortcut,
 *       ignoreBoundary false) on a fixed random subsample of points, extrapolated per point;
 *   (c) PostGIS on the same data in a throwaway cluster: ST_Contains with GiST on the zones (plain) and with GiST on
 *       both tables and the zones driving (tuned), in-database time from EXPLAIN ANALYZE; ST_Intersects for the
 *       agreement check (its boundary rule is ours: a point on an edge or vertex counts as inside).
 * The zones are generated (seeded): varied sizes and vertex counts, some with holes, some MultiPolygons, around the
 * town where the cases gather; the cases come from src/shared/cases/case-generator.ts (seeded) with deliberate points
 * exactly on vertices, exactly on edges, in holes and on hole vertices.
 */
import { booleanPointInPolygon } from '@turf/turf';
import type pg from 'pg';
import { generateCases, generatorAreaFrom } from '../src/shared/cases/case-generator';
import { createPolygonIndex, type JoinGeometry } from '../src/shared/geo/spatial-join';
import { loadProblemCodes, loadSampleData } from '../src/server/platform/data-files';
import { median, ms, ratio, seededRandom } from './lib/stats';
import { markdownTable, passText, type FigureResult, type SummaryRow } from './lib/report';
import { startPostgis, type PostgisCluster } from './lib/postgis';

const POINTS = Number(process.env.BENCH_P6_POINTS ?? 100_000);
const ZONES = Number(process.env.BENCH_P6_ZONES ?? 1_000);
const TURF_SAMPLE = Number(process.env.BENCH_P6_TURF_SAMPLE ?? 2_000);
const RUNS = Number(process.env.BENCH_P6_RUNS ?? 7);
const PG_RUNS = Number(process.env.BENCH_P6_PG_RUNS ?? 3);
const TARGET_TURF_RATIO = 100;
const SEED = 931;

const KM_PER_DEG_LAT = 110.95;
const KM_PER_DEG_LON = 111.32 * Math.cos((31.185 * Math.PI) / 180);
const round7 = (value: number) => Math.round(value * 1e7) / 1e7;

type Ring = number[][];
type Kind = 'parcel' | 'star' | 'detailed';
interface BenchZone {
  id: number;
  geometry: JoinGeometry;
  kind: Kind;
  holes: number;
}

/** Categories of the deliberate points (the rest are the generator's own). */
const CATEGORIES = ['vertex', 'edge-axis', 'edge-sloped', 'hole', 'hole-vertex'] as const;
type Category = (typeof CATEGORIES)[number] | 'generated' | 'near-edge';

/** A star-shaped ring around (lon, lat): angles strictly increasing, so it never crosses itself. */
function starRing(
  lon: number,
  lat: number,
  radiusKm: number,
  vertices: number,
  random: () => number,
  clockwise: boolean,
) {
  const start = random() * Math.PI * 2;
  const ring: Ring = [];
  for (let k = 0; k < vertices; k += 1) {
    const angle = start + ((clockwise ? -k : k) / vertices) * Math.PI * 2;
    const r = radiusKm * (0.6 + random() * 0.4);
    ring.push([
      round7(lon + (Math.cos(angle) * r) / KM_PER_DEG_LON),
      round7(lat + (Math.sin(angle) * r) / KM_PER_DEG_LAT),
    ]);
  }
  ring.push(ring[0]!);
  return ring;
}

/** An axis-aligned rectangle or L-shape (a parcel): its edges are exactly horizontal or vertical. */
function parcelRing(lon: number, lat: number, radiusKm: number, random: () => number): Ring {
  const w = (radiusKm * (0.8 + random() * 0.8)) / KM_PER_DEG_LON;
  const h = (radiusKm * (0.8 + random() * 0.8)) / KM_PER_DEG_LAT;
  const [x0, x1, y0, y1] = [round7(lon - w), round7(lon + w), round7(lat - h), round7(lat + h)];
  if (random() < 0.5) {
    return [
      [x0, y0],
      [x1, y0],
      [x1, y1],
      [x0, y1],
      [x0, y0],
    ];
  }
  // L-shape: the top right quarter cut away.
  const xm = round7(lon + w * (0.2 + random() * 0.5));
  const ym = round7(lat + h * (0.2 + random() * 0.5));
  return [
    [x0, y0],
    [x1, y0],
    [x1, ym],
    [xm, ym],
    [xm, y1],
    [x0, y1],
    [x0, y0],
  ];
}

/** One polygon (outer ring + maybe a hole) around a centre. */
function polygonAround(
  lon: number,
  lat: number,
  radiusKm: number,
  kind: Kind,
  withHole: boolean,
  random: () => number,
) {
  const vertices = kind === 'detailed' ? 40 + Math.floor(random() * 260) : 5 + Math.floor(random() * 10);
  const outer =
    kind === 'parcel' ? parcelRing(lon, lat, radiusKm, random) : starRing(lon, lat, radiusKm, vertices, random, false);
  if (!withHole) return [outer];
  // Well inside the outer ring: a parcel's inner half, or within 0.3 of the star's smallest radius (0.6).
  if (kind === 'parcel') {
    const w = (radiusKm * 0.25) / KM_PER_DEG_LON;
    const h = (radiusKm * 0.25) / KM_PER_DEG_LAT;
    const [x0, x1, y0, y1] = [round7(lon - w), round7(lon + w), round7(lat - h - h), round7(lat - h)];
    return [
      outer,
      [
        [x0, y0],
        [x0, y1],
        [x1, y1],
        [x1, y0],
        [x0, y0],
      ],
    ];
  }
  return [outer, starRing(lon, lat, radiusKm * 0.3, 5 + Math.floor(random() * 8), random, true)];
}

/** 1k zones: half within 500 m of a case (where cases gather), half anywhere in the town's box; 15–300 m radius. */
function generateZones(count: number, anchors: Float64Array, random: () => number): BenchZone[] {
  let minLon = Infinity;
  let maxLon = -Infinity;
  let minLat = Infinity;
  let maxLat = -Infinity;
  for (let i = 0; i < anchors.length; i += 2) {
    minLon = Math.min(minLon, anchors[i]!);
    maxLon = Math.max(maxLon, anchors[i]!);
    minLat = Math.min(minLat, anchors[i + 1]!);
    maxLat = Math.max(maxLat, anchors[i + 1]!);
  }
  const zones: BenchZone[] = [];
  for (let id = 1; id <= count; id += 1) {
    const radiusKm = 0.015 * Math.exp(random() * Math.log(20)); // 15–300 m, log-uniform
    const roll = random();
    const kind: Kind = roll < 0.25 ? 'parcel' : roll < 0.85 ? 'star' : 'detailed';
    let lon: number;
    let lat: number;
    if (random() < 0.5) {
      const k = Math.floor(random() * (anchors.length / 2));
      lon = anchors[k * 2]! + (random() - 0.5) / KM_PER_DEG_LON;
      lat = anchors[k * 2 + 1]! + (random() - 0.5) / KM_PER_DEG_LAT;
    } else {
      lon = minLon + random() * (maxLon - minLon);
      lat = minLat + random() * (maxLat - minLat);
    }
    const withHole = random() < 0.15;
    if (random() < 0.1) {
      // A MultiPolygon of 2–3 parts side by side (far enough apart not to touch).
      const parts = 2 + Math.floor(random() * 2);
      const partRadius = radiusKm * 0.6;
      const step = (partRadius * 4) / KM_PER_DEG_LON;
      const coordinates = Array.from({ length: parts }, (_, part) =>
        polygonAround(lon + part * step, lat, partRadius, kind, withHole && part === 0, random),
      );
      zones.push({ id, geometry: { type: 'MultiPolygon', coordinates }, kind, holes: withHole ? 1 : 0 });
    } else {
      const coordinates = polygonAround(lon, lat, radiusKm, kind, withHole, random);
      zones.push({ id, geometry: { type: 'Polygon', coordinates }, kind, holes: withHole ? 1 : 0 });
    }
  }
  return zones;
}

/** Exact orientation of p against the line a→b (0 = exactly on it), in integer arithmetic on the doubles' bits. */
function exactOrientation(ax: number, ay: number, bx: number, by: number, px: number, py: number): bigint {
  const big = (value: number) => {
    const scaled = value * 2 ** 60; // a power of two: exact; every coordinate here (> 16) becomes an integer
    if (!Number.isInteger(scaled)) throw new Error(`coordinate ${value} is not representable on the 2^-60 grid`);
    return BigInt(scaled);
  };
  const [Ax, Ay, Bx, By, Px, Py] = [ax, ay, bx, by, px, py].map(big) as [
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
    bigint,
  ];
  return (Bx - Ax) * (Py - Ay) - (By - Ay) * (Px - Ax);
}

function polygonsOf(geometry: JoinGeometry): Ring[][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/** Deliberate points: on outer vertices and edges (axis-aligned and sloped, exactly), in holes, on hole vertices. */
function deliberatePoints(zones: BenchZone[], perCategory: number, random: () => number) {
  const points: { lon: number; lat: number; category: Category }[] = [];
  const pickZone = (filter: (zone: BenchZone) => boolean) => {
    const candidates = zones.filter(filter);
    return candidates[Math.floor(random() * candidates.length)]!;
  };
  const edgesOf = (ring: Ring) => ring.slice(0, -1).map((a, i) => [a, ring[i + 1]!] as const);
  for (let n = 0; n < perCategory; n += 1) {
    // A vertex of an outer ring.
    {
      const polygon = polygonsOf(pickZone(() => true).geometry)[0]!;
      const [lon, lat] = polygon[0]![Math.floor(random() * (polygon[0]!.length - 1))]!;
      points.push({ lon: lon!, lat: lat!, category: 'vertex' });
    }
    // On an axis-aligned edge of a parcel (exact in any arithmetic: one coordinate equals the edge's).
    {
      const polygon = polygonsOf(pickZone((zone) => zone.kind === 'parcel').geometry)[0]!;
      const edges = edgesOf(polygon[0]!);
      const [a, b] = edges[Math.floor(random() * edges.length)]!;
      const t = 0.1 + random() * 0.8;
      const lon = a[0] === b[0] ? a[0]! : a[0]! + (b[0]! - a[0]!) * t;
      const lat = a[1] === b[1] ? a[1]! : a[1]! + (b[1]! - a[1]!) * t;
      points.push({ lon, lat, category: 'edge-axis' });
    }
    // On a sloped edge of a star: a point a + t(b − a) kept only when it lies EXACTLY on the edge (checked in integer
    // arithmetic); one that misses by rounding is kept apart as a 'near-edge' probe.
    for (let tries = 0; tries < 200; tries += 1) {
      const polygon = polygonsOf(pickZone((zone) => zone.kind !== 'parcel').geometry)[0]!;
      const edges = edgesOf(polygon[0]!);
      const [a, b] = edges[Math.floor(random() * edges.length)]!;
      if (a[0] === b[0] || a[1] === b[1]) continue;
      const t = (1 + Math.floor(random() * 15)) / 16;
      const lon = a[0]! + (b[0]! - a[0]!) * t;
      const lat = a[1]! + (b[1]! - a[1]!) * t;
      if (exactOrientation(a[0]!, a[1]!, b[0]!, b[1]!, lon, lat) === 0n) {
        points.push({ lon, lat, category: 'edge-sloped' });
        break;
      }
      if (points.filter((point) => point.category === 'near-edge').length < perCategory) {
        points.push({ lon, lat, category: 'near-edge' });
      }
    }
    // In a hole (its centre: the zone's centre, outside the zone) and on a hole's vertex (inside the zone).
    {
      const zone = pickZone((candidate) => candidate.holes > 0);
      const polygon = polygonsOf(zone.geometry)[0]!;
      const hole = polygon[1]!;
      let lon = 0;
      let lat = 0;
      for (const [x, y] of hole.slice(0, -1)) {
        lon += x!;
        lat += y!;
      }
      points.push({ lon: lon / (hole.length - 1), lat: lat / (hole.length - 1), category: 'hole' });
      const [vx, vy] = hole[Math.floor(random() * (hole.length - 1))]!;
      points.push({ lon: vx!, lat: vy!, category: 'hole-vertex' });
    }
  }
  return points;
}

const ringWkt = (ring: Ring) => `(${ring.map(([x, y]) => `${x} ${y}`).join(',')})`;
/** WKT with JavaScript's shortest round-trip number text: PostgreSQL parses it back to the very same doubles. */
function wkt(geometry: JoinGeometry): string {
  return geometry.type === 'Polygon'
    ? `POLYGON(${geometry.coordinates.map(ringWkt).join(',')})`
    : `MULTIPOLYGON(${geometry.coordinates.map((polygon) => `(${polygon.map(ringWkt).join(',')})`).join(',')})`;
}

const pairKey = (point: number, zone: number) => point * 10_000 + zone;

interface PostgisResult {
  version: string;
  settings: string[];
  loadMs: number;
  invalidZones: number;
  plainContains: number[];
  tunedContains: number[];
  tunedIntersects: number[];
  plainPlan: string[];
  tunedPlan: string[];
  intersects: Set<number>;
  contains: Set<number>;
}

async function explainMs(client: pg.Client, sql: string): Promise<number> {
  const result = await client.query<{ 'QUERY PLAN': [{ 'Execution Time': number }] }>(
    `EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) ${sql}`,
  );
  return result.rows[0]!['QUERY PLAN'][0]['Execution Time'];
}

async function planText(client: pg.Client, sql: string): Promise<string[]> {
  const result = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${sql}`);
  return result.rows.map((row) => row['QUERY PLAN']);
}

const PLAIN_SQL = 'SELECT p.id AS point_id, z.id AS zone_id FROM points p JOIN zones z ON ST_Contains(z.geom, p.geom)';
const tunedSql = (predicate: 'ST_Contains' | 'ST_Intersects') =>
  `SELECT p.id AS point_id, z.id AS zone_id FROM zones z CROSS JOIN LATERAL ` +
  `(SELECT id FROM points WHERE ${predicate}(z.geom, points.geom) OFFSET 0) p`;

async function runPostgis(cluster: PostgisCluster, zones: BenchZone[], coords: Float64Array): Promise<PostgisResult> {
  const { client } = cluster;
  const started = performance.now();
  await client.query('CREATE TABLE zones (id integer PRIMARY KEY, geom geometry(Geometry, 4326) NOT NULL)');
  await client.query('CREATE TABLE points (id integer PRIMARY KEY, geom geometry(Point, 4326) NOT NULL)');
  await client.query(
    'INSERT INTO zones SELECT id, ST_GeomFromText(w, 4326) FROM unnest($1::integer[], $2::text[]) AS t(id, w)',
    [zones.map((zone) => zone.id), zones.map((zone) => wkt(zone.geometry))],
  );
  const count = coords.length / 2;
  for (let from = 0; from < count; from += 20_000) {
    const ids: number[] = [];
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = from; i < Math.min(count, from + 20_000); i += 1) {
      ids.push(i);
      xs.push(coords[i * 2]!);
      ys.push(coords[i * 2 + 1]!);
    }
    await client.query(
      'INSERT INTO points SELECT id, ST_SetSRID(ST_MakePoint(x, y), 4326) ' +
        'FROM unnest($1::integer[], $2::float8[], $3::float8[]) AS t(id, x, y)',
      [ids, xs, ys],
    );
  }
  // Every coordinate must arrive unchanged (text round trip of doubles).
  const drift = await client.query<{ n: string }>(
    'SELECT count(*) AS n FROM points p JOIN unnest($1::integer[], $2::float8[], $3::float8[]) AS t(id, x, y) ' +
      'ON t.id = p.id WHERE ST_X(p.geom) <> t.x OR ST_Y(p.geom) <> t.y',
    [
      Array.from({ length: Math.min(count, 5000) }, (_, i) => i),
      Array.from({ length: Math.min(count, 5000) }, (_, i) => coords[i * 2]!),
      Array.from({ length: Math.min(count, 5000) }, (_, i) => coords[i * 2 + 1]!),
    ],
  );
  if (drift.rows[0]!.n !== '0') throw new Error(`${drift.rows[0]!.n} points changed on their way into PostGIS`);
  await client.query('CREATE INDEX zones_geom ON zones USING gist (geom)');
  await client.query('VACUUM ANALYZE zones');
  await client.query('VACUUM ANALYZE points');
  const loadMs = performance.now() - started;
  const invalidZones = Number(
    (await client.query<{ n: string }>('SELECT count(*) AS n FROM zones WHERE NOT ST_IsValid(geom)')).rows[0]!.n,
  );

  const plainPlan = await planText(client, PLAIN_SQL);
  await explainMs(client, PLAIN_SQL); // warm the cache
  const plainContains: number[] = [];
  for (let run = 0; run < PG_RUNS; run += 1) plainContains.push(await explainMs(client, PLAIN_SQL));

  await client.query('CREATE INDEX points_geom ON points USING gist (geom)');
  await client.query('VACUUM ANALYZE points');
  const tunedPlan = [
    ...(await planText(client, tunedSql('ST_Contains'))),
    '',
    tunedSql('ST_Intersects'),
    '',
    ...(await planText(client, tunedSql('ST_Intersects'))),
  ];
  await explainMs(client, tunedSql('ST_Contains'));
  const tunedContains: number[] = [];
  const tunedIntersects: number[] = [];
  for (let run = 0; run < PG_RUNS; run += 1) {
    tunedContains.push(await explainMs(client, tunedSql('ST_Contains')));
    tunedIntersects.push(await explainMs(client, tunedSql('ST_Intersects')));
  }
  const pairs = async (sql: string) =>
    new Set(
      (await client.query<{ point_id: number; zone_id: number }>(sql)).rows.map((row) =>
        pairKey(row.point_id, row.zone_id),
      ),
    );
  return {
    version: cluster.version,
    settings: cluster.settings,
    loadMs,
    invalidZones,
    plainContains,
    tunedContains,
    tunedIntersects,
    plainPlan,
    tunedPlan,
    intersects: await pairs(tunedSql('ST_Intersects')),
    contains: await pairs(PLAIN_SQL),
  };
}

export async function runP6Join(): Promise<FigureResult> {
  const random = seededRandom(SEED);
  const sample = loadSampleData();
  let started = performance.now();
  const cases = generateCases({
    count: POINTS,
    seed: SEED,
    codes: loadProblemCodes(),
    area: generatorAreaFrom(sample.basemap, sample.places),
    from: '2025-07-01T00:00:00Z',
    to: '2026-07-01T00:00:00Z',
    now: '2026-07-01T00:00:00Z',
  });
  const coords = new Float64Array(cases.length * 2);
  cases.forEach((cityCase, index) => {
    coords[index * 2] = cityCase.lon;
    coords[index * 2 + 1] = cityCase.lat;
  });
  const zones = generateZones(ZONES, coords, random);
  // The deliberate points replace generated cases at fixed, spread-out positions.
  const categories: Category[] = new Array<Category>(cases.length).fill('generated');
  const deliberate = deliberatePoints(zones, Math.max(1, Math.round(POINTS / 200)), random);
  const stride = Math.floor(cases.length / deliberate.length);
  deliberate.forEach((point, k) => {
    const index = k * stride;
    coords[index * 2] = point.lon;
    coords[index * 2 + 1] = point.lat;
    categories[index] = point.category;
  });
  const setupMs = performance.now() - started;
  const vertexCount = zones.reduce(
    (sum, zone) =>
      sum +
      polygonsOf(zone.geometry).reduce((s, polygon) => s + polygon.reduce((r, ring) => r + ring.length - 1, 0), 0),
    0,
  );
  const count = (filter: (zone: BenchZone) => boolean) => zones.filter(filter).length;
  console.log(
    `  ${cases.length} cases (${deliberate.length} deliberate points) and ${zones.length} zones (${vertexCount} vertices) in ${ms(setupMs, 0)}`,
  );

  // (a) our join: build + joinPoints, several runs; and every pair (locateAll) for the agreement check.
  const joinInput = zones.map((zone) => ({ id: zone.id, geometry: zone.geometry }));
  const ours: number[] = [];
  const buildOnly: number[] = [];
  let hits: Int32Array | null = null;
  for (let run = 0; run <= RUNS; run += 1) {
    started = performance.now();
    const index = createPolygonIndex(joinInput);
    const built = performance.now();
    hits = index.joinPoints(coords);
    if (run > 0) {
      ours.push(performance.now() - started);
      buildOnly.push(built - started);
    }
  }
  const index = createPolygonIndex(joinInput);
  started = performance.now();
  const ourPairs = new Set<number>();
  for (let i = 0; i < coords.length / 2; i += 1) {
    for (const id of index.locateAll(coords[i * 2]!, coords[i * 2 + 1]!)) ourPairs.add(pairKey(i, id));
  }
  const locateAllMs = performance.now() - started;
  let joined = 0;
  let winnerNotInSet = 0;
  for (let i = 0; i < hits!.length; i += 1) {
    if (hits![i] === -1) continue;
    joined += 1;
    if (!ourPairs.has(pairKey(i, zones[hits![i]!]!.id))) winnerNotInSet += 1;
  }
  const oursMedian = median(ours);
  const oursPerPoint = oursMedian / (coords.length / 2);
  console.log(`  ours: build + join median ${ms(oursMedian)} (${joined} points in a zone, ${ourPairs.size} pairs)`);

  // (b) the plain turf loop on a fixed random subsample.
  const sampleRandom = seededRandom(SEED + 1);
  const sampleIndexes = Array.from({ length: Math.min(TURF_SAMPLE, coords.length / 2) }, () =>
    Math.floor(sampleRandom() * (coords.length / 2)),
  );
  const turfZones = zones.map((zone) => zone.geometry);
  const turfPairs = new Set<number>();
  const turfLoop = (indexes: number[], record: boolean) => {
    for (const i of indexes) {
      const point = [coords[i * 2]!, coords[i * 2 + 1]!];
      for (let z = 0; z < turfZones.length; z += 1) {
        if (booleanPointInPolygon(point, turfZones[z]!, { ignoreBoundary: false }) && record) {
          turfPairs.add(pairKey(i, zones[z]!.id));
        }
      }
    }
  };
  turfLoop(sampleIndexes.slice(0, 50), false); // warm-up
  started = performance.now();
  turfLoop(sampleIndexes, true);
  const turfMs = performance.now() - started;
  const turfPerPoint = turfMs / sampleIndexes.length;
  const turfExtrapolated = turfPerPoint * (coords.length / 2);
  const turfRatio = turfPerPoint / oursPerPoint;
  const sampleSet = new Set(sampleIndexes);
  const ourSamplePairs = new Set([...ourPairs].filter((key) => sampleSet.has(Math.floor(key / 10_000))));
  const turfDiffers = [...sampleSet].filter((i) => {
    for (const zone of zones) {
      if (ourSamplePairs.has(pairKey(i, zone.id)) !== turfPairs.has(pairKey(i, zone.id))) return true;
    }
    return false;
  });
  console.log(
    `  turf: ${sampleIndexes.length} points × ${zones.length} zones in ${ms(turfMs, 0)} → ${ms(turfPerPoint, 3)} per point, ` +
      `${(turfExtrapolated / 1000).toFixed(1)} s for all; ours/turf ${ratio(turfRatio)}`,
  );

  // (c) PostGIS.
  const pgSettings = [
    'fsync=off',
    'synchronous_commit=off',
    'full_page_writes=off',
    'jit=off',
    'max_parallel_workers_per_gather=0',
    'shared_buffers=256MB',
    'work_mem=64MB',
  ];
  const cluster = await startPostgis(pgSettings);
  let postgis: PostgisResult | null = null;
  let skipped: string | null = null;
  if ('skipped' in cluster) {
    skipped = cluster.skipped;
    console.log(`  PostGIS skipped: ${skipped}`);
  } else {
    try {
      postgis = await runPostgis(cluster, zones, coords);
    } finally {
      await cluster.stop();
    }
    console.log(
      `  PostGIS: plain ST_Contains ${ms(median(postgis.plainContains))}, tuned ST_Contains ${ms(median(postgis.tunedContains))}, ` +
        `tuned ST_Intersects ${ms(median(postgis.tunedIntersects))}`,
    );
  }

  // Agreement per category: a point agrees when its set of zones is the same in both answers.
  const pointsOf = (set: Set<number>) => {
    const byPoint = new Map<number, number[]>();
    for (const key of set) {
      const point = Math.floor(key / 10_000);
      byPoint.set(point, [...(byPoint.get(point) ?? []), key % 10_000]);
    }
    return byPoint;
  };
  const sameZones = (a: number[] | undefined, b: number[] | undefined) =>
    (a ?? []).length === (b ?? []).length && (a ?? []).every((zone) => (b ?? []).includes(zone));
  const categoryNames: Category[] = ['generated', ...CATEGORIES, 'near-edge'];
  const agreement = categoryNames.map((category) => ({
    category,
    points: 0,
    inZone: 0,
    differIntersects: 0,
    differContains: 0,
  }));
  const ourByPoint = pointsOf(ourPairs);
  const intersectsByPoint = postgis ? pointsOf(postgis.intersects) : null;
  const containsByPoint = postgis ? pointsOf(postgis.contains) : null;
  for (let i = 0; i < coords.length / 2; i += 1) {
    const row = agreement.find((entry) => entry.category === categories[i])!;
    row.points += 1;
    if (ourByPoint.has(i)) row.inZone += 1;
    if (intersectsByPoint && !sameZones(ourByPoint.get(i), intersectsByPoint.get(i))) row.differIntersects += 1;
    if (containsByPoint && intersectsByPoint && !sameZones(containsByPoint.get(i), intersectsByPoint.get(i)))
      row.differContains += 1;
  }
  const judged = agreement.filter((row) => row.category !== 'near-edge');
  const disagreements = judged.reduce((sum, row) => sum + row.differIntersects, 0);
  const probe = agreement.find((row) => row.category === 'near-edge')!;
  const containsBoundaryPoints = agreement.reduce((sum, row) => sum + row.differContains, 0);

  const turfPass = turfRatio >= TARGET_TURF_RATIO;
  const plainMedian = postgis ? median(postgis.plainContains) : null;
  const tunedMedian = postgis ? median(postgis.tunedContains) : null;
  const tunedIntersectsMedian = postgis ? median(postgis.tunedIntersects) : null;
  const fasterThanPostgis = postgis ? oursMedian < Math.min(plainMedian!, tunedMedian!, tunedIntersectsMedian!) : true;
  const agree = postgis ? disagreements === 0 && postgis.invalidZones === 0 : true;
  const pass = turfPass && fasterThanPostgis && agree && winnerNotInSet === 0;

  const rows: SummaryRow[] = [
    {
      measure: 'data',
      value: `${cases.length.toLocaleString('en')} cases × ${zones.length.toLocaleString('en')} zones (${vertexCount.toLocaleString('en')} vertices)`,
    },
    { measure: 'ours: build + joinPoints (median)', value: `${ms(oursMedian)} (build ${ms(median(buildOnly))})` },
    {
      measure: `turf loop, ${sampleIndexes.length} points × all zones`,
      value: `${ms(turfMs, 0)}: ${ms(turfPerPoint, 3)}/point, ${(turfExtrapolated / 1000).toFixed(1)} s for all (extrapolated)`,
    },
    {
      measure: 'turf / ours per point',
      value: ratio(turfRatio),
      target: `≥ ${TARGET_TURF_RATIO}×`,
      pass: turfPass,
    },
    ...(postgis
      ? [
          {
            measure: 'PostGIS plain ST_Contains (GiST zones)',
            value: `${ms(plainMedian!, 0)} = ${ratio(plainMedian! / oursMedian)} ours`,
          },
          {
            measure: 'PostGIS tuned ST_Contains (GiST both, zones drive)',
            value: `${ms(tunedMedian!, 0)} = ${ratio(tunedMedian! / oursMedian)} ours`,
          },
          {
            measure: 'PostGIS tuned ST_Intersects',
            value: `${ms(tunedIntersectsMedian!, 0)} = ${ratio(tunedIntersectsMedian! / oursMedian)} ours`,
          },
          {
            measure: 'ours faster than every PostGIS form',
            value: fasterThanPostgis ? 'yes' : 'NO',
            target: 'yes',
            pass: fasterThanPostgis,
          },
          {
            measure: 'points whose zones differ from ST_Intersects',
            value: `${disagreements} (near-edge probe: ${probe.differIntersects} of ${probe.points})`,
            target: '0',
            pass: disagreements === 0,
          },
          { measure: 'points ST_Contains answers differently', value: String(containsBoundaryPoints) },
        ]
      : [{ measure: 'PostGIS', value: `skipped: ${skipped}` }]),
  ];

  const code = (lines: string[]) => ['```text', ...lines, '```'].join('\n');
  const markdown = [
    `**Data.** ${cases.length.toLocaleString('en')} synthetic cases from \`generateCases\` (src/shared/cases/case-generator.ts,`,
    `seed ${SEED}: clustered on the streets, rivers and places of the illustrative basemap) and`,
    `${zones.length.toLocaleString('en')} generated zones (seed ${SEED}) around the town: half centred within 500 m of a`,
    `case (so they gather where the cases do), half anywhere in its box; radius 15–300 m (log-uniform);`,
    `${count((z) => z.kind === 'parcel')} axis-aligned parcels`,
    `(rectangles and L-shapes), ${count((z) => z.kind === 'star')} star-shaped polygons of 5–14 vertices,`,
    `${count((z) => z.kind === 'detailed')} detailed outlines of 40–300 vertices; ${count((z) => z.holes > 0)} with a hole,`,
    `${count((z) => z.geometry.type === 'MultiPolygon')} MultiPolygons of 2–3 parts; ${vertexCount.toLocaleString('en')}`,
    `vertices in all; coordinates rounded to 7 decimals; zones may overlap. ${deliberate.length.toLocaleString('en')}`,
    'cases at fixed positions are moved onto deliberate points (table below): exactly on outer vertices, exactly on',
    'axis-aligned edges, exactly on sloped edges (a + t(b − a) kept only when an integer-arithmetic orientation test on',
    "the doubles' bits is 0), at the centres of holes, on hole vertices; and a near-edge probe: sloped-edge points that",
    'missed the edge by rounding (a few units in the last place off the line: their side is decided by exact',
    'arithmetic in GEOS, by floating point in our test).',
    '',
    '**Boundary rule.** A point on an edge or a vertex (of an outer ring or of a hole) counts as inside its zone, as',
    "PostGIS `ST_Intersects` answers and turf's `booleanPointInPolygon(…, { ignoreBoundary: false })`. `ST_Contains`",
    'leaves such points out. Where zones overlap a point belongs to each of them: the answers are compared as the',
    'set of zones per point (`locateAll`; `joinPoints` keeps the smallest of them, which must be in that set).',
    '',
    '**Timing.** (a) `createPolygonIndex(zones)` + `joinPoints(coords)` (Float64Array of all points), one warm-up then',
    `${RUNS} runs, median; (b) turf \`booleanPointInPolygon\` for every point × every zone (no bbox, no index) on a fixed`,
    `random subsample of ${sampleIndexes.length.toLocaleString('en')} points (seed ${SEED + 1}) after a warm-up of 50 points,`,
    'divided per point and extrapolated linearly to all points: the loop does the same work for every point, so',
    'its time is proportional to the number of points; (c) PostGIS in a throwaway cluster (initdb in a temp folder,',
    `unix socket only), in-database time = \`Execution Time\` of \`EXPLAIN (ANALYZE, TIMING OFF)\`, one warm-up then`,
    `${PG_RUNS} runs each, median. Everything single-threaded (PostGIS: \`max_parallel_workers_per_gather=0\`).`,
    '',
    markdownTable(
      ['method', 'median', 'per point', 'vs ours'],
      [
        [
          '**ours**: createPolygonIndex + joinPoints (build + join)',
          `**${ms(oursMedian)}** (build ${ms(median(buildOnly))})`,
          `${((oursPerPoint * 1000) as number).toFixed(3)} µs`,
          '1×',
        ],
        [
          'ours: every pair (`locateAll` per point, once)',
          ms(locateAllMs),
          `${((locateAllMs / (coords.length / 2)) * 1000).toFixed(3)} µs`,
          ratio(locateAllMs / oursMedian),
        ],
        [
          `turf loop over all pairs (${sampleIndexes.length.toLocaleString('en')}-point subsample: ${ms(turfMs, 0)})`,
          `${(turfExtrapolated / 1000).toFixed(1)} s extrapolated`,
          `${(turfPerPoint * 1000).toFixed(1)} µs`,
          `**${ratio(turfRatio)}**`,
        ],
        ...(postgis
          ? [
              [
                'PostGIS plain: `ST_Contains`, GiST on zones',
                ms(plainMedian!, 0),
                `${((plainMedian! / (coords.length / 2)) * 1000).toFixed(2)} µs`,
                ratio(plainMedian! / oursMedian),
              ],
              [
                'PostGIS tuned: `ST_Contains`, GiST on both, zones driving',
                ms(tunedMedian!, 0),
                `${((tunedMedian! / (coords.length / 2)) * 1000).toFixed(2)} µs`,
                ratio(tunedMedian! / oursMedian),
              ],
              [
                'PostGIS tuned: `ST_Intersects` (our boundary rule)',
                ms(tunedIntersectsMedian!, 0),
                `${((tunedIntersectsMedian! / (coords.length / 2)) * 1000).toFixed(2)} µs`,
                ratio(tunedIntersectsMedian! / oursMedian),
              ],
            ]
          : [['PostGIS', `skipped: ${skipped}`, '', '']]),
      ],
    ),
    '',
    `Target: turf / ours ≥ ${TARGET_TURF_RATIO}× per point: **${passText(turfPass)}** (${ratio(turfRatio)}); faster than`,
    `PostGIS plain and tuned: **${postgis ? passText(fasterThanPostgis) : 'not measured'}**; same answers as`,
    `\`ST_Intersects\`: **${postgis ? passText(agree) : 'not measured'}**.`,
    '',
    ...(postgis
      ? [
          `**Answers.** ${ourPairs.size.toLocaleString('en')} point–zone pairs from us, ${postgis.intersects.size.toLocaleString('en')}`,
          `from \`ST_Intersects\`, ${postgis.contains.size.toLocaleString('en')} from \`ST_Contains\`;`,
          `${joined.toLocaleString('en')} points fall in a zone. Zones PostGIS finds invalid (\`ST_IsValid\`): ${postgis.invalidZones}.`,
          `Every \`joinPoints\` winner is among the point's zones: ${winnerNotInSet === 0 ? 'yes' : `NO (${winnerNotInSet} not)`}.`,
          `On the turf subsample, points whose zones differ between turf and us: ${turfDiffers.length}`,
          `(${turfDiffers.filter((i) => categories[i] === 'near-edge').length} of them near-edge probes).`,
          '',
          markdownTable(
            ['points', 'count', 'in a zone (ours)', 'differ from ST_Intersects', 'ST_Contains ≠ ST_Intersects'],
            agreement.map((row) => [
              row.category === 'near-edge' ? 'near-edge probe (not judged)' : row.category,
              row.points,
              row.inZone,
              row.category === 'near-edge' ? row.differIntersects : `**${row.differIntersects}**`,
              row.differContains,
            ]),
          ),
          '',
          `PostGIS: ${postgis.version}; loaded (WKT and float8 arrays through \`pg\`, exact double round trip checked),`,
          `indexed and analysed in ${(postgis.loadMs / 1000).toFixed(1)} s; settings \`${postgis.settings.join(' ')}\`.`,
          `Runs (ms): plain ${postgis.plainContains.map((v) => v.toFixed(0)).join(', ')}; tuned \`ST_Contains\``,
          `${postgis.tunedContains.map((v) => v.toFixed(0)).join(', ')}; tuned \`ST_Intersects\``,
          `${postgis.tunedIntersects.map((v) => v.toFixed(0)).join(', ')}.`,
          '',
          'Plain (GiST on `zones(geom)` only; the planner chooses the join order):',
          '',
          code([PLAIN_SQL, '', ...postgis.plainPlan]),
          '',
          'Tuned (GiST on `zones(geom)` and `points(geom)`; the zones drive a lateral index probe into the points, kept',
          'apart by `OFFSET 0` so the planner cannot flatten it back into the plain join; each polygon is then the same',
          'argument for all the points in its box, so PostGIS prepares it once):',
          '',
          code([tunedSql('ST_Contains'), '', ...postgis.tunedPlan]),
        ]
      : [
          `PostGIS was **skipped**: ${skipped}. On Debian: \`apt-get install postgresql-15-postgis-3\`, then`,
          '`npm run bench -- p6j` (the benchmark starts and removes its own cluster).',
        ]),
  ].join('\n');

  return {
    id: 'P6J',
    title: 'spatial join of 100k cases to 1k zones vs turf and PostGIS',
    command: 'npm run bench -- p6j',
    target:
      'spatial join of 100k points to 1k zones ≥ 100× faster than a plain turf loop over all pairs (no bbox shortcut), ' +
      'and faster than PostGIS on the same data (in-database time of `ST_Contains` with GiST, plain and tuned), with the ' +
      'same answers as `ST_Intersects` (edge points count as inside), measured side by side in one run',
    pass,
    rows,
    markdown,
  };
}
