/**
 * The towns of a PostgreSQL deployment (DATABASE_URL; docs/deploy.md "Many towns"):
 *   npm run town -- list
 *   npm run town -- add --code CODE --name NAME --campaign FILE
 *   npm run town -- import-sqlite --code CODE --data-dir DIR [--name NAME]
 *   npm run town -- add-account --code CODE --username NAME --role admin|county [--name 显示名]
 * add-account takes the password from TOWN_ACCOUNT_PASSWORD or asks on the terminal. A refusal is one line and
 * exit code 1 (2 for a wrong command line).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { loadServerConfig, photoUploadFolder, type ServerConfig } from '../platform/config';
import { createPgDb, createPgPool } from '../platform/db/pg/pool';
import { listTownsPg } from '../platform/db/pg/towns';
import { addTown, importSqliteTown, TownAdminError } from '../platform/db/pg/town-admin';
import { databaseFile, openDatabase } from '../platform/db/connection';
import { createLocalPhotoFileStore } from '../platform/storage/photo-files';
import { createS3PhotoFileStore } from '../platform/storage/s3-photo-files';
import { createPgRepositories } from '../repositories/pg';
import { hashPassword } from '../platform/auth/passwords';
import { campaignConfigSchema } from '../../shared/campaign/campaign-config';
import { createUserBodySchema } from '../../shared/admin/account-bodies';
import { shanghaiDay } from '../../shared/time/dates';

const USAGE = `Usage: npm run town -- list
       npm run town -- add --code CODE --name NAME --campaign FILE
       npm run town -- import-sqlite --code CODE --data-dir DIR [--name NAME]
       npm run town -- add-account --code CODE --username NAME --role admin|county [--name DISPLAY_NAME]`;

function fail(message: string, code = 1): never {
  console.error(message);
  process.exit(code);
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    code: { type: 'string' },
    name: { type: 'string' },
    campaign: { type: 'string' },
    'data-dir': { type: 'string' },
    username: { type: 'string' },
    role: { type: 'string' },
  },
});
const command = positionals[0];
const need = (option: keyof typeof values): string => {
  const value = values[option];
  if (typeof value !== 'string' || value.trim() === '') fail(`${command} needs --${option}\n${USAGE}`, 2);
  return value.trim();
};

let config: ServerConfig;
try {
  config = loadServerConfig();
} catch (error) {
  fail((error as Error).message, 2);
}
const { databaseUrl, dataDir } = config;
if (!databaseUrl) fail('The towns live in PostgreSQL: set DATABASE_URL (postgres://user:password@host/database)', 2);
const pool = createPgPool(databaseUrl, { max: 2 });

async function run(): Promise<string> {
  switch (command) {
    case 'list': {
      const towns = await listTownsPg(pool);
      return towns.length ? towns.map((town) => `${town.code}\t${town.name}`).join('\n') : 'No towns yet.';
    }
    case 'add': {
      const code = need('code');
      const name = need('name');
      const file = need('campaign');
      let campaign;
      try {
        campaign = campaignConfigSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
      } catch (error) {
        throw new TownAdminError(`The campaign file ${file} cannot be used: ${(error as Error).message.slice(0, 500)}`);
      }
      await addTown(pool, { code, name, campaign, today: shanghaiDay() });
      return (
        `Added town ${name} (${code}): schema and role town_${code}, campaign ${campaign.campaign.name}.\n` +
        `Create its first admin: npm run town -- add-account --code ${code} --username NAME --role admin`
      );
    }
    case 'import-sqlite': {
      const code = need('code');
      const from = path.resolve(need('data-dir'));
      const file = databaseFile(from);
      if (!existsSync(file)) throw new TownAdminError(`There is no SQLite town in ${from} (no ${path.basename(file)})`);
      const sqlite = openDatabase(file);
      const store = config.photoStore;
      const photoFiles =
        store.kind === 's3'
          ? createS3PhotoFileStore({ ...store, uploadDir: photoUploadFolder(config) })
          : createLocalPhotoFileStore(path.join(dataDir, 'photos'));
      try {
        const result = await importSqliteTown(pool, {
          code,
          name: values.name?.trim() || code,
          sqlite,
          photosDir: path.join(from, 'photos'),
          photoFiles,
        });
        const rows = Object.values(result.tables).reduce((sum, n) => sum + n, 0);
        return [
          `Imported ${from} as town ${code}: ${rows} rows in ${Object.keys(result.tables).length} tables, ids kept; ` +
            `${result.photos} photos copied to ${store.kind === 's3' ? `bucket ${store.bucket}` : path.join(dataDir, 'photos')}.`,
          ...(result.skipped.length ? [`Not copied (no PostgreSQL table): ${result.skipped.join(', ')}`] : []),
          ...(result.demoAccounts
            ? [
                `${result.demoAccounts} demo account(s) with the published password came along: ` +
                  'a production server refuses to start while they exist',
              ]
            : []),
          ...(result.missingPhotos.length
            ? [`Photo files missing in ${from}/photos for ${result.missingPhotos.length} photo(s)`]
            : []),
        ].join('\n');
      } finally {
        sqlite.close();
      }
    }
    case 'add-account': {
      const code = need('code');
      if (!(await listTownsPg(pool)).some((town) => town.code === code)) {
        throw new TownAdminError(`There is no town ${code} (npm run town -- list)`);
      }
      const role = need('role');
      if (role !== 'admin' && role !== 'county') throw new TownAdminError('--role is admin or county');
      let password = process.env.TOWN_ACCOUNT_PASSWORD ?? '';
      if (!password) {
        const terminal = createInterface({ input: process.stdin, output: process.stdout });
        password = await terminal.question('Password for the new account (at least 10 characters): ');
        terminal.close();
      }
      const username = need('username');
      // The username, name and password rules of every account (the role is checked above: county is given here).
      const parsed = createUserBodySchema.safeParse({
        username,
        displayName: values.name ?? username,
        role: 'admin',
        unit: null,
        password,
      });
      if (!parsed.success) {
        throw new TownAdminError(
          parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n'),
        );
      }
      const repos = createPgRepositories(createPgDb(pool, code), { photoDir: path.join(dataDir, 'photos') });
      const user = await repos.users.create(
        {
          username: parsed.data.username,
          displayName: parsed.data.displayName,
          role,
          unit: null,
          passwordHash: await hashPassword(parsed.data.password),
        },
        (created) => ({
          actorId: null,
          actorUsername: 'town-cli',
          action: 'user_created',
          targetType: 'user',
          targetId: created.id,
          outcome: 'ok',
          detail: { after: created },
        }),
      );
      if (!user) throw new TownAdminError(`The username ${parsed.data.username} is taken in town ${code}`);
      return `Created ${role} account ${user.username} in town ${code}.`;
    }
    default:
      fail(USAGE, 2);
  }
}

try {
  console.log(await run());
} catch (error) {
  if (error instanceof TownAdminError) fail(error.message);
  throw error;
} finally {
  await pool.end();
}
