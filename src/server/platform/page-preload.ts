import type { FastifyInstance, FastifyRequest } from 'fastify';
import { accessFor, findRule } from '../../shared/campaign/authorization';
import { deepLinkReads, MAP_PAGE_READS } from '../../shared/http/map-page-reads';
import type { PartFiles } from './page-parts';

/**
 * A browser opening the map page ('/', the app's start page) as a document: not the service worker fetching the
 * shell for its cache, not a script. Who is signed in is looked up for it too (auth/guard.ts).
 */
export const isMapPageNavigation = (request: FastifyRequest) =>
  request.method === 'GET' &&
  request.headers['sec-fetch-dest'] === 'document' &&
  (request.url === '/' || request.url.startsWith('/?'));

/** What a zone panel opened by a link loads first: its code and the texts it speaks (their files: the build's manifest). */
const ZONE_PANEL = ['src/app/zone-panel.tsx', 'src/lib/locales/zh-CN.more.json'];

/** Reads, as `fetch()` will ask for them; scripts, as `import()` will; stylesheets, as the parts will add them. */
const preloadLinks = (reads: readonly string[], parts: PartFiles | null) =>
  [
    ...reads.map((url) => `<${url}>; rel=preload; as=fetch; crossorigin=anonymous`),
    ...(parts?.scripts ?? []).map((url) => `<${url}>; rel=modulepreload; fetchpriority=low`),
    ...(parts?.styles ?? []).map((url) => `<${url}>; rel=preload; as=style; fetchpriority=low`),
  ].join(', ');

/**
 * The map page's first reads start with its HTML (P2): its answer names them in a `Link` header, for whoever may
 * read them (the signed-in user's role, or a visitor where the map is public), so the browser fetches them while
 * the app's JavaScript loads and the app finds them ready. A link that opens a zone and a task (a 督办, a reminder,
 * a task's QR code: `deepLinkReads`) also names the zone panel's reads and its code. The code at low priority: the
 * browser asks for it once the page's own scripts have been asked for, so that the map is not held back for it.
 * Measured on P8's weak link: the task's detail about 1.2 s sooner, the zones about 0.5 s later (docs/benchmarks.md).
 *
 * Nobody else gets the header: a preload answered 401 would be an error in the browser's console. The HTML itself
 * does not change, and the service worker's copy of it carries no such header (it is fetched, not navigated to).
 * `partFiles` (page-parts.ts) is null without a build manifest: then only the reads are named.
 */
export function registerPagePreload(
  app: FastifyInstance,
  publicRead: boolean,
  partFiles: ((sources: readonly string[]) => PartFiles) | null,
): void {
  app.addHook('onRequest', async (request, reply) => {
    if (!isMapPageNavigation(request)) return;
    const principal = request.user?.role ?? 'anonymous';
    const may = (route: string) => {
      const rule = findRule('GET', route);
      return rule !== undefined && accessFor(rule, principal, publicRead) !== 'deny';
    };
    const linked = deepLinkReads(new URLSearchParams(request.url.split('?')[1] ?? '')).filter((read) =>
      may(read.route),
    );
    const reads = [
      ...Object.values(MAP_PAGE_READS).filter((url) => may(url.split('?')[0]!)),
      ...linked.map((read) => read.url),
    ];
    const parts = linked.length && partFiles ? partFiles(ZONE_PANEL) : null;
    if (reads.length) reply.header('Link', preloadLinks(reads, parts));
  });
}
