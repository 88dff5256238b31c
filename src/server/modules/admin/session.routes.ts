import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { nowMs, stampNow } from '../../platform/clock';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { changeOwnPasswordBodySchema, loginBodySchema } from '../../../shared/admin/account-bodies';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from '../../platform/auth/passwords';
import {
  clearSessionCookie,
  hashToken,
  newSessionToken,
  setSessionCookie,
  setTownCookie,
  SESSION_COOKIE,
  auditActor,
} from '../../platform/auth/guard';
import { publicUser } from './users.repo';
import type { ThrottleRule } from './sessions.repo';
import { anonymousTally } from '../../platform/audit';
import { currentTownScope, runInTown } from '../../platform/towns';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/**
 * Login throttles (docs/quality.md R13), each counted before the password is checked:
 * - per account and address: 5 attempts, then waits doubling from 2 minutes to an hour, so a
 *   guesser is slowed without locking the owner out from another address;
 * - per address: 30 free attempts over all accounts, then the same waits;
 * - per account, from all addresses: a ceiling against distributed guessing, high enough (300 an
 *   hour, reached only from many addresses) not to be a lockout tool; reaching it is audited.
 * A successful login clears its account-and-address count and gives back its other attempts.
 */
export const THROTTLE = {
  accountAddress: { free: 5, baseDelayMs: 2 * MINUTE, maxDelayMs: HOUR, resetAfterMs: 24 * HOUR },
  address: { free: 30, baseDelayMs: 2 * MINUTE, maxDelayMs: HOUR, resetAfterMs: 24 * HOUR },
  account: { free: 300, baseDelayMs: 15 * MINUTE, maxDelayMs: 15 * MINUTE, resetAfterMs: HOUR },
} as const satisfies Record<string, ThrottleRule>;
const WRONG_CREDENTIALS = 'Wrong username or password';

/** Login, logout, who am I, and changing one's own password. */
export function registerSessionRoutes(app: FastifyInstance, context: RouteContext): void {
  const { repos } = context;

  /** Count the attempt on every key before any hash is computed; a blocked key answers 429. */
  async function reserveOr429(
    request: FastifyRequest,
    keys: { key: string; rule: ThrottleRule }[],
    actorUsername: string | null,
  ): Promise<number[]> {
    const reservation = await repos.sessions.reserveAttempts(keys, nowMs());
    if (reservation.allowed) return reservation.attempts;
    const entry = {
      actorId: request.user?.id ?? null,
      actorUsername: actorUsername?.slice(0, 64) ?? null,
      action: 'login_throttled',
      outcome: 'denied' as const,
      ip: request.ip,
      detail: { route: `${request.method} ${request.routeOptions.url}` },
    };
    // Anonymous refusals are tallied per address and route, so they cannot flood the audit log.
    if (request.user) await repos.audit.record(entry);
    else await repos.audit.tally(entry, anonymousTally(request, `login_throttled ${request.routeOptions.url}`));
    const seconds = Math.ceil(reservation.retryAfterMs / 1000);
    throw new HttpProblem(
      429,
      `Too many failed attempts: try again in ${Math.ceil(seconds / 60)} minutes`,
      undefined,
      { retryAfterSeconds: seconds },
      { 'Retry-After': String(seconds) },
    );
  }

  /** Issue a new session token for `userId` and set it as this browser's cookie. */
  async function startSession(request: FastifyRequest, reply: FastifyReply, userId: string) {
    const token = newSessionToken();
    const at = stampNow();
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
    // The account's town (the login form's choice when the deployment has several): everything below runs there.
    const scope = currentTownScope();
    const previousTown = scope?.town ?? null;
    if (body.town !== undefined) {
      const town = await context.towns.find(body.town);
      if (!town) throw new HttpProblem(400, 'There is no such town', [{ path: 'town', message: 'unknown town' }]);
      if (scope) scope.town = town.code;
    }
    const username = body.username.trim().toLowerCase();
    const now = nowMs();
    // Keys by kind; the address (never containing '|') comes first, so no username can forge another key.
    const accountAddress = `login-address:${request.ip}|${username}`;
    const keys = [
      { key: accountAddress, rule: THROTTLE.accountAddress },
      { key: `address:${request.ip}`, rule: THROTTLE.address },
      { key: `login-account:${username}`, rule: THROTTLE.account },
    ];
    const [, , accountAttempts] = await reserveOr429(request, keys, username);
    if (accountAttempts === THROTTLE.account.free) {
      await repos.audit.record({
        actorId: null,
        actorUsername: username.slice(0, 64),
        action: 'login_ceiling_reached',
        outcome: 'denied',
        ip: request.ip,
        detail: { attempts: accountAttempts, windowMinutes: THROTTLE.account.resetAfterMs / MINUTE },
      });
    }
    const user = await repos.users.findByUsername(username);
    // Unknown users cost the same scrypt work and get the same answer as wrong passwords.
    const passwordOk = await verifyPassword(body.password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    if (!user || !passwordOk || user.disabled) {
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
    await repos.sessions.clearAttempts(accountAddress);
    for (const { key, rule } of keys.slice(1)) await repos.sessions.refundAttempt(key, rule);
    // Housekeeping: drop sessions that can no longer be used, and throttle keys long unused; by one instance at a
    // time (logins on other instances meanwhile skip it: the next login does it).
    await repos.runExclusively('sessions clean-up', async () => {
      await repos.sessions.pruneAttempts(now, now - THROTTLE.address.resetAfterMs);
      await repos.sessions.removeExpired(
        new Date(now - context.auth.idleMinutes * 60_000).toISOString(),
        new Date(now - context.auth.absoluteHours * 3_600_000).toISOString(),
      );
    });
    // Rotate: whatever session this browser held before is ended; a new token is issued.
    const previous = request.cookies[SESSION_COOKIE];
    if (previous) {
      const remove = () => repos.sessions.remove(hashToken(previous));
      await (previousTown ? runInTown(previousTown, remove) : remove());
    }
    await startSession(request, reply, user.id);
    setTownCookie(reply, request, scope?.town ?? context.towns.defaultTown, context.auth);
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
    // Wrong current passwords are throttled like logins (L5), counted before the hash.
    const accountAddress = `password-address:${request.ip}|${request.user!.id}`;
    const keys = [
      { key: accountAddress, rule: THROTTLE.accountAddress },
      { key: `address:${request.ip}`, rule: THROTTLE.address },
    ];
    await reserveOr429(request, keys, request.user!.username);
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
    await repos.sessions.clearAttempts(accountAddress);
    await repos.sessions.refundAttempt(keys[1]!.key, keys[1]!.rule);
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
