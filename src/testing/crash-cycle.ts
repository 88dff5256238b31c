/**
 * R4 crash consistency (docs/quality.md): start the real server (src/server/main.ts, its production entry, on a
 * data folder kept across cycles: SQLite WAL, synchronous=FULL), run concurrent writers that record every write
 * the server acknowledged, `kill -9` it at a random moment, start it again, and check that `PRAGMA integrity_check`
 * is ok and every acknowledged write is there. Used by bench/r4-crash.ts (100 cycles) and by
 * src/server/crash-consistency.test.ts (a few cycles in `npm test`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { apiLogin, startServer, type RunningServer } from './server-process';

/** A zone PATCH (If-Match) the server answered 200: its new version must hold the token. */
interface AckedPatch {
  zoneId: number;
  version: number;
  token: string;
}
/** A 数字城管 case report the server answered 201: the case must be there with the token as its description. */
interface AckedCase {
  caseId: number;
  token: string;
}
/** A task creation the server answered 201. */
interface AckedTask {
  taskId: number;
  zoneId: number;
  token: string;
}

export interface CrashCycle {
  cycle: number;
  /** Time from spawning the server to "listening" (it opened, recovered and migrated the database). */
  startMs: number;
  /** When the kill came, after the cycle's first acknowledged write. */
  killAfterMs: number;
  ackedPatches: number;
  ackedTasks: number;
  ackedCases: number;
  /** Requests sent but not answered when the server died (may or may not have committed). */
  inFlight: number;
  /** Other answers (412 races between writers …); 5xx are counted separately. */
  refused: number;
  serverErrors: number;
}

export interface CrashCheck {
  afterCycle: number;
  /** As the database file says (WAL is persistent; synchronous=FULL is set by each connection, see connection.ts). */
  journalMode: string;
  integrity: string;
  foreignKeyProblems: number;
  /** Acknowledged writes not found (all cycles so far). */
  missing: string[];
  checkedWrites: number;
}

export interface CrashReport {
  cycles: CrashCycle[];
  checks: CrashCheck[];
  totalAckedPatches: number;
  totalAckedTasks: number;
  totalAckedCases: number;
  totalInFlight: number;
  /** Every check ok and nothing missing. */
  ok: boolean;
  dataDir: string;
}

export interface CrashOptions {
  cycles: number;
  /** Concurrent writers per cycle (zone PATCHes, task creations and case reports at random). */
  writers?: number;
  /** The kill comes this long after the cycle's first acknowledged write: uniformly in [min, max] ms. */
  killAfterMs?: [number, number];
  /** Seeded random numbers (kill moments, which write next). */
  random?: () => number;
  log?: (line: string) => void;
}

/** Check the database as the restarted server left it (a second connection: WAL lets it read beside the server). */
function checkDatabase(
  file: string,
  patches: readonly AckedPatch[],
  tasks: readonly AckedTask[],
  cases: readonly AckedCase[],
  afterCycle: number,
): CrashCheck {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const integrity = (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((row) => row.integrity_check)
      .join('; ');
    const foreignKeyProblems = (db.pragma('foreign_key_check') as unknown[]).length;
    const journalMode = String(db.pragma('journal_mode', { simple: true }));
    const version = db.prepare('SELECT snapshot_json FROM zone_versions WHERE zone_id = ? AND version = ?');
    const current = db.prepare('SELECT version FROM zones WHERE id = ?');
    const task = db.prepare('SELECT title, zone_id FROM tasks WHERE id = ?');
    const reported = db.prepare('SELECT description FROM cases WHERE id = ?');
    const missing: string[] = [];
    const highest = new Map<number, number>();
    for (const patch of patches) {
      const row = version.get(patch.zoneId, patch.version) as { snapshot_json: string } | undefined;
      const notes = row ? (JSON.parse(row.snapshot_json) as { notes?: string }).notes : undefined;
      if (notes !== patch.token) missing.push(`zone ${patch.zoneId} version ${patch.version} (${patch.token})`);
      highest.set(patch.zoneId, Math.max(highest.get(patch.zoneId) ?? 0, patch.version));
    }
    for (const [zoneId, acked] of highest) {
      const row = current.get(zoneId) as { version: number } | undefined;
      if (!row || row.version < acked)
        missing.push(`zone ${zoneId} is at version ${row?.version}, ${acked} was acknowledged`);
    }
    for (const created of tasks) {
      const row = task.get(created.taskId) as { title: string; zone_id: number } | undefined;
      if (!row || row.title !== created.token || row.zone_id !== created.zoneId)
        missing.push(`task ${created.taskId} (${created.token})`);
    }
    for (const created of cases) {
      const row = reported.get(created.caseId) as { description: string } | undefined;
      if (!row || row.description !== created.token) missing.push(`case ${created.caseId} (${created.token})`);
    }
    return {
      afterCycle,
      journalMode,
      integrity,
      foreignKeyProblems,
      missing,
      checkedWrites: patches.length + tasks.length + cases.length,
    };
  } finally {
    db.close();
  }
}

