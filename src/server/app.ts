import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { databaseNow } from './platform/clock';
import { config as configureZod, locales } from 'zod/mini';
import fastifyStatic from '@fastify/static';
import { registerApiCompression } from './platform/compression';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Repositories } from './repositories/types';
import type { ClientConfig } from '../shared/geo/basemap';
import { shanghaiDay } from '../shared/time/dates';
import { HttpProblem, problemTitle, sendProblem } from './platform/problem';
import { databaseBusyProblem } from './platform/db/write-problems';
import {
  rawProblemResponse,
  registerApiCacheDefault,
  registerSecurityHeaders,
  securityHeaders,
} from './platform/security-headers';
import type { ModuleOptions, RouteContext, ServerModule } from './platform/context';
import { DEFAULT_CONNECTION_LIMITS, tileOrigins, type ConnectionLimits, type PhotoSettings } from './platform/config';
import { isOgcPath, registerAuth, type AuthOptions } from './platform/auth/guard';
import { registerPagePreload } from './platform/page-preload';
import { readPartFiles } from './platform/page-parts';
import { registerNulTextCheck } from './platform/nul-text';
import { hostAllowlist, registerHostCheck, sameOrigin } from './platform/hosts';
import { registerConnectionLimits, serverTimeoutOptions } from './platform/connections';
import { campaignModule } from './modules/campaign';
import { adminModule } from './modules/admin';
import { supervisionModule } from './modules/supervision';
import { plansModule } from './modules/plans';
import { zonesModule } from './modules/zones';
import { floodModule } from './modules/flood';
import { registersModule } from './modules/registers';
import { tasksModule } from './modules/tasks';
import { dashboardModule } from './modules/dashboard';
import { photosModule } from './modules/photos';
import { checksModule } from './modules/checks';
import { inspectionsModule } from './modules/inspections';
import { reportsModule } from './modules/reports';
import { createExportWorkers, createImportWorkers, gisModule, type ImportSettings } from './modules/gis';
import { casesModule, registerCaseRejoinHook } from './modules/cases';
import { countyModule } from './modules/county';
import { meetingsModule } from './modules/meetings';
import { responsibilityModule } from './modules/responsibility';
import { SAMPLE_TOWN, singleTownDirectory, type TownDirectory } from './platform/towns';
import { publicModule, type PublicLimits } from './modules/public';

/** The residents' site's page in the built files (vite.public.config.ts; docs/public.md). */
const PUBLIC_SITE_PAGE = 'public-site/public.html';
import { createNotifier, notificationsModule, type NotifySettings } from './modules/notifications';

/** A zone shape's geometry checks in a worker stop after this long (422): far beyond the 20,000 corners one zone may have. */
const SHAPE_CHECK_TIMEOUT_MS = 60_000;

export interface AppOptions {
  repos: Repositories;
  clientConfig: ClientConfig;
  /** Built SPA to serve; omitted in API-only tests. */
  staticDir?: string;
  now?: () => Date;
  logger?: boolean;
  auth?: Partial<AuthOptions>;
  /**
   * Addresses or CIDRs of the reverse proxies whose X-Forwarded-* headers are believed (client
   * address, HTTPS, host); none by default. Never "any": a client could then forge its address.
   */
  trustProxy?: readonly string[];
  /** Host names (optionally with a port) the server answers to; other Host headers get 421 (DNS rebinding). */
  allowedHosts?: readonly string[] | '*';
  /** The origin users reach the server at (https://map.example.org), when it is deployed under one. */
  publicOrigin?: string;
  /** Notifications: town-wide group robots, the link base, the delivery worker's pace (docs/notifications.md). */
  notify?: NotifySettings;
  /** Timeouts of slow clients and the connections one address may hold open. */
  limits?: Partial<ConnectionLimits>;
  /** Upload limits and the pairing distance of photo evidence (defaults in config.ts). */
  photos?: Partial<PhotoSettings>;
  /** GIS import limits (upload size, session lifetime, worker timeout). */
  imports?: Partial<ImportSettings>;
  /** The towns served (PostgreSQL: the registry); default the one sample town. */
  towns?: TownDirectory;
  /** Rate limits of the residents' site (docs/public.md). */
  publicLimits?: Partial<PublicLimits>;
}

declare module 'fastify' {
  interface FastifyInstance {
    apiRoutes: { method: string; url: string }[];
  }
}

export const DEFAULT_AUTH_OPTIONS: AuthOptions = {
  idleMinutes: 120,
  absoluteHours: 12,
  publicRead: false,
  publicSite: false,
  secureCookies: false,
};

