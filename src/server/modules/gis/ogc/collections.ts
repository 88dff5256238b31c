import type { Feature, Geometry } from 'geojson';
import type { Repositories } from '../../../platform/context';
import type { ZoneOutline } from '../../zones';
import type { CampaignResponse } from '../../../../shared/campaign/campaign';
import { createCampaignLookup } from '../../../../shared/campaign/campaign-lookup';
import type { ZoneFeature, ZoneGeometry } from '../../../../shared/zones/zone';
import { boundsOf, geometryKind, roundCoordinate, type GeometryKind } from '../export/geometry';
import { toExportZones } from '../export/zone-records';
import { REGISTER_KINDS, type RegisterKind } from '../../../../shared/registers/kinds';
import { registerExportRecord } from '../../../../shared/registers/export-columns';
import { CRS84, dayTimeSpan, spansIntersect, type OgcBbox, type OgcCrs, type TimeSpan } from './params';

/** A feature of a collection, with what the filters need. */
export interface OgcFeature {
  id: string;
  geometry: ZoneGeometry;
  properties: Record<string, string | number | boolean | null>;
  /** The feature's time (instants, half-open); null when it has none (then every datetime matches it). */
  time: TimeSpan | null;
}

export interface OgcCollectionDefinition {
  id: string;
  title: string;
  description: string;
  /** Open to visitors when the public read-only view is on (as the API routes its data comes from). */
  publicRead: boolean;
  /** The temporal property the datetime parameter is matched against, for the description. */
  temporal: string | null;
  /** Every feature, ordered by id; `bbox` may be used to narrow the reading (the caller still filters exactly). */
  load(source: FeatureSource, bbox: OgcBbox | null): Promise<OgcFeature[]>;
  /**
   * One page and the number matched, without reading every feature (collections that can: the zones).
   * Without it, a page is cut from `load` (pageOf): every page reads the whole collection.
   */
  page?(source: FeatureSource, request: OgcPageRequest): Promise<OgcPage>;
  /** One feature by id, without reading the others (collections that can). */
  item?(source: FeatureSource, id: string): Promise<OgcFeature | null>;
}

/** What an items request asks for: the filters (bbox in CRS84) and the page. */
export interface OgcPageRequest {
  bbox: OgcBbox | null;
  datetime: TimeSpan | null;
  limit: number;
  offset: number;
}
export interface OgcPage {
  features: OgcFeature[];
  numberMatched: number;
}

/** A page of features read in full: bbox (exactly), datetime (features without a time always match), offset, limit. */
export async function pageOf(
  all: readonly OgcFeature[],
  { bbox, datetime, limit, offset }: OgcPageRequest,
): Promise<OgcPage> {
  let features = all;
  if (bbox) {
    const meets = await bboxRule();
    features = features.filter((feature) => meets(feature.geometry, bbox));
  }
  // Features without a time match every datetime (/req/core/fc-time-response C).
  if (datetime) features = features.filter((feature) => !feature.time || spansIntersect(feature.time, datetime));
  return { features: features.slice(offset, offset + limit), numberMatched: features.length };
}

/** What the collections read from: the repositories, the campaign and the clock, and absolute URLs. */
export interface FeatureSource {
  repos: Repositories;
  campaign: CampaignResponse;
  today: string;
  /** e.g. `https://jinxi.example.cn`, for links to photos. */
  origin: string;
}

const point = (lon: number, lat: number): ZoneGeometry => ({
  type: 'Point',
  coordinates: [roundCoordinate(lon), roundCoordinate(lat)],
});
const byNumericId = (a: { id: string }, b: { id: string }) => Number(a.id) - Number(b.id);

/** A point on the zone (inside an area, on a line): where its tasks are drawn. turf is loaded when first needed. */
async function representativePoint(zone: ZoneFeature): Promise<ZoneGeometry> {
  const { pointOnFeature } = await import('@turf/turf');
  const [lon, lat] = pointOnFeature(zone as unknown as Feature<Geometry>).geometry.coordinates as [number, number];
  return point(lon, lat);
}

async function allZones(source: FeatureSource, bbox: OgcBbox | null): Promise<ZoneFeature[]> {
  // The R*Tree narrows an ordinary box; one crossing the antimeridian reads everything.
  const query = bbox && bbox.minLon <= bbox.maxLon ? { bbox } : {};
  return (await source.repos.zones.listZones(query, source.today)).sort(byNumericId);
}

