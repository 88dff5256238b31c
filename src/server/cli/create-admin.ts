/**
 * Create an admin account (the first one in production): `npm run create-admin -- --username NAME
 * [--name 显示名]`. The password comes from ADMIN_PASSWORD or is asked for on the terminal. The account goes where
 * the server keeps its data: PostgreSQL (DATABASE_URL, the town TOWN) or SQLite in DATA_DIR.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { loadServerConfig } from '../platform/config';
import { loadCampaignConfig } from '../platform/data-files';
import { openPostgresBackend, openSqliteBackend, photoDirOf } from '../backend';
import { hashPassword } from '../platform/auth/passwords';
import { createUserBodySchema } from '../../shared/admin/account-bodies';
import { shanghaiDay } from '../../shared/time/dates';

const { values } = parseArgs({ options: { username: { type: 'string' }, name: { type: 'string' } } });
const config = loadServerConfig();
let password = process.env.ADMIN_PASSWORD ?? '';
if (!password) {
  const terminal = createInterface({ input: process.stdin, output: process.stdout });
  password = await terminal.question('Password for the new admin (at least 10 characters): ');
  terminal.close();
}
const parsed = createUserBodySchema.safeParse({
  username: values.username ?? '',
  displayName: values.name ?? values.username ?? '',
  role: 'admin',
  unit: null,
  password,
});
if (!parsed.success) {
  console.error(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'));
  process.exit(2);
}
const backend = config.databaseUrl
  ? await openPostgresBackend(config.databaseUrl, {
      town: config.town,
      photoDir: photoDirOf(config.dataDir),
      poolSize: 2,
    })
  : openSqliteBackend(config.dataDir);
const where = config.databaseUrl ? `PostgreSQL (town ${config.town})` : config.dataDir;
await backend.seedCampaign(loadCampaignConfig(), shanghaiDay());
const { repos } = backend;
const user = await repos.users.create(
  {
    username: parsed.data.username,
    displayName: parsed.data.displayName,
    role: 'admin',
    unit: null,
    passwordHash: await hashPassword(parsed.data.password),
  },
  (created) => ({
    actorId: null,
    actorUsername: 'create-admin',
    action: 'user_created',
    targetType: 'user',
    targetId: created.id,
    outcome: 'ok',
    detail: { after: created },
  }),
);
await backend.close();
if (!user) {
  console.error(`The username ${parsed.data.username} is taken.`);
  process.exit(1);
}
console.log(`Created admin ${user.username} in ${where}.`);
