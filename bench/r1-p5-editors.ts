/**
 * R1 and P5: concurrent editors against the real server (src/server/main.ts on a fresh data folder,
 * SQLite in WAL with synchronous=FULL). Each of N editors logs in, then loops GET → change → PATCH
 * with If-Match on a few hot zones. Counts lost updates (each success appends a token to the zone's
 * notes: all of them must be there at the end), 5xx answers, and the latency of every write.
 */
import { apiLogin, startServer, type RunningServer } from '../tests/helpers';
import { startPostgresCluster } from '../src/testing/postgres-cluster';
import { createPgPool } from '../src/server/platform/db/pg/pool';
import { median, ms, p95 } from './lib/stats';
import { markdownTable, passText, type FigureResult, type SummaryRow } from './lib/report';

const EDITORS = Number(process.env.BENCH_EDITORS ?? 50);
const ROUNDS = Number(process.env.BENCH_EDITOR_ROUNDS ?? 20);
const HOT_ZONES = 4;
const TARGET_P95_MS = 50;

interface EngineRun {
  engine: string;
  rows: SummaryRow[];
  r1Pass: boolean;
  p5Pass: boolean;
}

/** The torture and paced phases against one running server. */
async function measureEditors(server: RunningServer, engine: string): Promise<EngineRun> {
  const admin = await apiLogin(server.baseUrl, 'planner');
  const zones = (await (await fetch(`${server.baseUrl}/api/zones`, { headers: { cookie: admin } })).json()) as {
    features: { id: string; properties: { version: number } }[];
  };
  const hot = zones.features.slice(0, HOT_ZONES).map((zone) => zone.id);
  const startVersions = new Map(zones.features.slice(0, HOT_ZONES).map((zone) => [zone.id, zone.properties.version]));
  // Start every zone's notes empty, so the tokens can be counted.
  for (const id of hot) {
    const read = await fetch(`${server.baseUrl}/api/zones/${id}`, { headers: { cookie: admin } });
    const response = await fetch(`${server.baseUrl}/api/zones/${id}`, {
      method: 'PATCH',
      headers: { cookie: admin, 'content-type': 'application/json', 'if-match': read.headers.get('etag')! },
      body: JSON.stringify({ properties: { notes: '' } }),
    });
    if (!response.ok) throw new Error(`reset failed: ${response.status}`);
    startVersions.set(id, startVersions.get(id)! + 1);
  }
  // One login after another: parallel logins of one account from one address are throttled (docs/quality.md R13).
  const cookies: string[] = [];
  for (let editor = 0; editor < EDITORS; editor += 1) cookies.push(await apiLogin(server.baseUrl, 'planner'));
  const latencies: number[] = [];
  const pacedLatencies: number[] = [];
  const statuses = new Map<number, number>();
  const wins = new Map(hot.map((id) => [id, 0]));
  const started = performance.now();
  // Phase 1, torture: no pause between edits. Phase 2, paced: each editor pauses 100–500 ms between edits,
  // still all 50 at once (people do not save every few milliseconds).
  const phase = (thinkTime: boolean, into: number[]) =>
    Promise.all(
      cookies.map(async (cookie, editor) => {
        for (let round = 0; round < ROUNDS; round += 1) {
          if (thinkTime) await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 400));
          const id = hot[(editor + round) % hot.length]!;
          const read = await fetch(`${server.baseUrl}/api/zones/${id}`, { headers: { cookie } });
          const etag = read.headers.get('etag')!;
          const zone = (await read.json()) as { properties: { notes: string } };
          const before = performance.now();
          const response = await fetch(`${server.baseUrl}/api/zones/${id}`, {
            method: 'PATCH',
            headers: { cookie, 'content-type': 'application/json', 'if-match': etag },
            body: JSON.stringify({ properties: { notes: `${zone.properties.notes}|${editor}.${round}` } }),
          });
          await response.arrayBuffer();
          into.push(performance.now() - before);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          if (response.status === 200) wins.set(id, wins.get(id)! + 1);
        }
      }),
    );
  await phase(false, latencies);
  const seconds = (performance.now() - started) / 1000;
  const pacedStarted = performance.now();
  await phase(true, pacedLatencies);
  const pacedSeconds = (performance.now() - pacedStarted) / 1000;
  let lost = 0;
  let versionMismatch = 0;
  for (const id of hot) {
    const zone = (await (await fetch(`${server.baseUrl}/api/zones/${id}`, { headers: { cookie: admin } })).json()) as {
      properties: { notes: string; version: number };
    };
    const tokens = zone.properties.notes.split('|').filter(Boolean).length;
    lost += wins.get(id)! - tokens;
    if (zone.properties.version !== startVersions.get(id)! + wins.get(id)!) versionMismatch += 1;
  }
  const fiveXX = [...statuses].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);
  const other = [...statuses].filter(([status]) => status !== 200 && status !== 412).reduce((sum, [, n]) => sum + n, 0);
  const r1Pass = lost === 0 && fiveXX === 0 && other === 0 && versionMismatch === 0;
  const writeP95 = p95(pacedLatencies);
  const p5Pass = writeP95 <= TARGET_P95_MS;
  const successes = statuses.get(200) ?? 0;
  const rows: SummaryRow[] = [
    {
      measure: `${engine}: editors × rounds on ${HOT_ZONES} hot zones, twice`,
      value: `${EDITORS} × ${ROUNDS} writes each phase: torture ${seconds.toFixed(1)} s, paced ${pacedSeconds.toFixed(1)} s`,
    },
    {
      measure: `${engine}: R1 successful / 412 / other`,
      value: `${successes} / ${statuses.get(412) ?? 0} / ${other}`,
    },
    {
      measure: `${engine}: R1 lost updates, 5xx, version ≠ successes`,
      value: `${lost}, ${fiveXX}, ${versionMismatch}`,
      target: '0, 0, 0',
      pass: r1Pass,
    },
    {
      measure: `${engine}: write latency, torture (no pause)`,
      value: `median ${ms(median(latencies))}, p95 ${ms(p95(latencies))}`,
    },
    {
      measure: `${engine}: P5 write latency, paced (100–500 ms pauses)`,
      value: `median ${ms(median(pacedLatencies))}, p95 ${ms(writeP95)}`,
      target: `p95 ≤ ${TARGET_P95_MS} ms`,
      pass: p5Pass,
    },
  ];
  return { engine, rows, r1Pass, p5Pass };
}