/** The geometry types of each kind (as geometryKind sorts them). */
const KIND_TYPES: Record<GeometryKind, ZoneGeometry['type'][]> = {
  polygon: ['Polygon', 'MultiPolygon'],
  line: ['LineString', 'MultiLineString'],
  point: ['Point'],
};

/** Zones, all of them or only those of one geometry kind. */
function zoneCollection(id: string, title: string, kind: GeometryKind | null): OgcCollectionDefinition {
  const which = {
    polygon: 'areas (Polygon, MultiPolygon)',
    line: 'lines (LineString, MultiLineString)',
    point: 'points',
  };
  const load = async (source: FeatureSource, bbox: OgcBbox | null) => {
    const zones = (await allZones(source, bbox)).filter((zone) => !kind || geometryKind(zone.geometry) === kind);
    return zoneFeatures(zones, source);
  };
  // (geometryKind reads only the type.)
  const ofKind = (type: ZoneGeometry['type']) => !kind || geometryKind({ type } as ZoneGeometry) === kind;
  return {
    id,
    title,
    description: kind
      ? `The remediation zones (整治区域) that are ${which[kind]}: one geometry type, for clients that need it (QGIS).`
      : 'Remediation zones (整治区域) with item, status, lead and responsible units, planned dates and measures.',
    publicRead: true,
    temporal: 'planned start to planned end (plannedStart, plannedEnd)',
    load,
    async page(source, request) {
      const { bbox, datetime, limit, offset } = request;
      // A box across the antimeridian does not fit the R*Tree: read everything (as load does).
      if (bbox && bbox.minLon > bbox.maxLon) return pageOf(await load(source, bbox), request);
      const geometryTypes = kind ? KIND_TYPES[kind] : null;
      // A bbox around every zone (QGIS's view of the whole layer) filters nothing.
      const extent = bbox ? await source.repos.zones.zonesExtent() : null;
      const everything =
        !bbox ||
        (extent !== null &&
          bbox.minLon <= extent.minLon &&
          bbox.maxLon >= extent.maxLon &&
          bbox.minLat <= extent.minLat &&
          bbox.maxLat >= extent.maxLat);
      if (everything && !datetime) {
        // The whole collection: a page and a count in SQL.
        const { zones, total } = await source.repos.zones.pageZones({ geometryTypes }, { limit, offset }, source.today);
        return { features: zoneFeatures(zones, source), numberMatched: total };
      }
      // Otherwise count and pick the page from the outlines (R*Tree box, type, dates); read only the page's zones.
      // Only the geometries of zones whose box crosses the edge of the bbox are read, to test them exactly.
      let outlines = await source.repos.zones.listZoneOutlines({ bbox: everything ? null : bbox, geometryTypes });
      if (datetime) {
        outlines = outlines.filter((outline) =>
          spansIntersect(dayTimeSpan(outline.plannedStart, outline.plannedEnd), datetime),
        );
      }
      if (bbox && !everything) {
        const meets = await bboxRule();
        const inside = (box: ZoneOutline['box']) =>
          box !== null &&
          box.minLon >= bbox.minLon &&
          box.maxLon <= bbox.maxLon &&
          box.minLat >= bbox.minLat &&
          box.maxLat <= bbox.maxLat;
        const edge = outlines.filter((outline) => !inside(outline.box)).map((outline) => outline.id);
        const geometries = await source.repos.zones.zoneGeometries(edge);
        outlines = outlines.filter((outline) => {
          if (inside(outline.box)) return true;
          const geometry = geometries.get(outline.id);
          return geometry !== undefined && meets(geometry, bbox);
        });
      }
      const ids = outlines.slice(offset, offset + limit).map((outline) => outline.id);
      const zones = await source.repos.zones.listZonesByIds(ids, source.today);
      return { features: zoneFeatures(zones, source), numberMatched: outlines.length };
    },
    async item(source, id) {
      if (!/^[1-9]\d{0,14}$/.test(id)) return null;
      const zones = await source.repos.zones.listZonesByIds([Number(id)], source.today);
      return zoneFeatures(zones, source).find((feature) => ofKind(feature.geometry.type)) ?? null;
    },
  };
}

/** Zones as features: the export's attributes, the planned dates as their time. */
function zoneFeatures(zones: readonly ZoneFeature[], source: FeatureSource): OgcFeature[] {
  return toExportZones(zones, source.campaign).map((zone) => ({
    id: String(zone.record.id),
    geometry: zone.geometry,
    properties: { ...zone.record },
    time: dayTimeSpan(zone.record.plannedStart, zone.record.plannedEnd),
  }));
}

