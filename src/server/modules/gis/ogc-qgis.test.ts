/**
 * The OGC API - Features service (/ogc) as QGIS talks to it (issue 7). QGIS cannot run here, so the requests
 * below are the ones its OAPIF provider builds, read from QGIS's own source: qgis/QGIS master as stored in the
 * search index (QGIS 3.4x), at these commits: src/providers/wfs/oapif/qgsoapifprovider.cpp @0304f461,
 * qgsoapiflandingpagerequest.cpp @1c90e58d, qgsoapifitemsrequest.cpp @0d7a11af, qgsoapifutils.cpp @0f3fd3a5,
 * qgsoapifapirequest.cpp, qgsoapifcollection.cpp, qgsoapiffeaturedownloaderimpl.cpp,
 * qgsoapifsingleitemrequest.cpp, ../qgsbasenetworkrequest.cpp and ../qgswfsgetcapabilities.cpp @148c4220,
 * ../qgswfsnewconnection.cpp, ../qgswfssourceselect.cpp, src/auth/apiheader/core/qgsauthapiheadermethod.cpp
 * @0c85fff9; and the URLs (with their Accept headers) its mock server answers in
 * tests/src/python/test_provider_oapif.py @022a26ae.
 *
 * Every request carries the connection's authentication configuration. An "API Header" configuration adds its
 * headers to each request (here `Authorization: Bearer jxt_…`). The plain "HTTP headers" of a connection are
 * NOT sent: the OAPIF requests are built with an empty QgsHttpHeaders().
 *
 * Connect (Layer → Add Layer → Add WFS / OGC API - Features Layer, version "Maximum" or "OGC API - Features"):
 *  0. (version "Maximum" only) GET /ogc?REQUEST=GetCapabilities&ACCEPTVERSIONS=2.0.0,1.1.0,1.0.0 (WFS). Any
 *     error, or a non-XML answer, makes QGIS try OGC API - Features: ours is a 400.
 *  1. GET /ogc                          Accept: application/json. QGIS reads links: rel=service-desc (preferring
 *     type application/vnd.oai.openapi+json;version=3.0), rel=data (application/json; "?…" is cut off),
 *     rel=conformance. Without service-desc or data: "Missing information in response".
 *  2. GET /ogc/collections              Accept: application/json. Reads collections[]: id, title, description,
 *     links (rel=items types: the feature formats offered), extent, storageCrs, crs[]; a rel=next link of type
 *     application/json would page the list (not needed here).
 *  ("Detect" in the new-connection dialog: 1, then GET /ogc/api as in 4: it fills in the page size.)
 *
 * Add a layer (QgsOapifProvider::init, typename = a collection id, e.g. zones-polygons):
 *  3. GET /ogc                          Accept: application/json (as 1).
 *  4. GET /ogc/api                      Accept: application/vnd.oai.openapi+json;version=3.0,
 *     application/openapi+json;version=3.0, application/json. Reads components.parameters.limit.schema.maximum
 *     and .default (integers): page size = min(max(1000, default), maximum) = min(max(1000, 100), 10000) = 1000.
 *     Also: parameters of paths./collections/{id}/items with style=form, explode=false and a schema type, other
 *     than crs, bbox, bbox-crs, filter, filter-lang, filter-crs, datetime and limit, become "simple queryables"
 *     (attribute filters sent as name=value): there must be none. info.contact → layer metadata.
 *  5. GET /ogc/collections/{id}         Accept: application/json (on failure once more with a trailing slash).
 *     Reads extent.spatial.bbox[0] (4 or 6 numbers) in extent.spatial.crs (default CRS84), temporal intervals,
 *     storageCrs (first) and crs[] (the layer CRS with Part 2), links, itemCount.
 *  6. GET /ogc/conformance              Accept: application/json. Part 2 (…/ogcapi-features-2/1.0/conf/crs) makes
 *     QGIS use the collection's storageCrs; CQL2 + Part 3 filter classes would make it ask /queryables (Accept:
 *     application/schema+json) and send filter=…&filter-lang=cql2-text: not advertised, so never asked; nor is
 *     the Part 5 schema.
 *  7. GET /ogc/collections/{id}/items?limit=10   Accept: application/geo+json, application/json. GDAL's GeoJSON
 *     driver reads the page: the fields and the geometry type (one type per layer, hence zones-polygons,
 *     zones-lines, zones-points), the ids; numberMatched (an integer) is the layer's feature count. A page
 *     GDAL cannot open is still fine when its text contains "numberReturned":0 or "features":[].
 *  8. OPTIONS /ogc/collections/{id}/items      Reads Allow: POST there would make the layer editable.
 *  Drawing the map: GET /ogc/collections/{id}/items?limit=1000&bbox=minx,miny,maxx,maxy (the view, clamped to
 *     −180…180/−90…90; "&bbox-crs=…&crs=…" only when the layer CRS is not CRS84), then the href of each
 *     rel=next link (preferring type application/geo+json) until a page has no features or no next link.
 *  Feature count (attribute table, layer properties): GET …/items?limit=1 → numberMatched.
 *  One feature (after an edit): GET …/items/{featureId}   Accept: application/geo+json, application/json.
 *  Errors: any HTTP error status fails the request; QGIS shows the reason (and an OGC exception report in XML,
 *  which this JSON service does not send: the problem+json detail is for people and other clients).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTER_KINDS } from '../../../shared/registers/kinds';
import { seedSampleRegisters } from '../registers';
import { bboxPolygon, booleanIntersects } from '@turf/turf';
import { startTestServer, type TestServer } from '../../../testing/test-server';
import { makeTestPhoto, photoForm } from '../../../testing/images';
import type { CreatedApiToken } from '../../../shared/admin/api-token';
import type { ZoneCollection, ZoneGeometry } from '../../../shared/zones/zone';

const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const EPSG_4326 = 'http://www.opengis.net/def/crs/EPSG/0/4326';
/** The Accept headers of QGIS's requests (QgsOapif*Request::request). */
const ACCEPT = {
  landing: 'application/json',
  api: 'application/vnd.oai.openapi+json;version=3.0, application/openapi+json;version=3.0, application/json',
  collection: 'application/json',
  conformance: 'application/json',
  items: 'application/geo+json, application/json',
};
/** The page size QGIS picks from our OpenAPI document (QgsOapifProvider::init). */
const QGIS_PAGE_SIZE = 1000;
/** The collections a user adds as layers (zones split by geometry type, and the others). */
const LAYERS = [
  'zones',
  'zones-polygons',
  'zones-lines',
  'zones-points',
  'tasks',
  'photos',
  'flood-events',
  'villages',
  ...REGISTER_KINDS.map((kind) => `registers-${kind.slug}`),
];

