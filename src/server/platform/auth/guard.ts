import { createHash, randomBytes } from 'node:crypto';
import { nowMs, stampNow } from '../clock';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import type { Repositories } from '../../repositories/types';
import type { SessionUser } from '../../../shared/admin/auth';
import {
  accessFor,
  findRule,
  isPublicSiteRoute,
  type Access,
  type Principal,
} from '../../../shared/campaign/authorization';
import { sendProblem } from '../problem';
import { recordDenial } from '../audit';
import { runInTownScope, type TownDirectory, type TownScope } from '../towns';
import { TOWN_CODE } from '../../../shared/county/county';
import { isMapPageNavigation } from '../page-preload';

// Who is acting: defined with the audit entries, offered here too.
export { auditActor, writeActor } from '../audit';

export const SESSION_COOKIE = 'jinxi_session';
/** The town of the session (set at login): its accounts and sessions live in that town's schema. */
export const TOWN_COOKIE = 'jinxi_town';
/**
 * The town a county account (县级) is looking at, set by the browser; read-only there. Another role sending a town
 * other than its own is refused (403): a town's accounts never see another town.
 */
export const VIEW_TOWN_COOKIE = 'jinxi_view_town';
/** Routes about the account itself or the deployment, answered in the account's own town whatever it looks at. */
const OWN_TOWN_ROUTES = new Set([
  '/api/session',
  '/api/session/password',
  '/api/towns',
  '/api/county/overview',
  '/api/config',
  '/api/health',
  '/api/ready',
]);

/** Strip the password hash before a user leaves the server. */
export function publicUser(user: SessionUser & { passwordHash?: string }): SessionUser {
  const { passwordHash: _ignored, ...rest } = user;
  return rest;
}

export interface AuthOptions {
  /** Sessions end after this long without a request. */
  idleMinutes: number;
  /** Sessions end this long after login, whatever happens. */
  absoluteHours: number;
  /** Anonymous visitors may read the map (off by default). */
  publicRead: boolean;
  /** The residents' site (/api/public/*, docs/public.md) is on; off: those routes answer 404. */
  publicSite: boolean;
  /** Force the Secure cookie flag (also set automatically for HTTPS requests). */
  secureCookies: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The logged-in user, or null for a visitor. */
    user: SessionUser | null;
    sessionTokenHash: string | null;
    /** The access the matrix grants the caller for this route (`own` must be checked by the route). */
    access: Access;
    /** The API token a desktop GIS client sent instead of a session (OGC API only). */
    apiToken: { id: string; name: string } | null;
    /** The town this request runs in (every repository call inside uses its schema; platform/towns.ts). */
    townScope: TownScope | null;
  }
}

/** Paths of the OGC API - Features service: read with a session cookie or an API token. */
export const isOgcPath = (url: string) => url === '/ogc' || url.startsWith('/ogc/');
/** What an API token may do: the reads of a leader, on the OGC API only. */
export const API_TOKEN_PRINCIPAL: Principal = 'leader';
/** The role that issues API tokens (the matrix's rows for /api/tokens); a token lives only while its issuer has it. */
export const TOKEN_ISSUER_ROLE: Principal = 'admin';

/**
 * The token of an `Authorization: Bearer <token>` header: null without one (or with another
 * scheme), '' when the header is Bearer but the token is malformed. Tokens are never read from the
 * query string, where they would end up in logs, proxies and browser history.
 */
export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ \t]+(\S*)[ \t]*$/i.exec(header);
  if (!match) return /^Bearer\b/i.test(header) ? '' : null;
  return /^[\w-]{16,128}$/.test(match[1]!) ? match[1]! : '';
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
/** 256 random bits, base64url: the session token the browser holds. */
export const newSessionToken = () => randomBytes(32).toString('base64url');

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const TOUCH_INTERVAL_MS = 60_000;

/** Is an Origin header this server's own (allowed hosts, the public origin; app.ts)? */
export type OriginCheck = (origin: string, request: FastifyRequest) => boolean;

