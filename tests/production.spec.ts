import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiLogin, runCommand, startServer } from './helpers';

const folders: string[] = [];
const freshFolder = () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'jinxi-prod-'));
  folders.push(folder);
  return folder;
};
after(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

describe('production mode', { timeout: 120_000 }, () => {
  it('starts with no demo accounts and no sample data; create-admin makes the first admin', async () => {
    const dataDir = freshFolder();
    const server = await startServer({ NODE_ENV: 'production' }, { dataDir });
    try {
      const demo = await fetch(`${server.baseUrl}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'leader', password: 'jinxi-demo' }),
      });
      assert.equal(demo.status, 401, 'no demo account');
      const config = (await (await fetch(`${server.baseUrl}/api/config`)).json()) as Record<string, unknown>;
      assert.equal(config.sampleData, false);
      assert.equal(config.demoAccounts, false);

      const short = await runCommand(['src/server/cli/create-admin.ts', '--username', 'zhang.wei'], {
        DATA_DIR: dataDir,
        ADMIN_PASSWORD: 'short',
      });
      assert.notEqual(short.code, 0);
      assert.match(short.output, /at least 10 characters/);
      const created = await runCommand(
        ['src/server/cli/create-admin.ts', '--username', 'zhang.wei', '--name', '张伟'],
        {
          DATA_DIR: dataDir,
          ADMIN_PASSWORD: 'a-real-admin-password',
        },
      );
      assert.equal(created.code, 0, created.output);
      const cookie = await apiLogin(server.baseUrl, 'zhang.wei', 'a-real-admin-password');
      const zones = (await (await fetch(`${server.baseUrl}/api/zones`, { headers: { cookie } })).json()) as {
        features: unknown[];
      };
      assert.deepEqual(zones.features, [], 'no sample zones');
      const users = (await (await fetch(`${server.baseUrl}/api/users`, { headers: { cookie } })).json()) as {
        username: string;
        role: string;
      }[];
      assert.deepEqual(
        users.map((user) => [user.username, user.role]),
        [['zhang.wei', 'admin']],
      );
    } finally {
      await server.stop(true);
    }
  });

  it('refuses to start while a demo account exists', async () => {
    const dataDir = freshFolder();
    const demo = await startServer({}, { dataDir });
    await demo.stop(true);
    const refused = await runCommand(['src/server/main.ts'], { NODE_ENV: 'production', DATA_DIR: dataDir, PORT: '0' });
    assert.equal(refused.code, 1);
    // 8 demo accounts for the roles and units, and one for each of the 3 社区 and 20 村.
    assert.match(refused.output, /Refusing to start in production: 31 demo account/);
  });
});