interface Link {
  href: string;
  rel: string;
  type?: string;
}
interface Feature {
  type: 'Feature';
  id: string;
  geometry: ZoneGeometry;
  properties: Record<string, unknown>;
}
interface Page {
  type: 'FeatureCollection';
  features: Feature[];
  links: Link[];
  numberMatched: number;
  numberReturned: number;
}
interface Collection {
  id: string;
  title: string;
  description: string;
  links: Link[];
  extent: { spatial?: { bbox: number[][]; crs?: string }; temporal?: { interval: (string | null)[][] } };
  crs: string[];
  storageCrs: string;
}

let server: TestServer;
let secret: string;
let zoneCount: number;
let floodPointCount = 0;

beforeAll(async () => {
  server = await startTestServer();
  const admin = await server.login('admin');
  const issued = await server.request('/api/tokens', { method: 'POST', cookie: admin, json: { name: 'QGIS 规划办' } });
  secret = ((await issued.json()) as CreatedApiToken).secret;
  const leader = await server.login('leader');
  const zones = (await (await server.request('/api/zones', { cookie: leader })).json()) as ZoneCollection;
  zoneCount = zones.features.length;
  // Every register's sample objects (示例数据), so each register layer has features.
  await seedSampleRegisters(server.repos, new Date(`${server.today}T04:00:00Z`));

  // Photos with a position, and more waterlogging points than one QGIS page (1000) holds.
  const zone = zones.features.find((candidate) => candidate.properties.category === 'R4')!;
  const photos = await server.request(`/api/zones/${zone.id}/photos`, {
    method: 'POST',
    cookie: admin,
    body: photoForm(
      { phase: 'before' },
      await Promise.all(
        [0, 1, 2].map(async (n) => ({
          bytes: await makeTestPhoto({ width: 64, height: 48, position: { lon: 120.92 + n / 1000, lat: 31.17 } }),
        })),
      ),
    ),
  });
  expect(photos.status, await photos.clone().text()).toBe(201);
  const water = await server.login('water');
  for (let event = 0; event < 5; event += 1) {
    const points = Array.from({ length: event === 4 ? 345 : 500 }, (_, n) => ({
      coordinates: [120.86 + ((n * 37) % 1000) / 10_000, 31.12 + ((n * 53 + event * 11) % 1000) / 10_000],
      depthCm: (n % 50) + 1,
    }));
    const response = await server.request('/api/flood-events', {
      method: 'POST',
      cookie: water,
      json: { occurredOn: `2026-06-0${event + 1}`, rainfallMm: 40 + event, points },
    });
    expect(response.status, await response.clone().text()).toBe(201);
    floodPointCount += points.length;
  }
});
afterAll(async () => {
  await server.close();
});

