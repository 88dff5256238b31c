/**
 * `npm run backup -- --out FILE [--data-dir DIR]`: a hot backup of the database in DATA_DIR (or
 * DIR) while the server keeps running (docs/quality.md R5; restoring: docs/operations.md). Prints
 * the size and page count; on a problem prints one line and exits with 1.
 */
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupDatabase, BackupError } from '../src/server/platform/db/backup';
import { loadServerConfig } from '../src/server/platform/config';
import { databaseFile } from '../src/server/platform/db/connection';

const USAGE = 'usage: npm run backup -- --out FILE [--data-dir DIR]';
const POSTGRES_BACKUP =
  'this server keeps its data in PostgreSQL (DATABASE_URL is set), which npm run backup does not copy: ' +
  'back it up with pg_dump (pg_dump --format=custom --file=FILE "$DATABASE_URL") or continuously with pgBackRest, ' +
  'and the photo bucket with its versioning, as docs/deploy.md "Backups" describes';

async function main(): Promise<string> {
  let values: { out?: string; 'data-dir'?: string };
  try {
    ({ values } = parseArgs({ options: { out: { type: 'string' }, 'data-dir': { type: 'string' } } }));
  } catch (error) {
    throw new BackupError(`${error instanceof Error ? error.message : String(error)} (${USAGE})`);
  }
  if (!values.out?.trim()) throw new BackupError(`--out is required (${USAGE})`);
  const config = values['data-dir']?.trim() ? null : loadServerConfig();
  if (config?.databaseUrl) {
    // PostgreSQL is backed up with its own tools, not by copying a file.
    throw new BackupError(POSTGRES_BACKUP);
  }
  const dataDir = config ? config.dataDir : path.resolve(values['data-dir']!);
  if (!existsSync(dataDir) || !statSync(dataDir).isDirectory()) {
    throw new BackupError(`No data folder at ${dataDir} (set DATA_DIR or pass --data-dir)`);
  }
  const source = databaseFile(dataDir);
  const result = await backupDatabase(source, values.out);
  return (
    `Backed up ${source} to ${result.file}: ${result.bytes} bytes, ${result.pages} pages of ` +
    `${result.pageSize} bytes, integrity_check ok`
  );
}

try {
  console.log(await main());
} catch (error) {
  // One line for the operator (a missing folder, an unwritable target, a bad setting, not a database …).
  console.error(`Backup failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  process.exit(1);
}
