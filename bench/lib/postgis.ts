/**
 * A throwaway PostgreSQL + PostGIS cluster for the P6 baseline (src/testing/postgres-cluster.ts starts it), with a
 * client connected to its `postgres` database and PostGIS created there.
 */
import pg from 'pg';
import { startPostgresCluster } from '../../src/testing/postgres-cluster';

export { POSTGIS_INSTALL_HINT } from '../../src/testing/postgres-cluster';

export interface PostgisCluster {
  client: pg.Client;
  /** "PostgreSQL 15.x …; POSTGIS=3.3.2 …" */
  version: string;
  /** The server settings the cluster was started with. */
  settings: string[];
  stop(): Promise<void>;
}

/**
 * Start the cluster, or return the reason it cannot be started (PostGIS not installed, no user to run as …).
 * `settings` go to the postgres command line (`-c name=value`).
 */
export async function startPostgis(settings: string[]): Promise<PostgisCluster | { skipped: string }> {
  const cluster = startPostgresCluster(settings);
  if ('skipped' in cluster) return cluster;
  const client = new pg.Client({ host: cluster.host, user: cluster.user, database: 'postgres' });
  try {
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
        await cluster.stop();
      },
    };
  } catch (error) {
    await client.end().catch(() => undefined);
    await cluster.stop();
    return { skipped: `PostGIS cluster did not start: ${(error as Error).message.split('\n')[0]}` };
  }
}
