/**
 * Synthetic zones for scale tests and benchmarks (P4, P9): small polygons spread over the town,
 * seeded so every run draws the same ones, each named 合成区域 N so nobody takes them for real work.
 */
import type { CampaignConfig } from '../shared/campaign/campaign';
import type { SampleZone } from '../shared/campaign/sample-data';
import { ZONE_STATUSES, TASK_STATUSES, type BoundingBox } from '../shared/zones/zone';
import { mkdirSync } from 'node:fs';
import { seededRandom } from '../shared/cases/case-generator';
import { shanghaiDay } from '../shared/time/dates';
import { databaseFile, openDatabase } from '../server/platform/db/connection';
import { seedCampaign, seedSampleData } from '../server/platform/db/seed';
import { loadCampaignConfig, loadSampleData } from '../server/platform/data-files';

/** The town extent of the brief (WGS 84). */
export const EXTENT = { minLon: 120.84, maxLon: 120.98, minLat: 31.13, maxLat: 31.24 };
export const KM_PER_DEG_LAT = 110.9;
export const KM_PER_DEG_LON = 111.32 * Math.cos((31.185 * Math.PI) / 180);

const round7 = (value: number) => Math.round(value * 1e7) / 1e7;

export /** Small polygons (20–200 m across, 4–8 vertices, counter-clockwise) spread evenly over the town. */
function syntheticZones(count: number, config: CampaignConfig, random: () => number): SampleZone[] {
  const items = config.items.filter((item) => item.applicable && item.leadUnit);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const zones: SampleZone[] = [];
  for (let index = 0; index < count; index += 1) {
    const item = pick(items);
    const radiusKm = 0.01 + random() * 0.09;
    const vertices = 4 + Math.floor(random() * 5);
    const rLon = radiusKm / KM_PER_DEG_LON;
    const rLat = radiusKm / KM_PER_DEG_LAT;
    const lon = EXTENT.minLon + rLon + random() * (EXTENT.maxLon - EXTENT.minLon - 2 * rLon);
    const lat = EXTENT.minLat + rLat + random() * (EXTENT.maxLat - EXTENT.minLat - 2 * rLat);
    const start = random() * Math.PI * 2;
    const ring: [number, number][] = [];
    for (let vertex = 0; vertex < vertices; vertex += 1) {
      const angle = start + (vertex / vertices) * Math.PI * 2;
      const scale = 0.7 + random() * 0.3;
      ring.push([round7(lon + Math.cos(angle) * rLon * scale), round7(lat + Math.sin(angle) * rLat * scale)]);
    }
    ring.push(ring[0]!);
    const status = pick(ZONE_STATUSES);
    zones.push({
      key: `synthetic-${index}`,
      name: `合成区域 ${index + 1}`,
      category: item.code,
      status,
      leadUnit: item.leadUnit!,
      responsibleUnits: item.responsibleUnits.slice(0, 2),
      startOffsetDays: -60 + Math.floor(random() * 30),
      endOffsetDays: -10 + Math.floor(random() * 120),
      progress: status === 'accepted' ? 100 : Math.floor(random() * 100),
      measures: '',
      notes: '',
      village: null,
      geometry: { type: 'Polygon', coordinates: [ring] },
      tasks: [
        {
          title: '整治',
          measures: '',
          assignedUnit: item.leadUnit!,
          dueOffsetDays: -30 + Math.floor(random() * 90),
          status: pick(TASK_STATUSES),
          reworkCount: 0,
        },
      ],
    });
  }
  return zones;
}

/**
 * A data folder for `DATA_DIR` holding the sample town plus `extra` synthetic zones (a county's worth:
 * 11 towns ≈ 11,000), written through the same seeding the server runs on first start; the server
 * started on it adds the demo accounts and finds the zones already there.
 */
export function prepareScaledDataDir(dataDir: string, extra: number, seed = 11): void {
  mkdirSync(dataDir, { recursive: true });
  const db = openDatabase(databaseFile(dataDir));
  try {
    const today = shanghaiDay();
    const config = loadCampaignConfig();
    seedCampaign(db, config, today);
    const sample = loadSampleData();
    seedSampleData(
      db,
      { ...sample, zones: [...sample.zones, ...syntheticZones(extra, config, seededRandom(seed))] },
      today,
    );
  } finally {
    db.close();
  }
}

/** Boxes 0.5–2 km wide with a screen-like aspect, anywhere inside the town extent: the map views of P4. */
export function randomViewBoxes(count: number, random: () => number): BoundingBox[] {
  return Array.from({ length: count }, () => {
    const widthKm = 0.5 + random() * 1.5;
    const heightKm = widthKm * (0.6 + random() * 0.4);
    const width = widthKm / KM_PER_DEG_LON;
    const height = heightKm / KM_PER_DEG_LAT;
    const minLon = EXTENT.minLon + random() * (EXTENT.maxLon - EXTENT.minLon - width);
    const minLat = EXTENT.minLat + random() * (EXTENT.maxLat - EXTENT.minLat - height);
    return { minLon, minLat, maxLon: minLon + width, maxLat: minLat + height };
  });
}