/** Run the cycles; the data folder is removed at the end unless a check failed (then it is kept and named). */
export async function runCrashCycles(options: CrashOptions): Promise<CrashReport> {
  const writers = options.writers ?? 6;
  const [killMin, killMax] = options.killAfterMs ?? [0, 400];
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => undefined);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'jinxi-r4-'));
  const file = path.join(dataDir, 'jinxi.sqlite');
  const patches: AckedPatch[] = [];
  const tasks: AckedTask[] = [];
  const cases: AckedCase[] = [];
  const cycles: CrashCycle[] = [];
  const checks: CrashCheck[] = [];
  let cookie = '';
  /** 监督员 (inspector) reports cases; the planner edits zones and adds tasks. */
  let inspectorCookie = '';
  let zones: { id: number; leadUnit: string }[] = [];
  let server: RunningServer | null = null;
  try {
    for (let cycle = 1; cycle <= options.cycles + 1; cycle += 1) {
      const started = performance.now();
      server = await startServer({ NODE_ENV: '', LOG_REQUESTS: '' }, { dataDir, timeoutMs: 60_000 });
      const startMs = performance.now() - started;
      if (cycle > 1) {
        const check = checkDatabase(file, patches, tasks, cases, cycle - 1);
        checks.push(check);
        if (check.integrity !== 'ok' || check.missing.length > 0 || check.foreignKeyProblems > 0) {
          log(
            `  after cycle ${cycle - 1}: integrity ${check.integrity}, missing ${check.missing.slice(0, 5).join(', ')}`,
          );
        }
      }
      if (cycle > options.cycles) break;
      const { baseUrl } = server;
      if (!cookie) {
        cookie = await apiLogin(baseUrl, 'planner');
        inspectorCookie = await apiLogin(baseUrl, 'inspector');
        const body = (await (await fetch(`${baseUrl}/api/zones`, { headers: { cookie } })).json()) as {
          features: { id: number; properties: { leadUnit: string } }[];
        };
        zones = body.features.slice(0, Math.max(2, Math.ceil(writers / 2))).map((feature) => ({
          id: Number(feature.id),
          leadUnit: feature.properties.leadUnit,
        }));
      }
      const stats = { ackedPatches: 0, ackedTasks: 0, ackedCases: 0, inFlight: 0, refused: 0, serverErrors: 0 };
      let dead = false;
      let firstAck: () => void = () => undefined;
      const acknowledged = new Promise<void>((resolve) => (firstAck = resolve));
      const writer = async (writerIndex: number) => {
        for (let n = 0; !dead; n += 1) {
          const zone = zones[(writerIndex + n) % zones.length]!;
          const token = `r4-${cycle}-${writerIndex}-${n}`;
          stats.inFlight += 1;
          try {
            const pick = random();
            if (pick >= 0.8) {
              // A case reported near the town centre.
              const response = await fetch(`${baseUrl}/api/cases`, {
                method: 'POST',
                headers: { cookie: inspectorCookie, 'content-type': 'application/json' },
                body: JSON.stringify({
                  code: '06010',
                  lon: 120.905 + random() * 0.01,
                  lat: 31.18 + random() * 0.01,
                  description: token,
                }),
              });
              const answer = (await response.json()) as { id?: string | number };
              stats.inFlight -= 1;
              if (response.status === 201 && answer.id !== undefined) {
                cases.push({ caseId: Number(answer.id), token });
                stats.ackedCases += 1;
                firstAck();
              } else if (response.status >= 500) stats.serverErrors += 1;
              else stats.refused += 1;
            } else if (pick < 0.5) {
              const read = await fetch(`${baseUrl}/api/zones/${zone.id}`, { headers: { cookie } });
              await read.arrayBuffer();
              const etag = read.headers.get('etag');
              if (!read.ok || !etag) {
                stats.inFlight -= 1;
                stats.refused += 1;
                continue;
              }
              const response = await fetch(`${baseUrl}/api/zones/${zone.id}`, {
                method: 'PATCH',
                headers: { cookie, 'content-type': 'application/json', 'if-match': etag },
                body: JSON.stringify({ properties: { notes: token } }),
              });
              const answer = (await response.json()) as { properties?: { version?: number } };
              stats.inFlight -= 1;
              if (response.status === 200 && answer.properties?.version) {
                patches.push({ zoneId: zone.id, version: answer.properties.version, token });
                stats.ackedPatches += 1;
                firstAck();
              } else if (response.status >= 500) stats.serverErrors += 1;
              else stats.refused += 1;
            } else {
              const response = await fetch(`${baseUrl}/api/zones/${zone.id}/tasks`, {
                method: 'POST',
                headers: { cookie, 'content-type': 'application/json' },
                body: JSON.stringify({ title: token, assignedUnit: zone.leadUnit, dueDate: '2030-01-01' }),
              });
              const answer = (await response.json()) as { id?: number };
              stats.inFlight -= 1;
              if (response.status === 201 && answer.id) {
                tasks.push({ taskId: answer.id, zoneId: zone.id, token });
                stats.ackedTasks += 1;
                firstAck();
              } else if (response.status >= 500) stats.serverErrors += 1;
              else stats.refused += 1;
            }
          } catch {
            // The server died under this request: not acknowledged, so it may or may not be there.
            return;
          }
        }
      };
      const running = Array.from({ length: writers }, (_, index) => writer(index));
      const killAfterMs = killMin + random() * (killMax - killMin);
      await Promise.race([acknowledged, server.exited]);
      await new Promise((resolve) => setTimeout(resolve, killAfterMs));
      dead = true;
      server.process.kill('SIGKILL');
      await server.exited;
      server = null;
      await Promise.all(running);
      cycles.push({ cycle, startMs, killAfterMs, ...stats });
      log(
        `  cycle ${cycle}: started in ${startMs.toFixed(0)} ms, killed after ${killAfterMs.toFixed(0)} ms: ` +
          `${stats.ackedPatches} PATCHes + ${stats.ackedTasks} tasks + ${stats.ackedCases} cases acknowledged, ` +
          `${stats.inFlight} in flight`,
      );
    }
  } finally {
    if (server) {
      server.process.kill('SIGKILL');
      await server.exited;
    }
  }
  const ok =
    checks.length === options.cycles &&
    checks.every(
      (check) =>
        check.integrity === 'ok' &&
        check.missing.length === 0 &&
        check.foreignKeyProblems === 0 &&
        check.journalMode === 'wal',
    ) &&
    cycles.every((cycle) => cycle.serverErrors === 0);
  if (ok) rmSync(dataDir, { recursive: true, force: true });
  return {
    cycles,
    checks,
    totalAckedPatches: patches.length,
    totalAckedTasks: tasks.length,
    totalAckedCases: cases.length,
    totalInFlight: cycles.reduce((sum, cycle) => sum + cycle.inFlight, 0),
    ok,
    dataDir,
  };
}
