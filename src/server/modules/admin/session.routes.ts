import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { changeOwnPasswordBodySchema, loginBodySchema } from '../../../shared/admin/auth';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from '../../platform/auth/passwords';
import {
  clearSessionCookie,
  hashToken,
  newSessionToken,
  setSessionCookie,
  SESSION_COOKIE,
  auditActor,
} from '../../platform/auth/guard';
import { publicUser } from './users.repo';

/** Failed logins allowed per window before a lock, per username and (more loosely) per address. */
export const THROTTLE = { userFailures: 5, ipFailures: 30, windowMinutes: 15, lockMinutes: 15 } as const;
const WRONG_CREDENTIALS = 'Wrong username or password';

/** Login, logout, who am I, and changing one's own password. */
export function registerSessionRoutes(app: FastifyInstance, context: RouteContext): void {
  const { repos } = context;

  async function lockedFor(keys: string[], now: number): Promise<number> {
    let wait = 0;
    for (const key of keys) {
      const state = await repos.sessions.getThrottle(key);
      if (state?.lockedUntil) wait = Math.max(wait, Date.parse(state.lockedUntil) - now);
    }
    return wait;
  }

  async function recordFailure(key: string, limit: number, now: number) {
    const state = await repos.sessions.getThrottle(key);
    const windowStart =
      state && now - Date.parse(state.windowStartedAt) < THROTTLE.windowMinutes * 60_000 ? state : null;
    const failures = (windowStart?.failures ?? 0) + 1;
    await repos.sessions.setThrottle(key, {
      failures,
      windowStartedAt: windowStart?.windowStartedAt ?? new Date(now).toISOString(),
      lockedUntil: failures >= limit ? new Date(now + THROTTLE.lockMinutes * 60_000).toISOString() : null,
    });
  }

  /** Issue a new session token for `userId` and set it as this browser's cookie. */
  async function startSession(request: FastifyRequest, reply: FastifyReply, userId: string) {
    const token = newSessionToken();
    const at = new Date().toISOString();
    await repos.sessions.create({
      tokenHash: hashToken(token),
      userId: Number(userId),
      createdAt: at,
      lastSeenAt: at,
      ip: request.ip,
      userAgent: (request.headers['user-agent'] ?? '').slice(0, 200) || null,
    });
    setSessionCookie(reply, request, token, context.auth);
  }

  app.get('/api/session', async (request) => ({ user: request.user }));

  app.post('/api/session', async (request, reply) => {
    const body = parseOr400(loginBodySchema, request.body, 'login');
    const username = body.username.trim().toLowerCase();
    const now = Date.now();
    const keys = [`user:${username}`, `ip:${request.ip}`];
    const wait = await lockedFor(keys, now);
    if (wait > 0) {
      await repos.audit.record({
        actorId: null,
        actorUsername: username.slice(0, 64),
        action: 'login_throttled',
        outcome: 'denied',
        ip: request.ip,
      });
      const seconds = Math.ceil(wait / 1000);
      throw new HttpProblem(
        429,
        `Too many failed logins: try again in ${Math.ceil(seconds / 60)} minutes`,
        undefined,
        {
          retryAfterSeconds: seconds,
        },
        { 'Retry-After': String(seconds) },
      );
    }
    const user = await repos.users.findByUsername(username);
    // Unknown users cost the same scrypt work and get the same answer as wrong passwords.
    const passwordOk = await verifyPassword(body.password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !passwordOk || user.disabled) {
      await recordFailure(keys[0]!, THROTTLE.userFailures, now);
      await recordFailure(keys[1]!, THROTTLE.ipFailures, now);
      await repos.audit.record({
        actorId: user?.id ?? null,
        actorUsername: username.slice(0, 64),
        action: 'login_failed',
        outcome: 'failed',
        ip: request.ip,
        detail: { reason: !user ? 'unknown user' : user.disabled ? 'account disabled' : 'wrong password' },
      });
      throw new HttpProblem(401, WRONG_CREDENTIALS);
    }
    await repos.sessions.clearThrottle(keys[0]!);
    // Housekeeping: drop sessions that can no longer be used.
    await repos.sessions.removeExpired(
      new Date(now - context.auth.idleMinutes * 60_000).toISOString(),
      new Date(now - context.auth.absoluteHours * 3_600_000).toISOString(),
    );
    // Rotate: whatever session this browser held before is ended; a new token is issued.
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) await repos.sessions.remove(hashToken(previous));
    await startSession(request, reply, user.id);
    // request.user is still the visitor: name the account that just logged in.
    await repos.audit.record({
      ...auditActor(request),
      actorId: user.id,
      actorUsername: user.username,
      action: 'login',
      outcome: 'ok',
    });
    reply.header('Cache-Control', 'no-store');
    return { user: publicUser(user) };
  });

  app.delete('/api/session', async (request, reply) => {
    if (request.sessionTokenHash) await repos.sessions.remove(request.sessionTokenHash);
    if (request.user) {
      await repos.audit.record({
        ...auditActor(request),
        action: 'logout',
        outcome: 'ok',
      });
    }
    clearSessionCookie(reply, request, context.auth);
    return reply.code(204).send();
  });

  app.post('/api/session/password', async (request, reply) => {
    const body = parseOr400(changeOwnPasswordBodySchema, request.body, 'password change');
    const user = await repos.users.findById(Number(request.user!.id));
    if (!user || !(await verifyPassword(body.currentPassword, user.passwordHash))) {
      await repos.audit.record({
        ...auditActor(request),
        action: 'password_change_failed',
        outcome: 'failed',
      });
      throw new HttpProblem(400, 'The current password is wrong', [
        { path: 'currentPassword', message: 'wrong password' },
      ]);
    }
    await repos.users.setPassword(Number(user.id), await hashPassword(body.newPassword));
    // Every session of the account ended with the change; this browser gets a fresh one.
    await startSession(request, reply, user.id);
    await repos.audit.record({
      ...auditActor(request),
      action: 'password_changed',
      targetType: 'user',
      targetId: user.id,
      outcome: 'ok',
    });
    return reply.code(204).send();
  });
}
