import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { auditedDeny, writeActor } from '../../platform/audit';
import { etagOf, expectedVersion, staleProblem } from '../../platform/preconditions';
import { idParams, idString } from '../../platform/params';
import { foundOr404, notFoundProblem } from '../../platform/found';
import { zoneQuerySchema, type ZoneGeometry } from '../../../shared/zones/zone';
import { gcj02ToWgs84 } from '../../../shared/geo/gcj02';
import { REGISTER_KINDS, registerKind, RIVER_SECTIONS, type RegisterKind } from '../../../shared/registers/kinds';
import {
  checkRegisterAttributes,
  createRegisterBodySchema,
  geometryFitsKind,
  readingBodySchema,
  updateRegisterBodySchema,
  type RegisterAttributes,
  type RegisterCollection,
  type RegisterFeature,
  type RegisterSnapshot,
  type RegisterSummary,
} from '../../../shared/registers/register';
import { createZoneChecks, zoneOr404 } from '../zones';
import {
  createGisUploadReader,
  DEFAULT_IMPORT_SETTINGS,
  uploadMultipartLimits,
  type GisUpload,
  type ImportSettings,
} from '../gis';
import fastifyMultipart from '@fastify/multipart';
import {
  registerImportQuerySchema,
  type RegisterImportPreview,
  type RegisterImportResult,
  type RegisterImportRow,
} from '../../../shared/registers/import';
import { registersInZone } from './zone-links';
import { mapRegisterRow, matchColumns } from './register-import';

const objectParamsSchema = z.object({
  kind: z.string(),
  id: idString('register object id must be a positive whole number'),
});
const bboxQuerySchema = z.pick(zoneQuerySchema, { bbox: true });
const zoneParamsSchema = idParams('zone');

/** Every position of a geometry through `convert` (GCJ-02 → WGS 84), the nesting kept. */
function mapPositions(geometry: ZoneGeometry, convert: (lon: number, lat: number) => [number, number]): ZoneGeometry {
  const walk = (value: unknown): unknown =>
    Array.isArray(value) && typeof value[0] === 'number'
      ? convert(value[0], value[1] as number)
      : Array.isArray(value)
        ? value.map(walk)
        : value;
  return { ...geometry, coordinates: walk(geometry.coordinates) } as ZoneGeometry;
}

/**
 * The registers (src/shared/registers): kinds with counts, a kind's objects as GeoJSON (bbox filter), create,
 * read, change and delete with If-Match (the owning unit, planners and the campaign office), history, the river
 * sections' water-quality readings, and the register objects a zone covers. Exports and the OGC API are in the
 * gis module, through the zones' writers.
 */
