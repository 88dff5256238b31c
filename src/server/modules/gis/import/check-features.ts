import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { CampaignResponse } from '../../../../shared/campaign/campaign';
import type { FieldMapping, ImportDefaults } from '../../../../shared/gis/gis-import';
import type { CreateZoneBody, ZoneGeometry } from '../../../../shared/zones/zone';
import { GEOMETRY_REASONS, MAX_VERTICES, validateZoneGeometry } from '../../../../shared/zones/geometry';
import { countPositions } from '../../../../shared/geo/bounds';
import { mapFeature } from './mapping';
import { parseImport, type ParseRequest, type ParseSummary } from './parse';

/** What the validation worker is asked: the file's read, the mapping, and what the checks need from the database. */
export interface CheckRequest {
  parse: ParseRequest;
  mapping: FieldMapping;
  defaults: ImportDefaults;
  config: CampaignResponse;
  today: string;
  /** The file's name without its extension: "NAME 12" names a feature without one. */
  fallbackBase: string;
  /** Feature indexes the user unticked: not checked, not reported. */
  exclude: number[];
  townOutline: Feature<Polygon | MultiPolygon> | null;
}

/**
 * One feature after the checks that need no database: mapped to a zone create with its geometry
 * validated and normalised (as JSON text: one string crosses to the main thread far faster than
 * thousands of nested arrays), or the reason it cannot be imported.
 */
export interface CheckedFeature {
  index: number;
  name: string;
  body: Omit<CreateZoneBody, 'geometry'> | null;
  geometryJson: string | null;
  reason: string | null;
  detail: string | null;
  /** Numbers the user's message names (the kinds of parts of a mixed collection). */
  params?: Record<string, number>;
}

export interface CheckResult {
  summary: ParseSummary;
  /** Empty when the encoding or the coordinate system must be confirmed first (the summary says which). */
  features: CheckedFeature[];
}

/**
 * Read the file, map every chosen feature's attributes and validate its geometry (the shared zone
 * geometry rules, the town outline): the part of the import's validation that grows with the file,
 * run in an import worker so the server keeps answering (docs/quality.md P10). What needs the
 * database (overlaps with stored zones) stays with the caller.
 */
export async function checkFeatures(request: CheckRequest): Promise<CheckResult> {
  const { summary, features = [] } = await parseImport(request.parse);
  const options = request.parse.options;
  if (
    (summary.detected.encodingNeedsConfirmation && !options.encoding) ||
    (summary.detected.crsNeedsConfirmation && !options.crs)
  ) {
    return { summary, features: [] };
  }
  const excluded = new Set(request.exclude);
  const checked: CheckedFeature[] = [];
  for (const feature of features) {
    if (excluded.has(feature.index)) continue;
    const fallbackName = `${request.fallbackBase} ${feature.index + 1}`;
    const nameField = request.mapping.name;
    const name = (nameField ? String(feature.properties[nameField] ?? '').trim() : '') || fallbackName;
    const entry: CheckedFeature = {
      index: feature.index,
      name: name.slice(0, 80),
      body: null,
      geometryJson: null,
      reason: null,
      detail: null,
    };
    checked.push(entry);
    if (!feature.geometry) {
      entry.reason = feature.problem?.reason ?? 'no-geometry';
      entry.detail = feature.problem?.detail ?? 'no geometry';
      if (feature.problem?.params) entry.params = feature.problem.params;
      continue;
    }
    // Refused by the shared validation anyway; checked first so a huge ring never reaches zod.
    if (countPositions(feature.geometry.coordinates) > MAX_VERTICES) {
      entry.reason = GEOMETRY_REASONS.tooManyVertices;
      entry.detail = `more than ${MAX_VERTICES} vertices`;
      continue;
    }
    const mapped = mapFeature(feature.properties, feature.geometry as ZoneGeometry, request.mapping, request.defaults, {
      config: request.config,
      today: request.today,
      fallbackName,
    });
    if (!mapped.ok) {
      entry.reason = 'attributes';
      entry.detail = mapped.detail;
      continue;
    }
    const geometry = validateZoneGeometry(mapped.body.geometry, { townOutline: request.townOutline });
    if (!geometry.valid) {
      entry.reason = geometry.reason;
      entry.detail = `Invalid geometry: ${geometry.detail}`;
      continue;
    }
    const { geometry: _raw, ...body } = mapped.body;
    entry.body = body;
    entry.geometryJson = JSON.stringify(geometry.geometry);
  }
  return { summary, features: checked };
}
