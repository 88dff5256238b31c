/**
 * A throwaway PostgreSQL + PostGIS cluster for the P6 baseline: initdb in a temporary folder, listening on a
 * unix socket in that folder only (no TCP port), stopped and deleted afterwards. Debian's packages
 * (`apt-get install postgresql-15-postgis-3`) put the binaries in /usr/lib/postgresql/<major>/bin. initdb refuses
 * to run as root, so as root the cluster runs as the `postgres` system user (made by the Debian package), or
 * `nobody`, through runuser.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import pg from 'pg';

export interface PostgisCluster {
  client: pg.Client;
  /** "PostgreSQL 15.x …; POSTGIS=3.3.2 …" */
  version: string;
  /** The server settings the cluster was started with. */
  settings: string[];
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

/**
 * Start the cluster, or return the reason it cannot be started (PostGIS not installed, no user to run as …).
 * `settings` go to the postgres command line (`-c name=value`).
 */
export async function startPostgis(settings: string[]): Promise<PostgisCluster | { skipped: string }> {
  const found = findPostgres();
  if (!found) return { skipped: POSTGIS_INSTALL_HINT };
  const asRoot = userInfo().uid === 0;
  const runAs = asRoot
    ? (['postgres', 'nobody'].map((name) => ({ name, ids: systemUser(name) })).find((u) => u.ids) ?? null)
    : null;
  if (asRoot && !runAs) return { skipped: 'running as root and no `postgres` or `nobody` user to run PostgreSQL as' };
  const folder = mkdtempSync(path.join(tmpdir(), 'jinxi-bench-pg-'));
  if (runAs) chownSync(folder, runAs.ids!.uid, runAs.ids!.gid);
  const run = (command: string, args: string[]) => {
    const file = path.join(found.bin, command);
    const result = runAs
      ? spawnSync('runuser', ['-u', runAs.name, '--', file, ...args], { encoding: 'utf8' })
      : spawnSync(file, args, { encoding: 'utf8' });
    if (result.status !== 0) {
      throw new Error(`${command} failed (${result.status}): ${result.stderr || result.stdout || result.error}`);
    }
  };
  const data = path.join(folder, 'data');
  const options = [`-c listen_addresses=''`, `-c unix_socket_directories=${folder}`, ...settings.map((s) => `-c ${s}`)];
  let started = false;
  const stop = async () => {
    if (started) {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch (error) {
        console.error(`  could not stop the PostGIS cluster: ${(error as Error).message}`);
      }
      started = false;
    }
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
    run('pg_ctl', ['-D', data, '-o', options.join(' '), '-l', path.join(folder, 'postgres.log'), '-w', 'start']);
    started = true;
    const client = new pg.Client({ host: folder, user: 'postgres', database: 'postgres' });
    await client.connect();
    await client.query('CREATE EXTENSION postgis');
    const version = `PostgreSQL ${(await client.query<{ server_version: string }>('SHOW server_version')).rows[0]!.server_version}`;
    const postgis = (await client.query<{ v: string }>('SELECT postgis_full_version() AS v')).rows[0]!.v;
    return {
      client,
      version: `${version}, PostGIS ${/POSTGIS="([^" ]+)/.exec(postgis)?.[1] ?? '?'}, GEOS ${/GEOS="([^"-]+)/.exec(postgis)?.[1] ?? '?'}`,
      settings,
      async stop() {
        await client.end().catch(() => undefined);
        await stop();
      },
    };
  } catch (error) {
    await stop();
    return { skipped: `PostGIS cluster did not start: ${(error as Error).message.split('\n')[0]}` };
  }
}
