import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import {
  CRS84,
  OGC_CRS,
  OGC_DEFAULT_LIMIT,
  accepts,
  ogcItemQuerySchema,
  ogcItemsQuerySchema,
  ogcResourceQuerySchema,
  type OgcCrs,
  type OgcItemsQuery,
} from './ogc/params';
import {
  OGC_COLLECTIONS,
  extentOf,
  inCrs,
  pageOf,
  type FeatureSource,
  type OgcCollectionDefinition,
  type OgcFeature,
} from './ogc/collections';
import { OPENAPI_CONTENT_TYPE, openApiDocument } from './ogc/openapi';

const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  // Part 2: the collections list their CRSs (CRS84, EPSG:4326) and items take `crs` and `bbox-crs`.
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
];
const GREGORIAN = 'http://www.opengis.net/def/uom/ISO-8601/0/Gregorian';
const JSON_TYPE = 'application/json';
const GEOJSON_TYPE = 'application/geo+json';

/** A Host header fit to become part of a link: a name or address with an optional port. */
const HOST = /^(?:[a-z0-9](?:[a-z0-9.-]{0,252})|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

const collectionParamsSchema = z.object({ collectionId: z.string() });
const featureParamsSchema = z.object({ collectionId: z.string(), featureId: z.string() });

/**
 * OGC API - Features - Part 1 (Core, GeoJSON, OpenAPI 3.0) and Part 2 (CRS84 and EPSG:4326) under /ogc,
 * for QGIS, GDAL and other desktop GIS: landing page, conformance, the OpenAPI description, the
 * collections and their features with bbox (bbox-crs), crs, datetime, limit/offset paging and next/prev
 * links; OPTIONS says the items are read-only (QGIS asks). ogc-qgis.test.ts replays QGIS's requests. Reads only; the guard lets
 * in a session or an API token (Authorization: Bearer), or visitors when the public read-only view is on.
 */
export function registerOgcRoutes(app: FastifyInstance, context: RouteContext, options: { now: () => Date }): void {
  function serviceUrl(request: FastifyRequest): string {
    if (!HOST.test(request.host)) throw new HttpProblem(400, 'The Host header is not a valid host name');
    return `${request.protocol}://${request.host}/ogc`;
  }

  /** Signed in (a session or an API token), or a visitor of the public read-only view? */
  const signedIn = (request: FastifyRequest) => request.user !== null || request.apiToken !== null;
  const visibleCollections = (request: FastifyRequest) =>
    OGC_COLLECTIONS.filter((collection) => collection.publicRead || signedIn(request));

  function collectionOf(request: FastifyRequest, id: string): OgcCollectionDefinition {
    const collection = OGC_COLLECTIONS.find((candidate) => candidate.id === id);
    if (!collection) {
      throw new HttpProblem(404, `No collection ${id.slice(0, 64)}: ${OGC_COLLECTIONS.map((c) => c.id).join(', ')}`);
    }
    if (!collection.publicRead && !signedIn(request)) {
      throw new HttpProblem(401, 'Log in first', undefined, undefined, { 'WWW-Authenticate': 'Bearer realm="jinxi"' });
    }
    return collection;
  }

  /** The representation asked for: `f=json` wins; otherwise the Accept header must allow one of `types` (else 406). */
  function negotiate(request: FastifyRequest, query: { f?: 'json' }, types: readonly string[]) {
    if (query.f) return;
    const accept = request.headers.accept;
    if (!accepts(accept, [...types, JSON_TYPE])) {
      throw new HttpProblem(
        406,
        `This service answers in ${types.join(' or ')} only (Accept: ${accept?.slice(0, 100)})`,
      );
    }
  }

  function send(reply: FastifyReply, type: string, body: unknown) {
    // The charset is written here: Fastify adding it would rewrite `;version=3.0` as `; version="3.0"`, which
    // GDAL (3.6) compares token by token and refuses ("Unexpected Content-Type"), failing every filtered read.
    return reply
      .header('Content-Type', `${type}; charset=utf-8`)
      .header('Cache-Control', 'private, no-cache')
      .send(JSON.stringify(body));
  }

  /** Features in a CRS: the GeoJSON and the Content-Crs header Part 2 asks for. */
  function sendFeatures(reply: FastifyReply, crs: OgcCrs, body: unknown) {
    return send(reply.header('Content-Crs', `<${crs}>`), GEOJSON_TYPE, body);
  }

  async function source(request: FastifyRequest): Promise<FeatureSource> {
    return {
      repos: context.repos,
      campaign: await context.campaign(),
      today: context.today(),
      origin: serviceUrl(request).replace(/\/ogc$/, ''),
    };
  }

  const link = (href: string, rel: string, type: string, title?: string) => ({
    href,
    rel,
    type,
    ...(title ? { title } : {}),
  });

  function collectionBody(base: string, collection: OgcCollectionDefinition, features: readonly OgcFeature[]) {
    const { spatial, temporal } = extentOf(features);
    const self = `${base}/collections/${collection.id}`;
    return {
      id: collection.id,
      title: collection.title,
      description: collection.temporal
        ? `${collection.description} The datetime parameter is matched against the ${collection.temporal}.`
        : collection.description,
      links: [
        link(self, 'self', JSON_TYPE, 'This collection'),
        link(`${self}/items`, 'items', GEOJSON_TYPE, `${collection.title} (GeoJSON)`),
      ],
      extent: {
        ...(spatial ? { spatial: { bbox: [spatial], crs: CRS84 } } : {}),
        ...(temporal ? { temporal: { interval: [temporal], trs: GREGORIAN } } : {}),
      },
      itemType: 'feature',
      crs: [...OGC_CRS],
      storageCrs: CRS84,
    };
  }

  const toGeoJson = (feature: OgcFeature, base: string, collection: OgcCollectionDefinition, crs: OgcCrs) => ({
    type: 'Feature',
    id: feature.id,
    geometry: inCrs(feature.geometry, crs),
    properties: feature.properties,
    links: [
      link(`${base}/collections/${collection.id}/items/${encodeURIComponent(feature.id)}`, 'self', GEOJSON_TYPE),
      link(`${base}/collections/${collection.id}`, 'collection', JSON_TYPE),
    ],
  });

  /** The items URL for another page: the parameters as given, with this offset. */
  function pageUrl(base: string, collection: OgcCollectionDefinition, raw: Record<string, string>, offset: number) {
    const params = new URLSearchParams();
    for (const key of ['f', 'bbox', 'bbox-crs', 'datetime', 'crs'] as const) {
      if (raw[key] !== undefined) params.set(key, raw[key]);
    }
    params.set('limit', raw.limit ?? String(OGC_DEFAULT_LIMIT));
    params.set('offset', String(offset));
    return `${base}/collections/${collection.id}/items?${params.toString()}`;
  }

  app.get('/ogc', async (request, reply) => {
    const query = parseOr400(ogcResourceQuerySchema, request.query, 'query');
    negotiate(request, query, [JSON_TYPE]);
    const base = serviceUrl(request);
    return send(reply, JSON_TYPE, {
      title: `${(await context.campaign()).campaign.name} 一张图`,
      description: 'OGC API - Features: zones, tasks, photos, waterlogging points and villages of the campaign.',
      links: [
        link(base, 'self', JSON_TYPE, 'This document'),
        link(`${base}/api`, 'service-desc', OPENAPI_CONTENT_TYPE, 'The API definition (OpenAPI 3.0)'),
        link(`${base}/conformance`, 'conformance', JSON_TYPE, 'Conformance classes'),
        link(`${base}/collections`, 'data', JSON_TYPE, 'The feature collections'),
      ],
    });
  });

  app.get('/ogc/conformance', async (request, reply) => {
    const query = parseOr400(ogcResourceQuerySchema, request.query, 'query');
    negotiate(request, query, [JSON_TYPE]);
    return send(reply, JSON_TYPE, { conformsTo: CONFORMANCE });
  });

  app.get('/ogc/api', async (request, reply) => {
    const query = parseOr400(ogcResourceQuerySchema, request.query, 'query');
    negotiate(request, query, ['application/vnd.oai.openapi+json']);
    const ids = visibleCollections(request).map((collection) => collection.id);
    return send(reply, OPENAPI_CONTENT_TYPE, openApiDocument(serviceUrl(request), ids));
  });

  app.get('/ogc/collections', async (request, reply) => {
    const query = parseOr400(ogcResourceQuerySchema, request.query, 'query');
    negotiate(request, query, [JSON_TYPE]);
    const base = serviceUrl(request);
    const from = await source(request);
    const collections = [];
    for (const collection of visibleCollections(request)) {
      collections.push(collectionBody(base, collection, await collection.load(from, null)));
    }
    return send(reply, JSON_TYPE, {
      links: [link(`${base}/collections`, 'self', JSON_TYPE, 'The feature collections')],
      collections,
    });
  });

  /** "…/collections/" and "…/items/" (a trailing slash, an empty id) go to the resource without it. */
  const withoutTrailingSlash = (request: FastifyRequest, reply: FastifyReply) => {
    const [path, ...query] = request.url.split('?');
    return reply.redirect(`${path!.replace(/\/+$/, '')}${query.length ? `?${query.join('?')}` : ''}`, 308);
  };

  app.get('/ogc/collections/:collectionId', async (request, reply) => {
    const { collectionId } = parseOr400(collectionParamsSchema, request.params, 'collection');
    if (collectionId === '') return withoutTrailingSlash(request, reply);
    const collection = collectionOf(request, collectionId);
    const query = parseOr400(ogcResourceQuerySchema, request.query, 'query');
    negotiate(request, query, [JSON_TYPE]);
    const features = await collection.load(await source(request), null);
    return send(reply, JSON_TYPE, collectionBody(serviceUrl(request), collection, features));
  });

  app.get('/ogc/collections/:collectionId/items', async (request, reply) => {
    const { collectionId } = parseOr400(collectionParamsSchema, request.params, 'collection');
    const collection = collectionOf(request, collectionId);
    const query: OgcItemsQuery = parseOr400(ogcItemsQuerySchema, request.query, 'query');
    negotiate(request, query, [GEOJSON_TYPE]);
    const base = serviceUrl(request);
    const { bbox, datetime } = query;
    const crs = query.crs ?? CRS84;
    const limit = query.limit ?? OGC_DEFAULT_LIMIT;
    const offset = query.offset ?? 0;
    const from = await source(request);
    const wanted = { bbox: bbox ?? null, datetime: datetime ?? null, limit, offset };
    const { features: page, numberMatched } = collection.page
      ? await collection.page(from, wanted)
      : await pageOf(await collection.load(from, wanted.bbox), wanted);
    const raw = request.query as Record<string, string>;
    const links = [
      link(pageUrl(base, collection, raw, offset), 'self', GEOJSON_TYPE, 'This page'),
      link(`${base}/collections/${collection.id}`, 'collection', JSON_TYPE, collection.title),
    ];
    if (offset + page.length < numberMatched) {
      links.push(link(pageUrl(base, collection, raw, offset + page.length), 'next', GEOJSON_TYPE, 'Next page'));
    }
    if (offset > 0) {
      links.push(
        link(pageUrl(base, collection, raw, Math.max(0, offset - limit)), 'prev', GEOJSON_TYPE, 'Previous page'),
      );
    }
    return sendFeatures(reply, crs, {
      type: 'FeatureCollection',
      features: page.map((feature) => toGeoJson(feature, base, collection, crs)),
      links,
      timeStamp: options.now().toISOString(),
      numberMatched,
      numberReturned: page.length,
    });
  });

  app.get('/ogc/collections/:collectionId/items/:featureId', async (request, reply) => {
    const { collectionId, featureId } = parseOr400(featureParamsSchema, request.params, 'feature');
    if (featureId === '') return withoutTrailingSlash(request, reply);
    const collection = collectionOf(request, collectionId);
    const query = parseOr400(ogcItemQuerySchema, request.query, 'query');
    negotiate(request, query, [GEOJSON_TYPE]);
    const from = await source(request);
    const feature = collection.item
      ? await collection.item(from, featureId)
      : (await collection.load(from, null)).find((candidate) => candidate.id === featureId);
    if (!feature) throw new HttpProblem(404, `No feature ${featureId.slice(0, 64)} in ${collection.id}`);
    const crs = query.crs ?? CRS84;
    return sendFeatures(reply, crs, toGeoJson(feature, serviceUrl(request), collection, crs));
  });

  // QGIS asks OPTIONS of the items (and of one item) to learn whether it may edit (POST, PUT, PATCH, DELETE
  // in Allow): this service only reads. An answer, rather than a 404, keeps that out of QGIS's error log.
  const readOnly = (request: FastifyRequest, reply: FastifyReply) => {
    const { collectionId } = parseOr400(collectionParamsSchema, request.params, 'collection');
    collectionOf(request, collectionId);
    return reply.header('Allow', 'GET, HEAD, OPTIONS').code(204).send();
  };
  app.options('/ogc/collections/:collectionId/items', readOnly);
  app.options('/ogc/collections/:collectionId/items/:featureId', readOnly);
}