const sameHostOrigin: OriginCheck = (origin, request) => origin === `${request.protocol}://${request.host}`;

/** The caller's origin check for writes: SameSite cookies plus Origin / Sec-Fetch-Site. */
function crossSiteReason(request: FastifyRequest, isOwnOrigin: OriginCheck): string | null {
  const fetchSite = request.headers['sec-fetch-site'];
  if (typeof fetchSite === 'string' && fetchSite !== 'same-origin' && fetchSite !== 'none') {
    return `Sec-Fetch-Site: ${fetchSite}`;
  }
  const origin = request.headers.origin;
  if (typeof origin === 'string' && !isOwnOrigin(origin, request)) return `Origin: ${origin.slice(0, 200)}`;
  return null;
}

export function setSessionCookie(reply: FastifyReply, request: FastifyRequest, token: string, options: AuthOptions) {
  reply.setCookie(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secureCookies || request.protocol === 'https',
    maxAge: options.absoluteHours * 3600,
  });
}

/** The town of a new session, beside its token (same lifetime); a county's view of another town ends. */
export function setTownCookie(reply: FastifyReply, request: FastifyRequest, town: string, options: AuthOptions) {
  reply.setCookie(TOWN_COOKIE, town, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secureCookies || request.protocol === 'https',
    maxAge: options.absoluteHours * 3600,
  });
  reply.clearCookie(VIEW_TOWN_COOKIE, { path: '/' });
}

export function clearSessionCookie(reply: FastifyReply, request: FastifyRequest, options: AuthOptions) {
  for (const name of [SESSION_COOKIE, TOWN_COOKIE]) {
    reply.clearCookie(name, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: options.secureCookies || request.protocol === 'https',
    });
  }
  reply.clearCookie(VIEW_TOWN_COOKIE, { path: '/' });
}

/** A town code from a cookie that names a town of the deployment, else null. */
async function knownTown(towns: TownDirectory, code: string | undefined): Promise<string | null> {
  if (!code || !TOWN_CODE.test(code)) return null;
  return (await towns.find(code))?.code ?? null;
}

/**
 * Settle the town of each request (the session's town, or the deployment's default), resolve the session in it,
 * then enforce the authorization matrix and the cross-site check before any body is parsed. Denied → 401 (nobody
 * logged in) or 403, with no side effect; denied writes are audited. A county account may look at another town
 * (VIEW_TOWN_COOKIE), for reads only.
 */
