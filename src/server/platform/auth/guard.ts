import { createHash, randomBytes } from 'node:crypto';
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

// Who is acting: defined with the audit entries, offered here too.
export { auditActor, writeActor } from '../audit';

export const SESSION_COOKIE = 'jinxi_session';

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

export function clearSessionCookie(reply: FastifyReply, request: FastifyRequest, options: AuthOptions) {
  reply.clearCookie(SESSION_COOKIE, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: options.secureCookies || request.protocol === 'https',
  });
}

/**
 * Resolve the session on every request, then enforce the authorization matrix and the cross-site
 * check before any body is parsed. Denied → 401 (nobody logged in) or 403, with no side effect;
 * denied writes are audited.
 */
export async function registerAuth(
  app: FastifyInstance,
  repos: Repositories,
  options: AuthOptions,
  isOwnOrigin: OriginCheck = sameHostOrigin,
): Promise<void> {
  await app.register(fastifyCookie);
  app.decorateRequest('user', null);
  app.decorateRequest('sessionTokenHash', null);
  app.decorateRequest('access', 'deny');
  app.decorateRequest('apiToken', null);

  const idleMs = options.idleMinutes * 60_000;
  const absoluteMs = options.absoluteHours * 3_600_000;

  app.addHook('onRequest', async (request, reply) => {
    const url = request.routeOptions.url;
    if (!url || !(url.startsWith('/api/') || isOgcPath(url))) return; // static files and the 404 handler

    const token = request.cookies[SESSION_COOKIE];
    if (token && token.length <= 128) {
      const tokenHash = hashToken(token);
      const session = await repos.sessions.find(tokenHash);
      const now = Date.now();
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

    let principal: Principal = request.user?.role ?? 'anonymous';
    if (isOgcPath(url)) {
      const bearer = request.user ? null : bearerToken(request.headers.authorization);
      if (bearer !== null) {
        const token = bearer ? await repos.apiTokens.findActive(hashToken(bearer), new Date().toISOString()) : null;
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
        const now = Date.now();
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