/** A request as QGIS sends it: an absolute URL (as the server linked it), its Accept header and the API Header auth. */
function qgis(url: string, accept: string | null, init: { method?: string; token?: string | null } = {}) {
  const headers: Record<string, string> = {};
  if (accept !== null) headers.accept = accept;
  const token = init.token === undefined ? secret : init.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  return fetch(url.startsWith('http') ? url : `${server.baseUrl}${url}`, {
    method: init.method ?? 'GET',
    headers,
    redirect: 'manual',
  });
}
async function qgisJson<T>(url: string, accept: string): Promise<{ response: Response; body: T; text: string }> {
  const response = await qgis(url, accept);
  const text = await response.text();
  expect(response.status, `${url}: ${text.slice(0, 300)}`).toBe(200);
  return { response, body: JSON.parse(text) as T, text };
}

/** QgsOAPIFJson::findLink: the link of `rel`, the first of the preferred types winning. */
function findLink(links: Link[], rel: string, preferred: string[] = []): string {
  let best = '';
  let bestPriority = Number.MAX_SAFE_INTEGER;
  for (const link of links) {
    if (link.rel !== rel) continue;
    let priority = link.type ? preferred.indexOf(link.type) : -1;
    if (priority < 0) priority = preferred.length;
    if (priority < bestPriority) [best, bestPriority] = [link.href, priority];
  }
  return best;
}

/** Steps 1/3: the landing page, as QgsOapifLandingPageRequest reads it. */
async function landingPage() {
  const { response, body } = await qgisJson<{ links: Link[] }>(`${server.baseUrl}/ogc`, ACCEPT.landing);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  const apiUrl = findLink(body.links, 'service-desc', [
    'application/vnd.oai.openapi+json;version=3.0',
    'application/openapi+json;version=3.0',
  ]);
  const collectionsUrl = findLink(body.links, 'data', ['application/json']).split('?')[0]!;
  const conformanceUrl = findLink(body.links, 'conformance');
  expect(apiUrl).not.toBe('');
  expect(collectionsUrl).not.toBe('');
  return { apiUrl, collectionsUrl, conformanceUrl, links: body.links };
}

