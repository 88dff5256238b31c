import type { FastifyInstance, FastifyRequest } from 'fastify';
import { accessFor, findRule } from '../../shared/campaign/authorization';
import { deepLinkReads, MAP_PAGE_READS } from '../../shared/http/map-page-reads';

/**
 * A browser opening the map page ('/', the app's start page) as a document: not the service worker fetching the
 * shell for its cache, not a script. Who is signed in is looked up for it too (auth/guard.ts).
 */
export const isMapPageNavigation = (request: FastifyRequest) =>
  request.method === 'GET' &&
  request.headers['sec-fetch-dest'] === 'document' &&
  (request.url === '/' || request.url.startsWith('/?'));

/** A `Link` header value that has the browser fetch these addresses with the page, as `fetch()` will ask for them. */
const preloadLinks = (urls: readonly string[]) =>
  urls.map((url) => `<${url}>; rel=preload; as=fetch; crossorigin=anonymous`).join(', ');

/**
 * The map page's first reads start with its HTML (P2): its answer names them in a `Link` header, for whoever may
 * read them (the signed-in user's role, or a visitor where the map is public), so the browser fetches them while
 * the app's JavaScript loads and the app finds them ready. A link that opens a zone (and a task) names the zone
 * panel's reads too (`deepLinkReads`). Nobody else gets the header: a preload answered 401
 * would be an error in the browser's console. The HTML itself does not change, and the service worker's copy of
 * it carries no such header (it is fetched, not navigated to).
 */
export function registerPagePreload(app: FastifyInstance, publicRead: boolean): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!isMapPageNavigation(request)) return;
    const principal = request.user?.role ?? 'anonymous';
    const may = (route: string) => {
      const rule = findRule('GET', route);
      return rule !== undefined && accessFor(rule, principal, publicRead) !== 'deny';
    };
    const query = new URLSearchParams(request.url.split('?')[1] ?? '');
    const allowed = [
      ...Object.values(MAP_PAGE_READS).filter((url) => may(url.split('?')[0]!)),
      ...deepLinkReads(query)
        .filter((read) => may(read.route))
        .map((read) => read.url),
    ];
    if (allowed.length) reply.header('Link', preloadLinks(allowed));
  });
}