export async function registerAuth(
  app: FastifyInstance,
  repos: Repositories,
  options: AuthOptions,
  isOwnOrigin: OriginCheck = sameHostOrigin,
  towns?: TownDirectory,
): Promise<void> {
  await app.register(fastifyCookie);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionTokenHash', null);
  app.decorateRequest('access', 'deny');
  app.decorateRequest('apiToken', null);
  app.decorateRequest('townScope', null);

  // The request's town lives in an AsyncLocalStorage scope entered here and again after the body is read (body
  // parsing leaves the scope, as @fastify/request-context does), so every repository call sees it.
  if (towns) {
    app.addHook('onRequest', (request, _reply, done) => {
      const scope: TownScope = { town: towns.defaultTown };
      request.townScope = scope;
      runInTownScope(scope, done);
    });
    app.addHook('preValidation', (request, _reply, done) => runInTownScope(request.townScope!, done));
  }

  const idleMs = options.idleMinutes * 60_000;
  const absoluteMs = options.absoluteHours * 3_600_000;

  app.addHook('onRequest', async (request, reply) => {
    const url = request.routeOptions.url;
    // The map page's HTML learns who is signed in too (its preloads, page-preload.ts); other static files and the
    // 404 handler do not.
    const mapPage = isMapPageNavigation(request);
    if (!mapPage && (!url || !(url.startsWith('/api/') || isOgcPath(url)))) return;

    const scope = request.townScope;
    const home = towns && scope ? await knownTown(towns, request.cookies[TOWN_COOKIE]) : null;
    if (scope && home) scope.town = home;

    const token = request.cookies[SESSION_COOKIE];
    if (token && token.length <= 128) {
      const tokenHash = hashToken(token);
      const session = await repos.sessions.find(tokenHash);
      const now = nowMs();
      if (session) {
        const idleExpired = now - Date.parse(session.lastSeenAt) > idleMs;
        const absoluteExpired = now - Date.parse(session.createdAt) > absoluteMs;
        const user = idleExpired || absoluteExpired ? null : await repos.users.findById(session.userId);
        if (!user || user.disabled) {
          await repos.sessions.remove(tokenHash);
        } else {
          request.user = publicUser(user);
          request.sessionTokenHash = tokenHash;
          if (now - Date.parse(session.lastSeenAt) > TOUCH_INTERVAL_MS) {
            await repos.sessions.touch(tokenHash, new Date(now).toISOString());
          }
        }
      }
    }

    if (mapPage || !url) return;

    const isWrite = WRITE_METHODS.has(request.method);
    const deny = async (status: 401 | 403, detail: string) => {
      if (isWrite) await recordDenial(repos.audit, request, { reason: detail, withPath: true });
      // Desktop GIS clients learn from this that the OGC API takes a bearer token.
      if (status === 401 && isOgcPath(url)) reply.header('WWW-Authenticate', 'Bearer realm="jinxi"');
      return sendProblem(reply, status, detail);
    };

    if (isWrite) {
      const reason = crossSiteReason(request, isOwnOrigin);
      if (reason) return deny(403, `Cross-site write refused (${reason})`);
    }

    const view = request.cookies[VIEW_TOWN_COOKIE];
    if (towns && scope && request.user && view && view !== scope.town && !OWN_TOWN_ROUTES.has(url)) {
      if (request.user.role !== 'county') return deny(403, 'This account belongs to another town');
      const town = await knownTown(towns, view);
      if (!town) return sendProblem(reply, 404, 'There is no such town');
      if (isWrite) return deny(403, 'A county account reads the towns; it does not change them');
      scope.town = town;
    }

    let principal: Principal = request.user?.role ?? 'anonymous';
    if (isOgcPath(url)) {
      const bearer = request.user ? null : bearerToken(request.headers.authorization);
      if (bearer !== null) {
        const token = bearer ? await repos.apiTokens.findActive(hashToken(bearer), stampNow()) : null;
        if (!token) {
          reply.header('WWW-Authenticate', 'Bearer realm="jinxi", error="invalid_token"');
          return sendProblem(reply, 401, 'The API token is unknown, expired or revoked');
        }
        // A token acts with its issuer's current rights (L3): only an admin may hold tokens, so one
        // whose issuer was demoted since is refused (a disabled issuer's token is not found at all).
        if (token.issuerRole !== TOKEN_ISSUER_ROLE) {
          return sendProblem(reply, 403, 'The issuer of this API token is no longer allowed to issue tokens');
        }
        request.apiToken = { id: token.id, name: token.name };
        principal = API_TOKEN_PRINCIPAL;
        const now = nowMs();
        if (!token.lastUsedAt || now - Date.parse(token.lastUsedAt) > TOUCH_INTERVAL_MS) {
          await repos.apiTokens.touch(token.id, new Date(now).toISOString());
        }
      }
    }

    const rule = findRule(request.method, url);
    // Fail closed: a route without a matrix row is refused (and a test fails before it ships).
    if (!rule) return deny(403, `No authorization rule for ${request.method} ${url}`);
    // The residents' site's routes exist only when it is switched on (PUBLIC_SITE=1).
    if (!options.publicSite && isPublicSiteRoute(url))
      return sendProblem(reply, 404, 'The public site is switched off');
    request.access = accessFor(rule, principal, options.publicRead);
    if (request.access === 'deny') {
      return request.user || request.apiToken ? deny(403, 'Your role may not do this') : deny(401, 'Log in first');
    }
  });
}
