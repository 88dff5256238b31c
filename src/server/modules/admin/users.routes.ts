import type { FastifyInstance } from 'fastify';
import { foundOr404 } from '../../platform/found';
import type { RouteContext } from '../../platform/context';
import { auditActor } from '../../platform/auth/guard';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { unitRuleError } from '../../../shared/admin/auth';
import {
  createUserBodySchema,
  resetPasswordBodySchema,
  updateUserBodySchema,
} from '../../../shared/admin/account-bodies';
import { hashPassword } from '../../platform/auth/passwords';
import { etagOf, expectedVersion, staleProblem } from '../../platform/preconditions';
import { idParamsSchema } from '../../platform/params';

/** Account administration (admin only, by the matrix). */
export function registerUserRoutes(app: FastifyInstance, context: RouteContext): void {
  const { repos } = context;

  async function requireKnownUnit(unit: string | null | undefined) {
    if (!unit) return;
    const campaign = await context.campaign();
    if (!campaign.units.some((candidate) => candidate.id === unit)) {
      throw new HttpProblem(400, `Unknown unit ${unit.slice(0, 64)}`, [{ path: 'unit', message: 'unknown unit' }]);
    }
  }

  const loadUser = async (id: number) => {
    const user = foundOr404(await repos.users.findById(id), 'Account', id);
    return user;
  };
  /** A county account reads every town: a town's admin may not change it or its password (the operator does). */
  const loadTownAccount = async (id: number) => {
    const user = await loadUser(id);
    if (user.role === 'county') {
      throw new HttpProblem(403, 'A county account is managed by the operator, not by a town (npm run town)');
    }
    return user;
  };

  app.get('/api/users', async () => repos.users.list());

  app.get('/api/users/:id', async (request, reply) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'account id');
    const { passwordHash: _hash, ...user } = await loadUser(id);
    reply.header('ETag', etagOf(user.version));
    return user;
  });

  app.post('/api/users', async (request, reply) => {
    const body = parseOr400(createUserBodySchema, request.body, 'account');
    const unitError = unitRuleError(body.role, body.unit);
    if (unitError) throw new HttpProblem(400, unitError, [{ path: 'unit', message: unitError }]);
    await requireKnownUnit(body.unit);
    const taken = () =>
      new HttpProblem(409, `The username ${body.username} is taken`, [{ path: 'username', message: 'taken' }]);
    // Answered early without hashing; the insert itself decides when two creations race.
    if (await repos.users.findByUsername(body.username)) throw taken();
    const user = await repos.users.create(
      {
        username: body.username,
        displayName: body.displayName,
        role: body.role,
        unit: body.unit ?? null,
        passwordHash: await hashPassword(body.password),
      },
      (created) => ({
        ...auditActor(request),
        action: 'user_created',
        targetType: 'user',
        targetId: created.id,
        outcome: 'ok',
        detail: { after: created },
      }),
    );
    if (!user) throw taken();
    reply.header('Location', `/api/users/${user.id}`).header('ETag', etagOf(user.version));
    return reply.code(201).send(user);
  });

  app.patch('/api/users/:id', async (request, reply) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'account id');
    const before = await loadTownAccount(id);
    const version = expectedVersion(request, before.version);
    const changes = parseOr400(updateUserBodySchema, request.body, 'account change');
    const role = changes.role ?? before.role;
    const unit = changes.unit !== undefined ? changes.unit : role === 'unit' ? before.unit : null;
    const unitError = unitRuleError(role, unit);
    if (unitError) throw new HttpProblem(400, unitError, [{ path: 'unit', message: unitError }]);
    await requireKnownUnit(unit);
    if (String(id) === request.user!.id && (changes.disabled === true || (changes.role && changes.role !== 'admin'))) {
      throw new HttpProblem(409, 'You cannot disable or demote your own account: ask another admin');
    }
    const after = await repos.users.update(id, { ...changes, unit }, version, (stored, updated) => {
      // Only the fields that changed, before → after (the account's public fields; never a password or its hash).
      const changed = (Object.keys(changes) as (keyof typeof changes)[])
        .concat(unit !== stored.unit ? ['unit'] : [])
        .filter((key, index, keys) => keys.indexOf(key) === index && stored[key] !== updated[key]);
      return {
        ...auditActor(request),
        action:
          changes.disabled === true ? 'user_disabled' : changes.disabled === false ? 'user_enabled' : 'user_updated',
        targetType: 'user',
        targetId: updated.id,
        outcome: 'ok',
        detail: {
          before: Object.fromEntries(changed.map((key) => [key, stored[key]])),
          after: Object.fromEntries(changed.map((key) => [key, updated[key]])),
        },
      };
    });
    if (!after) {
      const current = await loadUser(id);
      throw staleProblem({ currentVersion: current.version });
    }
    reply.header('ETag', etagOf(after.version));
    return after;
  });

  app.post('/api/users/:id/password', async (request, reply) => {
    const { id } = parseOr400(idParamsSchema, request.params, 'account id');
    const body = parseOr400(resetPasswordBodySchema, request.body, 'password');
    const user = await loadTownAccount(id);
    await repos.users.setPassword(id, await hashPassword(body.newPassword));
    await repos.audit.record({
      ...auditActor(request),
      action: 'password_reset',
      targetType: 'user',
      targetId: user.id,
      outcome: 'ok',
      // That it was reset, never the password or its hash.
      detail: { passwordReset: true },
    });
    return reply.code(204).send();
  });
}