export function registerRegisterRoutes(
  app: FastifyInstance,
  context: RouteContext,
  imports: Partial<ImportSettings> = {},
): void {
  const { repos } = context;
  const importSettings = { ...DEFAULT_IMPORT_SETTINGS, ...imports };
  const reader = createGisUploadReader(importSettings);
  app.addHook('onClose', () => reader.close());
  const zoneChecks = createZoneChecks(context, { cacheOutline: true });

  const kindOf = (slug: string): RegisterKind => foundOr404(registerKind(slug), 'Register', slug);
  const objectOf = async (request: FastifyRequest) => {
    const { kind: slug, id } = parseOr400(objectParamsSchema, request.params, 'register object');
    const kind = kindOf(slug);
    const feature = foundOr404(await repos.registers.get(kind.slug, id), kind.nameEn.replace(/s$/, ''), id);
    return { kind, feature };
  };

  /** A unit account writes only objects its unit owns (the matrix's `own`); refusals are audited. */
  const requireOwner = async (request: FastifyRequest, ownerUnit: string) => {
    if (request.access !== 'own') return;
    if (request.user?.unit === ownerUnit) return;
    await auditedDeny(repos.audit, request, {
      reason: `register object owned by ${ownerUnit}, not ${request.user?.unit ?? 'no unit'}`,
      message: 'Only the unit that keeps this register, planners and the campaign office may change it',
    });
  };

  /** The geometry checked like a zone's (validity, the town outline), converted from GCJ-02 when sent so. */
  const checkGeometry = async (kind: RegisterKind, geometry: ZoneGeometry, coordinateSystem?: string) => {
    if (!geometryFitsKind(kind, geometry)) {
      const expected = { Point: 'a point', LineString: 'a line', Polygon: 'an area (polygon)' }[kind.geometry];
      throw new HttpProblem(400, `Invalid geometry: a ${kind.slug} object is ${expected}, not ${geometry.type}`, [
        { path: 'geometry', message: `expected ${kind.geometry}` },
      ]);
    }
    const wgs84 = coordinateSystem === 'gcj02' ? mapPositions(geometry, gcj02ToWgs84) : geometry;
    const { validateZoneGeometry } = await import('../../../shared/zones/geometry');
    const check = validateZoneGeometry(wgs84, { townOutline: await zoneChecks.townOutline() });
    if (!check.valid) {
      throw new HttpProblem(400, `Invalid geometry: ${check.detail}`, [{ path: 'geometry', message: check.detail }], {
        reason: check.reason,
      });
    }
    return check.geometry;
  };

  const checkAttributes = (kind: RegisterKind, input: unknown, base: RegisterAttributes | null) => {
    const check = checkRegisterAttributes(kind, input, base);
    if (!check.valid) {
      const first = check.errors[0]!;
      throw new HttpProblem(400, `Invalid attributes: ${first.path}: ${first.message}`, check.errors);
    }
    return check.attributes;
  };

  const checkOwnerUnit = async (request: FastifyRequest, ownerUnit: string) => {
    const campaign = await context.campaign();
    if (!campaign.units.some((unit) => unit.id === ownerUnit)) {
      throw new HttpProblem(400, `Unit ${ownerUnit} does not exist`, [{ path: 'ownerUnit', message: 'unknown unit' }]);
    }
    await requireOwner(request, ownerUnit);
  };

  const sendFeature = (reply: { header(name: string, value: string): unknown }, feature: RegisterFeature) => {
    reply.header('ETag', etagOf(feature.properties.version));
    return feature;
  };

  app.get('/api/registers', async (): Promise<RegisterSummary> => {
    const counts = await repos.registers.counts();
    return { kinds: REGISTER_KINDS.map((kind) => ({ slug: kind.slug, count: counts[kind.slug] ?? 0 })) };
  });

  app.get('/api/registers/:kind', async (request, reply): Promise<RegisterCollection> => {
    const kind = kindOf((request.params as { kind: string }).kind);
    const { bbox } = parseOr400(bboxQuerySchema, request.query, 'query');
    const box = bbox ? ([bbox.minLon, bbox.minLat, bbox.maxLon, bbox.maxLat] as const) : null;
    reply.type('application/geo+json');
    return { type: 'FeatureCollection', features: await repos.registers.list(kind.slug, box) };
  });

  app.post('/api/registers/:kind', async (request, reply) => {
    const kind = kindOf((request.params as { kind: string }).kind);
    const body = parseOr400(createRegisterBodySchema, request.body, 'register object');
    const ownerUnit = body.ownerUnit ?? kind.ownerUnit;
    await checkOwnerUnit(request, ownerUnit);
    const snapshot: RegisterSnapshot = {
      name: body.name,
      geometry: await checkGeometry(kind, body.geometry, body.coordinateSystem),
      attributes: checkAttributes(kind, body.attributes, null),
      ownerUnit,
    };
    const created = await repos.registers.create(kind.slug, snapshot, writeActor(request), context.now());
    reply.code(201).header('Location', `/api/registers/${kind.slug}/${created.id}`);
    return sendFeature(reply, created);
  });

  /** A file's features checked like POSTs: the rows with their errors, and the snapshots of the valid ones. */
  const checkUpload = async (kind: RegisterKind, upload: GisUpload) => {
    const { summary, features } = upload;
    // A file's layers go with each problem of what was read, so that another layer can be chosen.
    const read = { layers: summary.layers, layer: summary.layer };
    if (!features.length) {
      throw new HttpProblem(422, `${upload.fileName} holds no features: nothing to import`, undefined, {
        reason: 'no-features',
        ...read,
      });
    }
    if (features.length > importSettings.maxFeatures) {
      throw new HttpProblem(
        422,
        `${upload.fileName} holds ${features.length} features; at most ${importSettings.maxFeatures} can be imported at once: split the file`,
        undefined,
        { reason: 'too-many-features', maxFeatures: importSettings.maxFeatures, ...read },
      );
    }
    const withGeometry = features.filter((feature) => feature.geometry);
    if (withGeometry.length && !withGeometry.some((feature) => geometryFitsKind(kind, feature.geometry!))) {
      const expected = { Point: 'points', LineString: 'lines', Polygon: 'areas (polygons)' }[kind.geometry];
      throw new HttpProblem(
        422,
        `${upload.fileName} holds ${summary.geometryTypes.join(', ')}: the ${kind.slug} register takes ${expected}`,
        [{ path: 'file', message: `expected ${kind.geometry}` }],
        { reason: 'wrong-geometry', ...read },
      );
    }
    const columns = matchColumns(
      kind,
      summary.fields.map((field) => field.name),
    );
    const { validateZoneGeometry } = await import('../../../shared/zones/geometry');
    const townOutline = await zoneChecks.townOutline();
    const rows: RegisterImportRow[] = [];
    const snapshots: RegisterSnapshot[] = [];
    for (const feature of features) {
      const mapped = mapRegisterRow(kind, columns, feature.properties);
      const errors = [...mapped.errors];
      let geometry: ZoneGeometry | null = null;
      if (!feature.geometry) {
        errors.push({ path: 'geometry', code: 'no-geometry', message: feature.problem?.detail ?? 'no geometry' });
      } else if (!geometryFitsKind(kind, feature.geometry)) {
        errors.push({
          path: 'geometry',
          code: 'wrong-geometry',
          message: `a ${feature.geometry.type}, not a ${kind.geometry}`,
        });
      } else {
        const check = validateZoneGeometry(feature.geometry as ZoneGeometry, { townOutline });
        if (check.valid) geometry = check.geometry;
        else errors.push({ path: 'geometry', code: 'invalid-geometry', message: check.detail });
      }
      rows.push({ row: feature.index + 1, name: mapped.name, valid: !errors.length, errors });
      if (!errors.length && geometry && mapped.attributes) {
        snapshots.push({ name: mapped.name, geometry, attributes: mapped.attributes, ownerUnit: kind.ownerUnit });
      }
    }
    const valid = rows.filter((row) => row.valid).length;
    const preview: RegisterImportPreview = {
      fileName: upload.fileName,
      format: summary.format,
      total: rows.length,
      valid,
      invalid: rows.length - valid,
      ...read,
      columns,
      rows,
    };
    return { preview, snapshots };
  };

  // A planner's GIS file into a register: read with the zone import's readers (the gis module), checked like POSTs.
  void app.register(async (scope) => {
    await scope.register(fastifyMultipart, { limits: uploadMultipartLimits(importSettings) });
    scope.post('/api/registers/:kind/import', async (request, reply) => {
      const kind = kindOf((request.params as { kind: string }).kind);
      const query = parseOr400(registerImportQuerySchema, request.query, 'query');
      // The objects are the kind's owning unit's: a unit account imports only into its own register.
      await requireOwner(request, kind.ownerUnit);
      const upload = await reader.read(request, {
        gcj02: query.coordinateSystem === 'gcj02',
        ...(query.layer === undefined ? {} : { layer: query.layer }),
      });
      const { preview, snapshots } = await checkUpload(kind, upload);
      if (query.dryRun === '1' || query.dryRun === 'true') return preview;
      if (!snapshots.length) {
        throw new HttpProblem(422, `No feature of ${upload.fileName} can be imported: nothing was saved`, undefined, {
          preview,
          layers: preview.layers,
          layer: preview.layer,
        });
      }
      const created = await repos.registers.createMany(
        kind.slug,
        snapshots,
        writeActor(request),
        context.now(),
        `导入自 ${upload.fileName}`,
      );
      const result: RegisterImportResult = { ...preview, created };
      return reply.code(201).send(result);
    });
  });

  app.get('/api/registers/:kind/:id', async (request, reply) => {
    const { feature } = await objectOf(request);
    return sendFeature(reply, feature);
  });

  app.patch('/api/registers/:kind/:id', async (request, reply) => {
    const { kind, feature } = await objectOf(request);
    await requireOwner(request, feature.properties.ownerUnit);
    const version = expectedVersion(request, feature.properties.version, feature);
    const body = parseOr400(updateRegisterBodySchema, request.body, 'register object');
    if (body.ownerUnit !== undefined && body.ownerUnit !== feature.properties.ownerUnit) {
      await checkOwnerUnit(request, body.ownerUnit);
    }
    const snapshot: RegisterSnapshot = {
      name: body.name ?? feature.properties.name,
      geometry: body.geometry ? await checkGeometry(kind, body.geometry, body.coordinateSystem) : feature.geometry,
      attributes: checkAttributes(kind, body.attributes ?? {}, feature.properties.attributes),
      ownerUnit: body.ownerUnit ?? feature.properties.ownerUnit,
    };
    const saved = await repos.registers.update(
      kind.slug,
      feature.id,
      snapshot,
      version,
      writeActor(request),
      context.now(),
    );
    if (!saved) {
      const now = await repos.registers.get(kind.slug, feature.id);
      throw staleProblem({ currentVersion: now?.properties.version ?? null, current: now });
    }
    return sendFeature(reply, saved);
  });

  app.delete('/api/registers/:kind/:id', async (request, reply) => {
    const { kind, feature } = await objectOf(request);
    await requireOwner(request, feature.properties.ownerUnit);
    const version = expectedVersion(request, feature.properties.version, feature);
    if (!(await repos.registers.remove(kind.slug, feature.id, version, writeActor(request), context.now()))) {
      const now = await repos.registers.get(kind.slug, feature.id);
      throw staleProblem({ currentVersion: now?.properties.version ?? null, current: now });
    }
    return reply.code(204).send();
  });

  app.get('/api/registers/:kind/:id/history', async (request) => {
    const { kind: slug, id } = parseOr400(objectParamsSchema, request.params, 'register object');
    const kind = kindOf(slug);
    const history = await repos.registers.history(kind.slug, id);
    if (!history.length) throw notFoundProblem(kind.nameEn.replace(/s$/, ''), id);
    return history;
  });

  const sectionOf = async (request: FastifyRequest) => {
    const { id } = parseOr400(idParams('river section'), request.params, 'river section id');
    return foundOr404(await repos.registers.get(RIVER_SECTIONS, id), 'River section', id);
  };

  app.get(`/api/registers/${RIVER_SECTIONS}/:id/readings`, async (request) => {
    const section = await sectionOf(request);
    return repos.registers.readings(section.id);
  });

  app.post(`/api/registers/${RIVER_SECTIONS}/:id/readings`, async (request, reply) => {
    const section = await sectionOf(request);
    await requireOwner(request, section.properties.ownerUnit);
    const body = parseOr400(readingBodySchema, request.body, 'reading');
    if (body.sampledOn > context.today()) {
      throw new HttpProblem(400, 'The sampling date is in the future', [
        { path: 'sampledOn', message: 'in the future' },
      ]);
    }
    const reading = await repos.registers.addReading(section.id, body, writeActor(request), context.now());
    if (reading === 'exists') {
      throw new HttpProblem(409, `River section ${section.id} has a reading of ${body.sampledOn} already`, [
        { path: 'sampledOn', message: 'a reading of this day exists' },
      ]);
    }
    return reply.code(201).send(reading);
  });

  app.get('/api/zones/:id/registers', async (request) => {
    const { id } = parseOr400(zoneParamsSchema, request.params, 'zone id');
    const zone = await zoneOr404(context, id);
    return { objects: await registersInZone(repos.registers, zone.geometry) };
  });
}