// zod/mini ships without messages; the server answers in English problem details.
configureZod(locales.en());

/** Build the Fastify app without listening, so tests can start it on any port. */
export async function createApp(options: AppOptions): Promise<FastifyInstance> {
  const headers = securityHeaders(tileOrigins(options.clientConfig.basemaps));
  const limits = { ...DEFAULT_CONNECTION_LIMITS, ...options.limits };
  const app = Fastify({
    // Slow clients are cut off (M9): headers, bodies, whole requests, idle connections.
    ...serverTimeoutOptions(limits),
    logger: options.logger ?? false,
    bodyLimit: 1_048_576,
    trustProxy: options.trustProxy?.length ? [...options.trustProxy] : false,
    routerOptions: { maxParamLength: 200 },
    // Malformed URLs and the like: answer in the same problem+json shape, with the same security
    // headers, as everything else, describing the fault without repeating the input (L6).
    frameworkErrors: (error, _request, reply) => {
      const code = (error as { code?: string }).code;
      const status = (error as { statusCode?: number }).statusCode ?? 400;
      reply.headers(headers);
      void sendProblem(
        reply,
        status >= 400 && status < 500 ? status : 400,
        code === 'FST_ERR_BAD_URL' ? 'The address is not valid' : 'The request is not valid',
      );
    },
    // HTTP Node could not parse, or that came too slowly: a raw problem answer with the headers.
    clientErrorHandler: (error, socket) => {
      const code = (error as { code?: string }).code;
      if (code === 'ECONNRESET' || socket.destroyed) return;
      if (!socket.writable) return void socket.destroy();
      const status = code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
      const detail =
        status === 408
          ? 'The request came too slowly'
          : status === 431
            ? 'The headers are too large'
            : 'The request is not valid HTTP';
      socket.end(rawProblemResponse(status, problemTitle(status), detail, headers));
    },
  });
  // Every API route (and OGC API route) as registered, so a test can hold it against the authorization matrix.
  const apiRoutes: { method: string; url: string }[] = [];
  app.decorate('apiRoutes', apiRoutes);
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/api/') && !isOgcPath(route.url)) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') apiRoutes.push({ method, url: route.url });
  });
  const now = options.now ?? databaseNow;
  const auth = { ...DEFAULT_AUTH_OPTIONS, ...options.auth };
  const today = () => shanghaiDay(now());
  const towns = options.towns ?? singleTownDirectory(SAMPLE_TOWN);
  const context: RouteContext = {
    repos: options.repos,
    towns,
    clientConfig: { ...options.clientConfig, publicRead: auth.publicRead },
    now,
    today,
    auth,
    async campaign() {
      const campaign = await options.repos.campaign.getCampaign(today());
      if (!campaign) throw new HttpProblem(503, 'The campaign has not been configured yet');
      return campaign;
    },
  };

  registerSecurityHeaders(app, headers);
  registerApiCacheDefault(app);
  registerApiCompression(app);
  registerConnectionLimits(app, limits, options.trustProxy ?? [], (socket) => {
    socket.end(rawProblemResponse(408, problemTitle(408), 'The request came too slowly', headers));
    setTimeout(() => socket.destroy(), 1000).unref();
  });
  // Other Host names get 421 before anything runs (DNS rebinding, L1); writes' Origin is held against the same list.
  const allowlist = hostAllowlist(options.allowedHosts, options.publicOrigin);
  registerHostCheck(app, allowlist);
  registerNulTextCheck(app);

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof HttpProblem) {
      if (error.headers) reply.headers(error.headers);
      return sendProblem(reply, error.status, error.detail, error.errors, error.extra);
    }
    // Another writer (an import's commit in its worker) held the database past busy_timeout: 503, never a 500.
    const busy = databaseBusyProblem(error);
    if (busy) {
      reply.headers(busy.headers ?? {});
      return sendProblem(reply, busy.status, busy.detail, busy.errors, busy.extra);
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // Fastify's own messages (body too large, bad JSON …) are fixed texts; cut anything longer.
      return sendProblem(reply, status, error instanceof Error ? error.message.slice(0, 200) : 'Bad request');
    }
    request.log.error(error);
    return sendProblem(reply, 500, 'Unexpected server error');
  });

  await registerAuth(
    app,
    options.repos,
    auth,
    (origin, request) => sameOrigin(origin, request, allowlist, options.publicOrigin),
    towns,
  );
  registerPagePreload(app, auth.publicRead, options.staticDir !== undefined ? readPartFiles(options.staticDir) : null);
  // A cross-module hook (the cases re-join after zone writes) lives on the root, before the modules.
  registerCaseRejoinHook(app, context);

  // Every module is an encapsulated plugin that receives the shared context (docs/architecture.md).
  const mount =
    <Options extends ModuleOptions>(plugin: ServerModule<Options>, moduleOptions: Options) =>
    () =>
      app.register(plugin, moduleOptions);
  // A detailed zone shape's geometry checks run in the import's worker threads, one at a time (docs/quality.md P10).
  const shapeWorkers = createImportWorkers({ timeoutMs: SHAPE_CHECK_TIMEOUT_MS, concurrency: 1, queueLimit: 8 });
  app.addHook('onClose', () => shapeWorkers.close());
  // Large exports and the ledger are written in worker threads, one file at a time (docs/quality.md P10).
  const exportWorkers = createExportWorkers();
  app.addHook('onClose', () => exportWorkers.close());
  // The notifier writes a 督办's inbox items in its transaction and runs the delivery worker.
  const notifier = createNotifier(context, {
    ...(options.publicOrigin ? { linkBase: options.publicOrigin } : {}),
    ...options.notify,
  });
  const modules = [
    mount(campaignModule, { context }),
    mount(adminModule, { context }),
    mount(notificationsModule, { context, notifier }),
    mount(supervisionModule, { context, notifier }),
    mount(plansModule, { context, notifier }),
    mount(zonesModule, { context, shapeWorkers }),
    mount(floodModule, { context, photos: options.photos, notifier }),
    mount(registersModule, { context, imports: options.imports }),
    mount(tasksModule, { context }),
    mount(dashboardModule, { context }),
    mount(photosModule, { context, photos: options.photos }),
    mount(checksModule, { context }),
    mount(inspectionsModule, { context }),
    mount(reportsModule, { context, notifier, exportWorkers }),
    mount(gisModule, { context, imports: options.imports, exportWorkers }),
    mount(casesModule, { context }),
    mount(countyModule, { context }),
    mount(meetingsModule, { context, notifier }),
    mount(responsibilityModule, { context, photos: options.photos }),
    mount(publicModule, { context, photos: options.photos, limits: options.publicLimits }),
  ];
  for (const register of modules) await register();

  const staticDir = options.staticDir;
  const hasSpa = staticDir !== undefined && existsSync(path.join(staticDir, 'index.html'));
  if (hasSpa) {
    // Built files come with .br/.gz siblings (scripts/precompress.ts): the best one the browser
    // accepts is sent, with Vary: Accept-Encoding. Content-hashed assets never change; the HTML shell
    // (index.html, also the SPA fallback below) is revalidated on every load.
    const assetsDir = path.join(path.resolve(staticDir), 'assets') + path.sep;
    await app.register(fastifyStatic, {
      root: staticDir,
      wildcard: false,
      index: ['index.html'],
      preCompressed: true,
      setHeaders: (reply: FastifyReply, filePath: string) => {
        const immutable = path.resolve(filePath).startsWith(assetsDir);
        reply.header('Cache-Control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    // Desktop GIS users type the service address with a trailing slash ("…/ogc/"): send them to the real one.
    if (isOgcPath(url) && url.endsWith('/') && (request.method === 'GET' || request.method === 'HEAD')) {
      const query = request.url.slice(url.length);
      return reply.redirect(`${url.replace(/\/+$/, '')}${query}`, 308);
    }
    // A built file that is not here (a chunk of an earlier build asked for by a page opened before an update) is not
    // the SPA shell: HTML in place of a script fails in the browser with a type error instead of a plain 404.
    if (url.startsWith('/api/') || url === '/api' || url.startsWith('/assets/') || isOgcPath(url) || !hasSpa) {
      // Described, never repeated: the address may carry anything (L6).
      return sendProblem(reply, 404, 'There is nothing at this address');
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendProblem(reply, 405, 'This method is not allowed here');
    }
    // The residents' site (its own build, public-site/) answers /public and below while it is switched on.
    if (auth.publicSite && (url === '/public' || url.startsWith('/public/'))) {
      return reply.type('text/html').header('Cache-Control', 'no-cache').sendFile(PUBLIC_SITE_PAGE);
    }
    // Client-side routes fall back to the SPA shell.
    return reply.type('text/html').sendFile('index.html');
  });

  return app;
}