/** A register (src/shared/registers) as a collection: its objects with the attributes of its export. */
function registerCollection(kind: RegisterKind): OgcCollectionDefinition {
  return {
    id: `registers-${kind.slug}`,
    title: `${kind.name}（台账）`,
    description: `The register of ${kind.nameEn.toLowerCase()} (${kind.name}): the attributes of its GIS export.`,
    publicRead: false,
    temporal: null,
    async load(source, bbox) {
      const lookup = createCampaignLookup(source.campaign);
      const unitName = (id: string) => lookup.unit(id)?.name ?? id;
      // The box index narrows an ordinary box; one crossing the antimeridian reads everything.
      const box =
        bbox && bbox.minLon <= bbox.maxLon ? ([bbox.minLon, bbox.minLat, bbox.maxLon, bbox.maxLat] as const) : null;
      return (await source.repos.registers.list(kind.slug, box)).map((feature) => ({
        id: String(feature.id),
        geometry: feature.geometry,
        properties: registerExportRecord(kind, feature, unitName),
        time: null,
      }));
    },
  };
}

/**
 * The collections of the service: zones (all, and split by geometry kind), tasks at their zone, photos with a
 * position, waterlogging points, villages, and each register.
 */
export const OGC_COLLECTIONS: readonly OgcCollectionDefinition[] = [
  zoneCollection('zones', '整治区域', null),
  // QGIS shows one geometry type per layer: the same zones split by kind load there as three clean layers.
  zoneCollection('zones-polygons', '整治区域（面）', 'polygon'),
  zoneCollection('zones-lines', '整治区域（线）', 'line'),
  zoneCollection('zones-points', '整治区域（点）', 'point'),
  {
    id: 'tasks',
    title: '整治任务',
    description: "Tasks (整治任务) of the zones, each at its zone's representative point (a point on the zone).",
    publicRead: true,
    temporal: 'due date (dueDate)',
    async load(source) {
      const lookup = createCampaignLookup(source.campaign);
      const features: OgcFeature[] = [];
      for (const zone of await allZones(source, null)) {
        const tasks = await source.repos.tasks.listTasksOfZone(Number(zone.id), source.today);
        if (!tasks.length) continue;
        const geometry = await representativePoint(zone);
        for (const task of tasks) {
          features.push({
            id: task.id,
            geometry,
            properties: {
              id: Number(task.id),
              zoneId: Number(zone.id),
              zoneName: zone.properties.name,
              title: task.title,
              measures: task.measures,
              assignedUnit: lookup.unit(task.assignedUnit)?.name ?? task.assignedUnit,
              dueDate: task.dueDate,
              originalDueDate: task.originalDueDate,
              statusCode: task.status,
              statusName: lookup.taskStatus(task.status)?.name ?? task.status,
              overdue: task.overdue,
              reworkCount: task.reworkCount,
              extensionCount: task.extensionCount,
              completedOn: task.completedOn,
            },
            time: dayTimeSpan(task.dueDate, task.dueDate),
          });
        }
      }
      return features.sort(byNumericId);
    },
  },
  {
    id: 'photos',
    title: '照片',
    description: 'Photo evidence (before, progress, after) where its position is known; links to the display images.',
    publicRead: false,
    temporal: 'upload time (uploadedAt)',
    async load(source) {
      const features: OgcFeature[] = [];
      for (const zone of await allZones(source, null)) {
        for (const photo of await source.repos.photos.list(Number(zone.id))) {
          if (!photo.position) continue;
          const uploaded = Date.parse(photo.uploadedAt);
          features.push({
            id: photo.id,
            geometry: point(photo.position.lon, photo.position.lat),
            properties: {
              id: Number(photo.id),
              zoneId: Number(zone.id),
              zoneName: zone.properties.name,
              taskId: photo.taskId === null ? null : Number(photo.taskId),
              phase: photo.phase,
              referenceObject: photo.referenceObject,
              note: photo.note,
              takenAt: photo.takenAt,
              uploadedAt: photo.uploadedAt,
              uploadedBy: photo.uploadedBy,
              positionSource: photo.positionSource,
              bearing: photo.bearing,
              pairedWith: photo.pairedWith === null ? null : Number(photo.pairedWith),
              pairDistanceM: photo.pairDistanceM,
              pairFlagged: photo.pairFlagged,
              thumbUrl: `${source.origin}${photo.urls.thumb}`,
              displayUrl: `${source.origin}${photo.urls.display}`,
            },
            time: { from: uploaded, to: uploaded + 1 },
          });
        }
      }
      return features.sort(byNumericId);
    },
  },
  {
    id: 'flood-events',
    title: '积水点',
    description:
      'Waterlogging points recorded with rainfall events (R4), with depth and the flood-prone area they fall in.',
    publicRead: false,
    temporal: 'day of the rainfall event (occurredOn)',
    async load(source) {
      const [points, events, zones] = await Promise.all([
        source.repos.flood.listPoints(),
        source.repos.flood.listEvents(),
        source.repos.zones.listZones({}, source.today),
      ]);
      const eventById = new Map(events.map((event) => [event.id, event]));
      const zoneName = new Map(zones.map((zone) => [zone.id, zone.properties.name]));
      return points
        .map((entry) => {
          const event = eventById.get(String(entry.eventId));
          return {
            id: String(entry.id),
            geometry: point(entry.lon, entry.lat),
            properties: {
              id: entry.id,
              eventId: entry.eventId,
              occurredOn: entry.occurredOn,
              rainfallMm: event?.rainfallMm ?? null,
              depthCm: entry.depthCm,
              zoneId: entry.zoneId,
              zoneName: entry.zoneId === null ? null : (zoneName.get(String(entry.zoneId)) ?? null),
              notes: event?.notes ?? '',
            },
            time: dayTimeSpan(entry.occurredOn, entry.occurredOn),
          };
        })
        .sort(byNumericId);
    },
  },
  {
    id: 'villages',
    title: '村（社区）',
    description: 'The communities and villages of the town with their statistical codes (2020 and 2023).',
    publicRead: true,
    temporal: null,
    async load(source) {
      const places = await source.repos.basemap.listPlaces();
      return places
        .map((place) => ({
          id: place.code2023,
          geometry: point(place.lon, place.lat),
          properties: {
            code2023: place.code2023,
            code2020: place.code2020,
            name: place.name,
            shortName: place.shortName,
            kind: place.kind,
            kindName: place.kind === 'community' ? '社区' : '村',
          },
          time: null,
        }))
        .sort((a, b) => a.id.localeCompare(b.id));
    },
  },
  ...REGISTER_KINDS.map(registerCollection),
];