/** Step 4: what QgsOapifApiRequest takes from the OpenAPI document. */
async function apiDocument(apiUrl: string) {
  const { response, body } = await qgisJson<{
    components?: { parameters?: Record<string, { $ref?: string; schema?: Record<string, unknown> }> };
    paths: Record<string, { get?: { parameters?: Record<string, unknown>[] } }>;
  }>(apiUrl, ACCEPT.api);
  expect(response.headers.get('content-type')).toMatch(/^application\/vnd\.oai\.openapi\+json; ?version="?3\.0"?/);
  const limit = body.components?.parameters?.limit?.schema ?? {};
  const resolve = (parameter: Record<string, unknown>) => {
    const ref = parameter.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/')) return parameter;
    return ref
      .slice(2)
      .split('/')
      .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], body) as
      Record<string, unknown> | undefined;
  };
  const ignored = ['crs', 'bbox', 'bbox-crs', 'filter', 'filter-lang', 'filter-crs', 'datetime', 'limit'];
  const simpleQueryables: string[] = [];
  for (const [path, item] of Object.entries(body.paths)) {
    if (!/^\/collections\/.+\/items$/.test(path)) continue;
    for (const parameter of item.get?.parameters ?? []) {
      const resolved = resolve(parameter);
      if (!resolved || !['name', 'in', 'style', 'explode', 'schema'].every((key) => key in resolved)) continue;
      const schema = resolved.schema as { type?: unknown };
      if (
        resolved.in === 'query' &&
        resolved.style === 'form' &&
        resolved.explode === false &&
        typeof schema.type === 'string' &&
        !ignored.includes(String(resolved.name))
      ) {
        simpleQueryables.push(String(resolved.name));
      }
    }
  }
  const maxLimit = Number.isInteger(limit.maximum) ? (limit.maximum as number) : 0;
  const defaultLimit = Number.isInteger(limit.default) ? (limit.default as number) : 0;
  const pageSize = defaultLimit > 0 && maxLimit > 0 ? Math.min(Math.max(1000, defaultLimit), maxLimit) : 100;
  return { maxLimit, defaultLimit, pageSize, simpleQueryables };
}

/** Step 6: the conformance classes. */
async function conformance(url: string) {
  const { body } = await qgisJson<{ conformsTo: string[] }>(url, ACCEPT.conformance);
  return body.conformsTo;
}