/**
 * R1/P5 on SQLite (the default: a fresh data folder) and on PostgreSQL (a throwaway cluster, the server with
 * DATABASE_URL), one after the other in one run.
 */
export async function runR1P5(): Promise<FigureResult> {
  const runs: EngineRun[] = [];
  const sqlite = await startServer();
  try {
    runs.push(await measureEditors(sqlite, 'SQLite'));
  } finally {
    await sqlite.stop();
  }
  let pgSkipped: string | null = null;
  const cluster = startPostgresCluster();
  if ('skipped' in cluster) pgSkipped = cluster.skipped;
  else {
    try {
      const admin = createPgPool(cluster.url('postgres'), { max: 1 });
      await admin.query('CREATE DATABASE bench');
      await admin.end();
      const server = await startServer({ DATABASE_URL: cluster.url('bench') }, { timeoutMs: 120_000 });
      try {
        runs.push(await measureEditors(server, 'PostgreSQL'));
      } finally {
        await server.stop();
      }
    } finally {
      await cluster.stop();
    }
  }
  const rows = [
    ...runs.flatMap((run) => run.rows),
    ...(pgSkipped ? [{ measure: 'PostgreSQL', value: `skipped: ${pgSkipped}` }] : []),
  ];
  const r1Pass = runs.every((run) => run.r1Pass);
  const p5Pass = runs.every((run) => run.p5Pass);
  const markdown = [
    `${EDITORS} editors (separate sessions) each loop ${ROUNDS} times GET → change → PATCH with If-Match on ${HOT_ZONES}`,
    'hot zones of the real server, all at once over loopback: first on SQLite (fresh data folder, WAL,',
    '`synchronous=FULL`), then on PostgreSQL 15 + PostGIS 3 (a throwaway cluster with its default durability, the',
    'server started with `DATABASE_URL`, a pool of 10).',
    "Each successful write appends a token to the zone's notes: every token must be there at the end.",
    '',
    markdownTable(
      ['measure', 'value', 'target', 'result'],
      rows.map((row) => [row.measure, row.value, row.target ?? '', row.pass === undefined ? '' : passText(row.pass)]),
    ),
    '',
    'Latency is measured by the client (Node fetch) from sending the PATCH to reading its answer, so it includes HTTP and',
    `the ${EDITORS}-way contention on one Node process; 412 answers are counted in it too. The torture phase fires the`,
    'next edit as soon as the last one answers, so its latency is mostly queueing behind the other 49 editors; P5 is',
    'judged on the paced phase, in which the same 50 editors pause 100–500 ms between edits (still far faster than people).',
  ].join('\n');
  return {
    id: 'R1P5',
    title: 'R1 lost-update torture and P5 write latency at 50 editors, SQLite and PostgreSQL',
    command: 'npm run bench -- r1p5',
    target: `R1: 0 lost updates, 0 5xx, every loser 412, final version = successes. P5: p95 ≤ ${TARGET_P95_MS} ms per edit.`,
    pass: r1Pass && p5Pass,
    rows,
    markdown,
  };
}
