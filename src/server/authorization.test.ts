import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server';
import { AUTHORIZATION_MATRIX, accessFor, type Principal } from '../shared/authorization';
import { ROLES } from '../shared/auth';

/** One demo account per role (the unit role as the water station). */
const ACCOUNT_OF: Record<Exclude<Principal, 'anonymous'>, string> = {
  leader: 'leader',
  admin: 'admin',
  planner: 'planner',
  unit: 'water',
  inspector: 'inspector',
};
const PRINCIPALS: Principal[] = ['anonymous', ...ROLES];

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

/** Row counts of every table a route could change (the audit log is checked separately). */
function snapshot() {
  const count = (table: string) => (server.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  const versions = server.db.prepare('SELECT group_concat(version) AS v FROM users').get() as { v: string };
  return {
    users: count('users'),
    userVersions: versions.v,
    zones: count('zones'),
    tasks: count('tasks'),
    supervisions: count('supervisions'),
  };
}
const cookies = new Map<Principal, string>();
/** A session per role, reused; a fresh one where the request ends it (logout). */
async function cookieOf(principal: Exclude<Principal, 'anonymous'>, fresh: boolean): Promise<string> {
  if (fresh) return server.login(ACCOUNT_OF[principal]);
  if (!cookies.has(principal)) cookies.set(principal, await server.login(ACCOUNT_OF[principal]));
  return cookies.get(principal)!;
}
const deniedWrites = () =>
  (server.db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'denied_write'").get() as { n: number }).n;

describe('the authorization matrix (R8)', () => {
  it('has a row for every registered API route, and no row without a route', () => {
    const registered = new Set(server.apiRoutes.map((route) => `${route.method} ${route.url}`));
    const listed = new Set(AUTHORIZATION_MATRIX.map((rule) => `${rule.method} ${rule.url}`));
    expect([...registered].filter((route) => !listed.has(route))).toEqual([]);
    expect([...listed].filter((route) => !registered.has(route))).toEqual([]);
  });

  it('has no own-unit cells without an ownership test (add one with the route)', () => {
    const own = AUTHORIZATION_MATRIX.filter((rule) => Object.values(rule.access).includes('own'));
    expect(own.map((rule) => `${rule.method} ${rule.url}`)).toEqual([]);
  });

  const cells = AUTHORIZATION_MATRIX.flatMap((rule) => PRINCIPALS.map((principal) => ({ rule, principal })));
  it.each(cells.map((cell) => [`${cell.rule.method} ${cell.rule.url} as ${cell.principal}`, cell] as const))(
    '%s',
    async (_name, { rule, principal }) => {
      const cookie = principal === 'anonymous' ? undefined : await cookieOf(principal, rule.method === 'DELETE');
      const path = rule.url.replace(':id', '1');
      const isWrite = rule.method !== 'GET';
      const before = snapshot();
      const deniedBefore = deniedWrites();
      // Allowed writes get an empty body: a 4xx from validation proves the request got past authorization
      // without changing anything.
      const response = await server.request(path, {
        method: rule.method,
        ...(cookie ? { cookie } : {}),
        ...(isWrite && rule.method !== 'DELETE' ? { json: {} } : {}),
      });
      const access = accessFor(rule, principal);
      if (access === 'deny') {
        expect(response.status).toBe(principal === 'anonymous' ? 401 : 403);
        expect(response.headers.get('content-type')).toMatch(/problem\+json/);
        expect(snapshot()).toEqual(before);
        if (isWrite) expect(deniedWrites()).toBe(deniedBefore + 1);
      } else {
        expect([401, 403]).not.toContain(response.status);
        expect(response.status).toBeLessThan(500);
        if (rule.method !== 'DELETE') expect(snapshot()).toEqual(before);
      }
    },
  );
});

describe('public read-only view', () => {
  it('is off by default and, when on, opens the map reads to visitors and nothing else', async () => {
    expect((await server.request('/api/zones')).status).toBe(401);
    const open = await startTestServer({ auth: { publicRead: true } });
    try {
      expect((await open.request('/api/zones')).status).toBe(200);
      expect((await open.request('/api/campaign')).status).toBe(200);
      expect((await open.request('/api/users')).status).toBe(401);
      expect((await open.request('/api/audit')).status).toBe(401);
      expect((await open.request('/api/zones/1/supervisions')).status).toBe(401);
    } finally {
      await open.close();
    }
  });
});