/** Drawing: the first page for a view, then every rel=next (preferring GeoJSON) until an empty page or no link. */
async function download(firstUrl: string) {
  const pages: Page[] = [];
  const urls: string[] = [];
  let url = firstUrl;
  while (url) {
    urls.push(url);
    const { response, body, text } = await qgisJson<Page>(url, ACCEPT.items);
    expect(response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(Number.isInteger(body.numberMatched)).toBe(true);
    if (body.features.length === 0) {
      // GDAL opens no layer from an empty page: QGIS then looks for these texts to know it is not an error.
      expect(text.includes('"numberReturned":0') || text.includes('"features":[]')).toBe(true);
      break;
    }
    pages.push(body);
    url = findLink(body.links, 'next', ['application/geo+json']);
    expect(pages.length).toBeLessThan(200);
  }
  return { pages, urls, features: pages.flatMap((page) => page.features) };
}

/** qgsDoubleToString: plain decimals. */
const qgsDouble = (value: number) => String(Number(value.toFixed(10)));

describe('QGIS connects (Add WFS / OGC API - Features Layer → Connect)', () => {
  it('the WFS GetCapabilities probe of version "Maximum" fails, so QGIS goes on with OGC API - Features', async () => {
    for (const query of [
      'REQUEST=GetCapabilities&ACCEPTVERSIONS=2.0.0,1.1.0,1.0.0',
      'SERVICE=WFS&REQUEST=GetCapabilities&ACCEPTVERSIONS=2.0.0,1.1.0,1.0.0',
    ]) {
      const response = await qgis(`/ogc?${query}`, null);
      expect(response.status, query).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/problem\+json/);
    }
  });

  it('finds the API, the collections and the conformance classes on the landing page', async () => {
    const { apiUrl, collectionsUrl, conformanceUrl, links } = await landingPage();
    expect(apiUrl).toBe(`${server.baseUrl}/ogc/api`);
    expect(links.find((link) => link.rel === 'service-desc')!.type).toBe(
      'application/vnd.oai.openapi+json;version=3.0',
    );
    expect(collectionsUrl).toBe(`${server.baseUrl}/ogc/collections`);
    expect(conformanceUrl).toBe(`${server.baseUrl}/ogc/conformance`);
    // A service URL typed with a trailing slash: QGIS follows the redirect (with its authentication).
    const slash = await qgis('/ogc/', ACCEPT.landing);
    expect([slash.status, slash.headers.get('location')]).toEqual([308, '/ogc']);
  });

  it('lists every layer with title, extent in CRS84, storage CRS and a GeoJSON items link', async () => {
    const { collectionsUrl } = await landingPage();
    const { body } = await qgisJson<{ collections: Collection[]; links: Link[] }>(collectionsUrl, ACCEPT.collection);
    expect(body.collections.map((collection) => collection.id)).toEqual(LAYERS);
    expect(findLink(body.links, 'next', ['application/json'])).toBe('');
    for (const collection of body.collections) {
      expect(collection.title, collection.id).not.toBe('');
      expect(collection.storageCrs).toBe(CRS84);
      expect(collection.crs[0]).toBe(CRS84);
      expect(collection.crs).toContain(EPSG_4326);
      const items = collection.links.filter((link) => link.rel === 'items');
      expect(items.map((link) => link.type)).toEqual(['application/geo+json']);
      expect(items[0]!.href).toBe(`${server.baseUrl}/ogc/collections/${collection.id}/items`);
      const bbox = collection.extent.spatial!.bbox[0]!;
      expect(bbox).toHaveLength(4);
      expect(collection.extent.spatial!.crs ?? CRS84).toBe(CRS84);
      const [minLon, minLat, maxLon, maxLat] = bbox as [number, number, number, number];
      expect(minLon >= 120.8 && maxLon <= 121.1 && minLat >= 31 && maxLat <= 31.3, collection.id).toBe(true);
    }
  });

  it('the API document gives the limit bounds QGIS reads (page size 1000) and no stray "queryables"', async () => {
    const { apiUrl } = await landingPage();
    const api = await apiDocument(apiUrl);
    expect(api).toEqual({ maxLimit: 10_000, defaultLimit: 100, pageSize: QGIS_PAGE_SIZE, simpleQueryables: [] });
  });
});