/**
 * The bbox test: does the geometry share a point with the box (or, across the antimeridian, with either half)? The
 * shared rule, geometryMeetsBox, which needs turf: loaded when first needed, not at start-up (docs/architecture.md).
 */
async function bboxRule(): Promise<(geometry: ZoneGeometry, bbox: OgcBbox) => boolean> {
  const { geometryMeetsBox } = await import('../../../../shared/geo/box-filter');
  return (geometry, bbox) => intersectsBbox(geometry, bbox, geometryMeetsBox);
}

function intersectsBbox(
  geometry: ZoneGeometry,
  bbox: OgcBbox,
  geometryMeetsBox: (geometry: ZoneGeometry, box: OgcBbox) => boolean,
): boolean {
  const boxes =
    bbox.minLon <= bbox.maxLon
      ? [bbox]
      : [
          { ...bbox, maxLon: 180 },
          { ...bbox, minLon: -180 },
        ];
  return boxes.some((box) => geometryMeetsBox(geometry, box));
}

/** The spatial extent of features ([minLon, minLat, maxLon, maxLat]) and their temporal one (ISO instants, null = open). */
export function extentOf(features: readonly OgcFeature[]) {
  const spatial = boundsOf(features.map((feature) => feature.geometry));
  let first = Infinity;
  let last = -Infinity;
  for (const { time } of features) {
    if (!time) continue;
    first = Math.min(first, time.from);
    last = Math.max(last, time.to);
  }
  const temporal = first <= last ? [new Date(first).toISOString(), new Date(last - 1).toISOString()] : null;
  return { spatial, temporal };
}

/** Coordinates in the answer's CRS: as stored in CRS84 (longitude, latitude), swapped for EPSG:4326. */
export function inCrs(geometry: ZoneGeometry, crs: OgcCrs): ZoneGeometry {
  if (crs === CRS84) return geometry;
  const swap = (coordinates: unknown): unknown =>
    typeof (coordinates as unknown[])[0] === 'number'
      ? [(coordinates as number[])[1], (coordinates as number[])[0], ...(coordinates as number[]).slice(2)]
      : (coordinates as unknown[]).map(swap);
  return { ...geometry, coordinates: swap(geometry.coordinates) } as ZoneGeometry;
}
