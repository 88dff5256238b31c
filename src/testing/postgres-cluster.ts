/**
 * A throwaway PostgreSQL + PostGIS cluster for tests and the bench: initdb in a temporary folder, listening on a
 * unix socket in that folder only (no TCP port), stopped and deleted afterwards. Debian's packages
 * (`apt-get install postgresql-15-postgis-3`) put the binaries in /usr/lib/postgresql/<major>/bin. initdb refuses
 * to run as root, so as root the cluster runs as the `postgres` system user (made by the Debian package), or
 * `nobody`, through runuser.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/** Where a started cluster is (plain data: it can be written to a file and stopped from another process). */
export interface PostgresClusterInfo {
  /** The temporary folder: data directory, log and unix socket. */
  folder: string;
  /** The socket folder, the `host` of a connection. */
  host: string;
  user: 'postgres';
  bin: string;
  /** The system user the server runs as (root only), or null. */
  runAs: string | null;
}

export interface PostgresCluster extends PostgresClusterInfo {
  /** A connection URL for a database of this cluster (socket folder as the host). */
  url(database: string): string;
  stop(): Promise<void>;
}

export const POSTGIS_INSTALL_HINT = 'install postgresql-15-postgis-3';

/** The bin folder of the newest installed PostgreSQL that has PostGIS, or null. */
function findPostgres(): { bin: string; shareDir: string } | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const bin = path.join(root, major, 'bin');
    const shareDir = `/usr/share/postgresql/${major}`;
    if (existsSync(path.join(bin, 'initdb')) && existsSync(path.join(shareDir, 'extension', 'postgis.control'))) {
      return { bin, shareDir };
    }
  }
  return null;
}

function systemUser(name: string): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
    return Number.isInteger(uid) && Number.isInteger(gid) ? { uid, gid } : null;
  } catch {
    return null;
  }
}

function runTool(info: Pick<PostgresClusterInfo, 'bin' | 'runAs'>, command: string, args: string[]): void {
  const file = path.join(info.bin, command);
  const result = info.runAs
    ? spawnSync('runuser', ['-u', info.runAs, '--', file, ...args], { encoding: 'utf8' })
    : spawnSync(file, args, { encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`${command} failed (${result.status}): ${result.stderr || result.stdout || result.error}`);
  }
}

export const postgresUrl = (info: PostgresClusterInfo, database: string) =>
  `postgres://${info.user}@${encodeURIComponent(info.host)}/${database}`;

/** Stop a cluster (fast: `-m immediate`, nothing in it is kept) and delete its folder. */
export function stopPostgresCluster(info: PostgresClusterInfo): void {
  try {
    runTool(info, 'pg_ctl', ['-D', path.join(info.folder, 'data'), '-m', 'immediate', '-w', 'stop']);
  } catch (error) {
    console.error(`  could not stop the PostgreSQL cluster: ${(error as Error).message}`);
  }
  rmSync(info.folder, { recursive: true, force: true });
}

/**
 * Start the cluster, or return the reason it cannot be started (PostGIS not installed, no user to run as …).
 * `settings` go to the postgres command line (`-c name=value`). The server runs detached: stop it with `stop()`
 * or `stopPostgresCluster(info)`.
 */
export function startPostgresCluster(settings: readonly string[] = []): PostgresCluster | { skipped: string } {
  const found = findPostgres();
  if (!found) return { skipped: POSTGIS_INSTALL_HINT };
  const asRoot = userInfo().uid === 0;
  const runAs = asRoot
    ? (['postgres', 'nobody'].map((name) => ({ name, ids: systemUser(name) })).find((u) => u.ids) ?? null)
    : null;
  if (asRoot && !runAs) return { skipped: 'running as root and no `postgres` or `nobody` user to run PostgreSQL as' };
  const folder = mkdtempSync(path.join(tmpdir(), 'jinxi-pg-'));
  if (runAs) chownSync(folder, runAs.ids!.uid, runAs.ids!.gid);
  const info: PostgresClusterInfo = {
    folder,
    host: folder,
    user: 'postgres',
    bin: found.bin,
    runAs: runAs?.name ?? null,
  };
  const data = path.join(folder, 'data');
  const options = [`-c listen_addresses=''`, `-c unix_socket_directories=${folder}`, ...settings.map((s) => `-c ${s}`)];
  let started = false;
  try {
    runTool(info, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
    runTool(info, 'pg_ctl', [
      '-D',
      data,
      '-o',
      options.join(' '),
      '-l',
      path.join(folder, 'postgres.log'),
      '-w',
      'start',
    ]);
    started = true;
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    return { skipped: `PostgreSQL cluster did not start: ${(error as Error).message.split('\n')[0]}` };
  }
  return {
    ...info,
    url: (database) => postgresUrl(info, database),
    async stop() {
      if (!started) return;
      started = false;
      stopPostgresCluster(info);
    },
  };
}

/** Where a vitest run keeps the info of its one cluster (src/testing/postgres.ts, src/testing/global-setup.ts). */
export const CLUSTER_FILE = 'postgres.json';