describe.each(LAYERS)('QGIS adds the layer %s', (id) => {
  it('answers the whole request sequence: landing page, API, collection, conformance, first items, OPTIONS', async () => {
    const landing = await landingPage();
    const api = await apiDocument(landing.apiUrl);
    const collectionUrl = `${landing.collectionsUrl}/${id}`;
    const { body: collection } = await qgisJson<Collection>(collectionUrl, ACCEPT.collection);
    expect(collection.id).toBe(id);
    const classes = await conformance(landing.conformanceUrl);
    // Part 2: the layer CRS is the storage CRS, CRS84: QGIS then sends no crs or bbox-crs.
    expect(classes).toContain('http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs');
    expect(classes.filter((name) => /cql2|features-3|features-5/.test(name))).toEqual([]);

    const first = await qgisJson<Page>(`${collectionUrl}/items?limit=10`, ACCEPT.items);
    const count = await qgisJson<Page>(`${collectionUrl}/items?limit=1`, ACCEPT.items);
    expect(first.body.numberMatched).toBe(count.body.numberMatched);
    expect(first.body.numberReturned).toBe(Math.min(10, count.body.numberMatched));
    expect(first.body.features.length).toBe(first.body.numberReturned);
    expect(count.body.numberMatched).toBeGreaterThan(0);
    for (const feature of first.body.features) {
      expect(typeof feature.id).toBe('string');
      expect(feature.properties).toBeTypeOf('object');
    }
    if (id === 'flood-events') expect(count.body.numberMatched).toBe(floodPointCount);
    if (id === 'zones') expect(count.body.numberMatched).toBe(zoneCount);

    const options = await qgis(`${collectionUrl}/items`, null, { method: 'OPTIONS' });
    expect(options.status).toBe(204);
    const allowed = options.headers
      .get('allow')!
      .split(',')
      .map((method) => method.trim());
    expect(allowed).toEqual(['GET', 'HEAD', 'OPTIONS']);
    expect(allowed.filter((method) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method))).toEqual([]);
    expect(api.pageSize).toBe(QGIS_PAGE_SIZE);
  });

  it('draws the layer: pages of 1000 in the view, following next links to the end, each feature once', async () => {
    const { body: collection } = await qgisJson<Collection>(`/ogc/collections/${id}`, ACCEPT.collection);
    const [minLon, minLat, maxLon, maxLat] = collection.extent.spatial!.bbox[0]! as [number, number, number, number];
    // The view: the layer's extent and a margin, as QGIS writes the numbers.
    const view = [minLon - 0.01, minLat - 0.01, maxLon + 0.01, maxLat + 0.01].map(qgsDouble).join(',');
    const { pages, urls, features } = await download(
      `${server.baseUrl}/ogc/collections/${id}/items?limit=${QGIS_PAGE_SIZE}&bbox=${view}`,
    );
    const total = pages[0]!.numberMatched;
    const all = await qgisJson<Page>(`/ogc/collections/${id}/items?limit=1`, ACCEPT.items);
    expect(total).toBe(all.body.numberMatched);
    expect(features).toHaveLength(total);
    expect(new Set(features.map((feature) => feature.id)).size).toBe(total);
    expect(pages.map((page) => page.numberReturned)).toEqual(
      pages.map((_, n) => Math.min(QGIS_PAGE_SIZE, total - n * QGIS_PAGE_SIZE)),
    );
    expect(pages).toHaveLength(Math.ceil(total / QGIS_PAGE_SIZE));
    // Every next link keeps the view and the page size.
    for (const url of urls.slice(1)) {
      const search = new URL(url).searchParams;
      expect(search.get('bbox')).toBe(view);
      expect(search.get('limit')).toBe(String(QGIS_PAGE_SIZE));
    }
    if (
      id.startsWith('zones-') ||
      id.startsWith('registers-') ||
      ['tasks', 'photos', 'flood-events', 'villages'].includes(id)
    ) {
      // One geometry type per layer, as QGIS needs it.
      const kinds = new Set(features.map((feature) => feature.geometry.type.replace(/^Multi/, '')));
      expect(kinds.size, [...kinds].join()).toBe(1);
    }

    // Identify / refresh one feature.
    const one = features[features.length - 1]!;
    const single = await qgisJson<Feature>(`/ogc/collections/${id}/items/${encodeURIComponent(one.id)}`, ACCEPT.items);
    expect(single.response.headers.get('content-type')).toMatch(/^application\/geo\+json/);
    expect(single.body).toMatchObject({ type: 'Feature', id: one.id, geometry: one.geometry });
  });
});

