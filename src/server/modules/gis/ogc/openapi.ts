import { CRS84, OGC_CRS, OGC_DEFAULT_LIMIT, OGC_MAX_LIMIT } from './params';

export const OPENAPI_CONTENT_TYPE = 'application/vnd.oai.openapi+json;version=3.0';

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/problem' } } },
});
const json = (description: string, schema: string, type = 'application/json') => ({
  description,
  content: { [type]: { schema: { $ref: `#/components/schemas/${schema}` } } },
});
const errors = {
  '400': problem('A parameter is unknown or has an invalid value'),
  '401': problem('Neither a session nor a valid API token (Authorization: Bearer …)'),
  '406': problem('The Accept header allows no representation this service has (JSON)'),
};
const f = { $ref: '#/components/parameters/f' };

/**
 * The OpenAPI 3.0 description of the service (`service-desc` of the landing page): the paths, the
 * parameters with their bounds (clients read the `limit` maximum from here) and the security schemes.
 */
export function openApiDocument(serviceUrl: string, collectionIds: readonly string[]) {
  return {
    openapi: '3.0.3',
    info: {
      title: '锦溪镇环境综合整治 一张图 — OGC API - Features',
      version: '1.0.0',
      description:
        'Zones, tasks, photos, waterlogging points and villages of the campaign as OGC API - Features Part 1 ' +
        '(Core, GeoJSON) and Part 2 (CRS84, EPSG:4326). Read access with a session cookie or an API token issued by the campaign office.',
    },
    servers: [{ url: serviceUrl }],
    security: [{ bearerToken: [] }, { session: [] }],
    paths: {
      '/': {
        get: {
          operationId: 'getLandingPage',
          summary: 'Landing page',
          parameters: [f],
          responses: { '200': json('Links to the API, conformance and collections', 'landingPage'), ...errors },
        },
      },
      '/conformance': {
        get: {
          operationId: 'getConformance',
          summary: 'Conformance classes implemented',
          parameters: [f],
          responses: { '200': json('The conformance classes', 'confClasses'), ...errors },
        },
      },
      '/api': {
        get: {
          operationId: 'getApi',
          summary: 'This document',
          parameters: [f],
          responses: { '200': { description: 'OpenAPI 3.0', content: { [OPENAPI_CONTENT_TYPE]: {} } }, ...errors },
        },
      },
      '/collections': {
        get: {
          operationId: 'getCollections',
          summary: 'The feature collections',
          parameters: [f],
          responses: { '200': json('The collections', 'collections'), ...errors },
        },
      },
      '/collections/{collectionId}': {
        get: {
          operationId: 'describeCollection',
          summary: 'One collection: extent and links',
          parameters: [{ $ref: '#/components/parameters/collectionId' }, f],
          responses: {
            '200': json('The collection', 'collection'),
            ...errors,
            '404': problem('No such collection'),
          },
        },
      },
      '/collections/{collectionId}/items': {
        get: {
          operationId: 'getFeatures',
          summary: 'Features of a collection, a page at a time (next/prev links)',
          parameters: [
            { $ref: '#/components/parameters/collectionId' },
            { $ref: '#/components/parameters/bbox' },
            { $ref: '#/components/parameters/bbox-crs' },
            { $ref: '#/components/parameters/crs' },
            { $ref: '#/components/parameters/datetime' },
            { $ref: '#/components/parameters/limit' },
            { $ref: '#/components/parameters/offset' },
            f,
          ],
          responses: {
            '200': json('A GeoJSON FeatureCollection', 'featureCollectionGeoJSON', 'application/geo+json'),
            ...errors,
            '404': problem('No such collection'),
          },
        },
      },
      '/collections/{collectionId}/items/{featureId}': {
        get: {
          operationId: 'getFeature',
          summary: 'One feature',
          parameters: [
            { $ref: '#/components/parameters/collectionId' },
            { name: 'featureId', in: 'path', required: true, schema: { type: 'string' } },
            { $ref: '#/components/parameters/crs' },
            f,
          ],
          responses: {
            '200': json('A GeoJSON Feature', 'featureGeoJSON', 'application/geo+json'),
            ...errors,
            '404': problem('No such collection or feature'),
          },
        },
      },
    },
    components: {
      securitySchemes: {
        bearerToken: { type: 'http', scheme: 'bearer', description: 'An API token issued on the accounts page' },
        session: { type: 'apiKey', in: 'cookie', name: 'jinxi_session' },
      },
      parameters: {
        f: {
          name: 'f',
          in: 'query',
          required: false,
          description: 'Representation: JSON (GeoJSON for features); the Accept header works too',
          schema: { type: 'string', enum: ['json'] },
        },
        collectionId: {
          name: 'collectionId',
          in: 'path',
          required: true,
          schema: { type: 'string', enum: [...collectionIds] },
        },
        bbox: {
          name: 'bbox',
          in: 'query',
          required: false,
          description:
            'minLon,minLat,maxLon,maxLat in CRS84 (WGS 84 longitude/latitude); latitude first with ' +
            'bbox-crs=EPSG:4326',
          style: 'form',
          explode: false,
          schema: {
            type: 'array',
            oneOf: [
              { minItems: 4, maxItems: 4 },
              { minItems: 6, maxItems: 6 },
            ],
            items: { type: 'number' },
          },
        },
        'bbox-crs': {
          name: 'bbox-crs',
          in: 'query',
          required: false,
          description: 'The CRS of bbox (OGC API - Features - Part 2)',
          style: 'form',
          explode: false,
          schema: { type: 'string', format: 'uri', enum: [...OGC_CRS], default: CRS84 },
        },
        crs: {
          name: 'crs',
          in: 'query',
          required: false,
          description: 'The CRS of the geometries in the answer (Part 2; Content-Crs tells which)',
          style: 'form',
          explode: false,
          schema: { type: 'string', format: 'uri', enum: [...OGC_CRS], default: CRS84 },
        },
        datetime: {
          name: 'datetime',
          in: 'query',
          required: false,
          description:
            'An RFC 3339 date-time or interval (start/end, `..` for an open end); a plain date means that day in ' +
            'Asia/Shanghai. Matched against planned dates (zones), due date (tasks), upload time (photos), event day ' +
            '(waterlogging points); villages have no time and always match.',
          style: 'form',
          explode: false,
          schema: { type: 'string' },
        },
        limit: {
          name: 'limit',
          in: 'query',
          required: false,
          style: 'form',
          explode: false,
          schema: { type: 'integer', minimum: 1, maximum: OGC_MAX_LIMIT, default: OGC_DEFAULT_LIMIT },
        },
        offset: {
          name: 'offset',
          in: 'query',
          required: false,
          // (No style/explode here: QGIS takes form/non-exploded query parameters it does not know for
          // attribute filters.)
          description: 'Features to skip (the next link carries it)',
          schema: { type: 'integer', minimum: 0, default: 0 },
        },
      },
      schemas: {
        link: {
          type: 'object',
          required: ['href'],
          properties: {
            href: { type: 'string' },
            rel: { type: 'string' },
            type: { type: 'string' },
            title: { type: 'string' },
          },
        },
        landingPage: { type: 'object', required: ['links'] },
        confClasses: {
          type: 'object',
          required: ['conformsTo'],
          properties: { conformsTo: { type: 'array', items: { type: 'string' } } },
        },
        collections: { type: 'object', required: ['links', 'collections'] },
        collection: { type: 'object', required: ['id', 'links'] },
        featureCollectionGeoJSON: { type: 'object', required: ['type', 'features'] },
        featureGeoJSON: { type: 'object', required: ['type', 'geometry', 'properties'] },
        problem: { type: 'object', required: ['type', 'title', 'status'] },
      },
    },
  };
}