describe('QGIS paging, views and CRS', () => {
  it('follows next links to the end with the page size set in the connection (7), each zone once', async () => {
    const { features, pages } = await download(`${server.baseUrl}/ogc/collections/zones/items?limit=7`);
    expect(pages).toHaveLength(Math.ceil(zoneCount / 7));
    expect(features.map((feature) => feature.id)).toHaveLength(zoneCount);
    expect(new Set(features.map((feature) => feature.id)).size).toBe(zoneCount);
  });

  it('a view with nothing in it: an empty page QGIS accepts; a view beyond the world is clamped by QGIS', async () => {
    const { response, text } = await qgisJson<Page>(
      '/ogc/collections/villages/items?limit=1000&bbox=0,0,1,1',
      ACCEPT.items,
    );
    expect(response.status).toBe(200);
    expect(text).toContain('"features":[]');
    expect(text).toContain('"numberReturned":0');
    const world = await qgisJson<Page>('/ogc/collections/zones/items?limit=1000&bbox=-180,-90,180,90', ACCEPT.items);
    expect(world.body.numberMatched).toBe(zoneCount);
  });

  it('a layer in EPSG:4326: bbox-crs and crs as QGIS sends them (latitude first), Content-Crs on the answer', async () => {
    const crs84 = await qgisJson<Page>(
      '/ogc/collections/zones/items?limit=1000&bbox=120.9,31.1,121,31.3',
      ACCEPT.items,
    );
    expect(crs84.response.headers.get('content-crs')).toBe(`<${CRS84}>`);
    const url =
      `/ogc/collections/zones/items?limit=1000&bbox=31.1,120.9,31.3,121` + `&bbox-crs=${EPSG_4326}&crs=${EPSG_4326}`;
    const latFirst = await qgisJson<Page>(url, ACCEPT.items);
    expect(latFirst.response.headers.get('content-crs')).toBe(`<${EPSG_4326}>`);
    expect(latFirst.body.features.map((feature) => feature.id)).toEqual(
      crs84.body.features.map((feature) => feature.id),
    );
    const swap = (coordinates: unknown): unknown =>
      typeof (coordinates as unknown[])[0] === 'number'
        ? [(coordinates as number[])[1], (coordinates as number[])[0]]
        : (coordinates as unknown[]).map(swap);
    latFirst.body.features.forEach((feature, n) => {
      expect(feature.geometry.coordinates).toEqual(swap(crs84.body.features[n]!.geometry.coordinates));
    });
    // The next link keeps both parameters.
    const paged = await qgisJson<Page>(`${url.replace('limit=1000', 'limit=1')}`, ACCEPT.items);
    const next = new URL(findLink(paged.body.links, 'next', ['application/geo+json'])).searchParams;
    expect([next.get('crs'), next.get('bbox-crs'), next.get('offset')]).toEqual([EPSG_4326, EPSG_4326, '1']);
    // One feature in EPSG:4326 too.
    const zone = crs84.body.features[0]!;
    const one = await qgisJson<Feature>(`/ogc/collections/zones/items/${zone.id}?crs=${EPSG_4326}`, ACCEPT.items);
    expect(one.response.headers.get('content-crs')).toBe(`<${EPSG_4326}>`);
    expect(one.body.geometry.coordinates).toEqual(swap(zone.geometry.coordinates));
  });
});

describe('the zone layers page in the database', () => {
  it('the same zones as GET /api/zones, by geometry kind, view (inside, across its edge, around all) and time', async () => {
    const leader = await server.login('leader');
    const zones = ((await (await server.request('/api/zones', { cookie: leader })).json()) as ZoneCollection).features;
    const kinds: Record<string, (type: string) => boolean> = {
      zones: () => true,
      'zones-polygons': (type) => type === 'Polygon' || type === 'MultiPolygon',
      'zones-lines': (type) => type === 'LineString' || type === 'MultiLineString',
      'zones-points': (type) => type === 'Point',
    };
    const views: [string, [number, number, number, number] | null][] = [
      ['none', null],
      ['around all', [120, 30, 122, 32]],
      ['part of the town', [120.9, 31.1, 120.95, 31.2]],
      ['a sliver', [120.92, 31.0, 120.921, 31.3]],
    ];
    const partial = new Set<string>();
    for (const [id, ofKind] of Object.entries(kinds)) {
      for (const [name, view] of views) {
        for (const day of [null, '2026-06-15', '2026-08-01']) {
          const expected = zones
            .filter((zone) => ofKind(zone.geometry.type))
            .filter((zone) => !view || booleanIntersects(bboxPolygon(view), zone as never))
            .filter((zone) => !day || (zone.properties.plannedStart <= day && day <= zone.properties.plannedEnd))
            .map((zone) => zone.id)
            .sort((a, b) => Number(a) - Number(b));
          const search = [`limit=3`, view ? `bbox=${view.join(',')}` : '', day ? `datetime=${day}` : '']
            .filter(Boolean)
            .join('&');
          const { features, pages } = await download(`${server.baseUrl}/ogc/collections/${id}/items?${search}`);
          const label = `${id}, ${name}, ${day}`;
          expect(
            features.map((feature) => feature.id),
            label,
          ).toEqual(expected);
          if (pages.length) expect(pages[0]!.numberMatched, label).toBe(expected.length);
          if (expected.length > 0 && expected.length < zones.length) partial.add(`${name} ${day}`);
        }
      }
    }
    // Every view and day picked some zones and left others out, for some kind.
    expect(partial.size).toBe(views.length * 3);
  });
});

describe('QGIS errors', () => {
  it('a bad bbox or CRS is a 400 problem that says what is wrong; an unknown layer or feature a 404', async () => {
    const cases: [string, RegExp][] = [
      ['/ogc/collections/zones/items?limit=1000&bbox=121,31', /bbox must be four numbers/],
      ['/ogc/collections/zones/items?limit=1000&bbox=120,32,121,31', /minimum latitude/],
      ['/ogc/collections/zones/items?limit=1000&bbox=120,31,190,32', /outside longitude/],
      [`/ogc/collections/zones/items?limit=1000&bbox=120,31,121,32&bbox-crs=${EPSG_4326}`, /outside longitude/],
      ['/ogc/collections/zones/items?limit=1000&crs=http://www.opengis.net/def/crs/EPSG/0/3857', /crs must be one of/],
      ['/ogc/collections/zones/items?limit=1000&bbox-crs=EPSG:4326&bbox=1,2,3,4', /bbox-crs must be one of/],
      ['/ogc/collections/zones/items?limit=100000', /limit must be at most 10,000/],
      ['/ogc/collections/zones/items?filter=id=1&filter-lang=cql2-text', /filter/],
    ];
    for (const [url, detail] of cases) {
      const response = await qgis(url, ACCEPT.items);
      expect(response.status, url).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const body = (await response.json()) as { status: number; detail: string };
      expect(body.status).toBe(400);
      expect(body.detail, url).toMatch(detail);
    }
    const unknown = await qgis('/ogc/collections/roads', ACCEPT.collection);
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    // QGIS then tries once more with a trailing slash: a redirect to the same 404.
    const again = await qgis('/ogc/collections/roads/', ACCEPT.collection);
    expect(again.status).toBe(308);
    expect(again.headers.get('location')).toBe('/ogc/collections/roads');
    expect((await qgis('/ogc/collections/roads/items?limit=10', ACCEPT.items)).status).toBe(404);
    expect((await qgis('/ogc/collections/roads/items', null, { method: 'OPTIONS' })).status).toBe(404);
    expect((await qgis('/ogc/collections/zones/items/999999', ACCEPT.items)).status).toBe(404);
  });

  it('without the API Header authentication: a 401 that names the Bearer scheme; a revoked token too', async () => {
    const anonymous = await qgis('/ogc', ACCEPT.landing, { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="jinxi"');
    const wrong = await qgis('/ogc/collections/zones/items?limit=10', ACCEPT.items, { token: `jxt_${'x'.repeat(43)}` });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toMatch(/error="invalid_token"/);
    expect((await qgis('/ogc/collections/zones/items', null, { method: 'OPTIONS', token: null })).status).toBe(401);
  });
});
