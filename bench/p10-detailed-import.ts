/**
 * P10: work that grows with its input. A generated GeoJSON of detailed polygons (default 1,000 ×
 * 1,751 vertices, ≈ 50 MB, written to bench/out/, never committed) goes through the GIS import of the
 * real server (src/server/main.ts on a fresh data folder): upload, validate (BENCH_P10_RUNS times) and
 * commit; then one 19,000-vertex zone through `POST /api/zones`. Meanwhile a client polls `/api/health`
 * one request after another; its answer times during each step give the p99 the figure asks for. Then the exports
 * and the ledger of a county (the sample town + BENCH_P10_EXPORT_ZONES generated zones, default 11,000), each one GET
 * while health is polled the same way.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { apiLogin, startServer } from '../tests/helpers';
import { prepareScaledDataDir } from '../src/testing/synthetic-zones';
import { ROOT } from './lib/build';
import { median, ms, percentile, seededRandom } from './lib/stats';
import { markdownTable, passText, type FigureResult, type SummaryRow } from './lib/report';

const FEATURES = Number(process.env.BENCH_P10_FEATURES ?? 1000);
const VERTICES = Number(process.env.BENCH_P10_VERTICES ?? 1751);
const RUNS = Number(process.env.BENCH_P10_RUNS ?? 3);
const START_UPS = Number(process.env.BENCH_P10_START_UPS ?? 5);
const BIG_ZONE_VERTICES = 19_000;
/** Zones added to the sample town for the exports' steps: a county's worth (11 towns). */
const EXPORT_ZONES = Number(process.env.BENCH_P10_EXPORT_ZONES ?? 11_000);
/** The exports and reports whose work grows with the zones: each one GET while health is polled. */
const EXPORT_PATHS = [
  '/api/export/zones.geojson',
  '/api/export/zones.gpkg',
  '/api/export/zones.shp.zip',
  '/api/export/zones.kml',
  '/api/export/zones.csv',
  '/api/reports/ledger.xlsx',
  '/api/reports/ledger.csv',
];
const TARGET_VALIDATE_MS = 20_000;
const TARGET_HEALTH_P99_MS = 200;
/** The sample town's outline is around 120.85–120.97, 31.13–31.24: the generated shapes fill its middle. */
const AREA = { west: 120.875, south: 31.155, east: 120.945, north: 31.215 };

/** A wobbly ring of `vertices` positions (closed) around a centre: detailed, simple (no crossing), ~40 m across. */
function detailedRing(lon: number, lat: number, vertices: number, random: () => number, radius = 0.0002) {
  const ring: [number, number][] = [];
  const corners = vertices - 1;
  for (let index = 0; index < corners; index += 1) {
    const angle = (index / corners) * 2 * Math.PI;
    const r = radius * (1 + 0.08 * Math.sin(angle * 7) + 0.02 * random());
    ring.push([lon + r * Math.cos(angle) * 1.17, lat + r * Math.sin(angle)]);
  }
  ring.push([...ring[0]!]);
  return ring.map(([x, y]) => [Number(x.toFixed(10)), Number(y.toFixed(10))] as [number, number]);
}

/** The test file: FEATURES polygons on a grid over the middle of the town, seeded, with a name and an item. */
export function makeDetailedFile(features = FEATURES, vertices = VERTICES): string {
  const random = seededRandom(1510);
  const columns = Math.ceil(Math.sqrt(features * 1.2));
  const rows = Math.ceil(features / columns);
  const list = Array.from({ length: features }, (_, index) => {
    const lon = AREA.west + ((index % columns) + 0.5) * ((AREA.east - AREA.west) / columns);
    const lat = AREA.south + (Math.floor(index / columns) + 0.5) * ((AREA.north - AREA.south) / rows);
    return {
      type: 'Feature',
      properties: { 名称: `详细地块${index + 1}`, 项目: index % 2 ? 'R3' : 'S2' },
      geometry: { type: 'Polygon', coordinates: [detailedRing(lon, lat, vertices, random)] },
    };
  });
  return JSON.stringify({ type: 'FeatureCollection', features: list });
}

interface HealthSample {
  at: number;
  ms: number;
}

/** Poll /api/health back to back (with a short pause) until stopped; every answer's time. */
function pollHealth(baseUrl: string) {
  const samples: HealthSample[] = [];
  let running = true;
  const done = (async () => {
    while (running) {
      const at = performance.now();
      const response = await fetch(`${baseUrl}/api/health`);
      await response.arrayBuffer();
      samples.push({ at, ms: performance.now() - at });
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    between(from: number, to: number) {
      // Every answer that came back during the step (a stall ends when the work that held it does), and one
      // held up through the whole step.
      return samples
        .filter((sample) => {
          const end = sample.at + sample.ms;
          return (end >= from && end <= to) || (sample.at <= from && end >= to);
        })
        .map((sample) => sample.ms);
    },
    async stop() {
      running = false;
      await done;
    },
  };
}

/** The CPU time (user + system, every thread) a process has used, in ms (Linux /proc; 0 elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

async function timed<T>(label: string, work: () => Promise<T>, pid?: number) {
  const cpuBefore = cpuMs(pid);
  const from = performance.now();
  const result = await work();
  const to = performance.now();
  const cpu = cpuMs(pid) - cpuBefore;
  console.log(`  ${label}: ${ms(to - from, 0)} (server CPU ${ms(cpu, 0)})`);
  return { result, from, to, ms: to - from, cpu };
}

async function expectStatus(response: Response, status: number, what: string) {
  const text = await response.text();
  if (response.status !== status) throw new Error(`${what}: HTTP ${response.status} ${text.slice(0, 500)}`);
  return JSON.parse(text || 'null') as unknown;
}

/**
 * Server start-up: spawn to "listening" on an already seeded data folder, START_UPS times (the
 * median), and the server's CPU time until then. sharp, exceljs and turf are loaded when first used.
 */
export async function measureStartUp(): Promise<{ ms: number; cpu: number }> {
  const first = await startServer();
  const dataDir = first.dataDir;
  await first.stop(true);
  const times: number[] = [];
  const cpus: number[] = [];
  try {
    for (let run = 0; run < START_UPS; run += 1) {
      const from = performance.now();
      const server = await startServer({}, { dataDir });
      times.push(performance.now() - from);
      cpus.push(cpuMs(server.process.pid));
      await server.stop(true);
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`  start-up: median ${ms(median(times), 0)} (server CPU ${ms(median(cpus), 0)}) of ${START_UPS}`);
  return { ms: median(times), cpu: median(cpus) };
}

/** Each export of a county's zones (EXPORT_PATHS) on a server over a scaled data folder, timed with health polled. */
async function measureExports() {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'bench-p10-exports-'));
  prepareScaledDataDir(dataDir, EXPORT_ZONES);
  const server = await startServer({}, { dataDir, timeoutMs: 120_000 });
  const health = pollHealth(server.baseUrl);
  const pid = server.process.pid;
  try {
    const cookie = await apiLogin(server.baseUrl, 'leader');
    const steps = [];
    for (const exportPath of EXPORT_PATHS) {
      const step = await timed(
        `GET ${exportPath}`,
        async () => {
          const response = await fetch(`${server.baseUrl}${exportPath}`, { headers: { cookie } });
          const bytes = (await response.arrayBuffer()).byteLength;
          if (response.status !== 200) throw new Error(`${exportPath}: HTTP ${response.status}`);
          return bytes;
        },
        pid,
      );
      steps.push({ name: `GET ${exportPath} (${(step.result / 1024 / 1024).toFixed(1)} MiB)`, step });
    }
    return { steps, healthOf: health.between };
  } finally {
    await health.stop();
    await server.stop(true);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function runP10(): Promise<FigureResult> {
  const startUp = await measureStartUp();
  const exports = await measureExports();
  const generated = performance.now();
  const text = makeDetailedFile();
  const out = path.join(ROOT, 'bench/out');
  mkdirSync(out, { recursive: true });
  const file = path.join(out, 'p10-detailed.geojson');
  writeFileSync(file, text);
  const megabytes = text.length / 1024 / 1024;
  console.log(
    `  wrote ${FEATURES} polygons × ${VERTICES} vertices, ${megabytes.toFixed(1)} MiB, in ${ms(performance.now() - generated, 0)}`,
  );
  const server = await startServer({ IMPORT_WORKER_TIMEOUT_SECONDS: '600' });
  const health = pollHealth(server.baseUrl);
  const pid = server.process.pid;
  try {
    const cookie = await apiLogin(server.baseUrl, 'planner');
    const json = (body: unknown) => ({
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: server.baseUrl },
      body: JSON.stringify(body),
    });
    // The machine's own noise: health answer times with nothing else running on the server.
    const idle = await timed('idle', () => new Promise((resolve) => setTimeout(resolve, 5000)), pid);
    const form = new FormData();
    form.append('file', new Blob([text]), 'detailed.geojson');
    const upload = await timed(
      'upload + preview',
      async () =>
        expectStatus(
          await fetch(`${server.baseUrl}/api/imports`, {
            method: 'POST',
            headers: { cookie, origin: server.baseUrl },
            body: form,
          }),
          201,
          'upload',
        ),
      pid,
    );
    const id = (upload.result as { id: string }).id;
    const body = { mapping: { name: '名称', category: '项目' }, options: { crs: 'EPSG:4326' } };
    const validations: Awaited<ReturnType<typeof timed>>[] = [];
    let report: { valid: number; invalid: number; entries: { reason: string | null }[] } | null = null;
    for (let run = 0; run < RUNS; run += 1) {
      const validation = await timed(
        `validate ${run + 1}`,
        async () =>
          expectStatus(await fetch(`${server.baseUrl}/api/imports/${id}/validate`, json(body)), 200, 'validate'),
        pid,
      );
      validations.push(validation);
      report = validation.result as typeof report;
    }
    const reasons = new Map<string, number>();
    for (const entry of report!.entries)
      if (entry.reason) reasons.set(entry.reason, (reasons.get(entry.reason) ?? 0) + 1);
    console.log(
      `  report: ${report!.valid} valid, ${report!.invalid} invalid (${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ') || 'none'})`,
    );
    const commit = await timed(
      'commit',
      async () =>
        expectStatus(
          await fetch(`${server.baseUrl}/api/imports/${id}/commit`, json({ ...body, skipInvalid: true })),
          201,
          'commit',
        ),
      pid,
    );
    const big = {
      type: 'Feature',
      properties: { name: '一万九千点地块', category: 'R4', plannedStart: '2026-06-01', plannedEnd: '2026-12-31' },
      geometry: {
        type: 'Polygon',
        coordinates: [detailedRing(120.9, 31.19, BIG_ZONE_VERTICES, () => 0.5, 0.002)],
      },
    };
    const single = await timed(
      `POST /api/zones, ${BIG_ZONE_VERTICES} vertices`,
      async () => expectStatus(await fetch(`${server.baseUrl}/api/zones`, json(big)), 201, 'create zone'),
      pid,
    );

    const healthOf = (from: number, to: number, between = health.between) => {
      const values = between(from, to);
      return values.length ? { count: values.length, p99: percentile(values, 99), max: Math.max(...values) } : null;
    };
    const validateMedian = median(validations.map((entry) => entry.ms));
    const validateCpuMedian = median(validations.map((entry) => entry.cpu));
    const phases = [
      { name: 'nothing (idle, 5 s)', step: idle },
      { name: 'upload + preview', step: upload },
      ...validations.map((step, index) => ({ name: `validate ${index + 1}`, step })),
      { name: 'commit', step: commit },
      { name: `POST /api/zones (${BIG_ZONE_VERTICES} vertices)`, step: single },
    ]
      .map(({ name, step }) => ({ name, ms: step.ms, cpu: step.cpu, health: healthOf(step.from, step.to) }))
      .concat(
        exports.steps.map(({ name, step }) => ({
          name: `${name}, ${EXPORT_ZONES.toLocaleString('en')} + sample zones`,
          ms: step.ms,
          cpu: step.cpu,
          health: healthOf(step.from, step.to, exports.healthOf),
        })),
      );
    const healthPass = phases.every((phase) => !phase.health || phase.health.p99 <= TARGET_HEALTH_P99_MS);
    const validatePass = validateMedian <= TARGET_VALIDATE_MS;
    const rows: SummaryRow[] = [
      {
        measure: `server start-up (median of ${START_UPS})`,
        value: `${ms(startUp.ms, 0)} (server CPU ${ms(startUp.cpu, 0)})`,
      },
      { measure: 'file', value: `${FEATURES} polygons × ${VERTICES} vertices, ${megabytes.toFixed(1)} MiB GeoJSON` },
      {
        measure: `validate (median of ${RUNS})`,
        value: `${ms(validateMedian, 0)} (server CPU ${ms(validateCpuMedian, 0)})`,
        target: `≤ ${TARGET_VALIDATE_MS / 1000} s`,
        pass: validatePass,
      },
      ...phases.map((phase) => ({
        measure: `health during ${phase.name} (${ms(phase.ms, 0)}, CPU ${ms(phase.cpu, 0)})`,
        value: phase.health
          ? `p99 ${ms(phase.health.p99, 0)}, max ${ms(phase.health.max, 0)} (${phase.health.count} answers)`
          : 'no answer',
        target: `p99 ≤ ${TARGET_HEALTH_P99_MS} ms`,
        pass: phase.health ? phase.health.p99 <= TARGET_HEALTH_P99_MS : true,
      })),
    ];
    const markdown = [
      `A generated GeoJSON of ${FEATURES} polygons of ${VERTICES} vertices each (${megabytes.toFixed(1)} MiB, seeded, in the middle`,
      'of the sample town; generated at each run, never committed) goes through the GIS import of the real server',
      '(fresh data folder): upload and preview, validate with a field mapping (name, item), commit with `skipInvalid`;',
      `then one ${BIG_ZONE_VERTICES.toLocaleString('en')}-vertex zone is created with \`POST /api/zones\`. Then, on a server over`,
      `the sample town and ${EXPORT_ZONES.toLocaleString('en')} generated zones (a county), each GIS export and the ledger is`,
      'downloaded once (large ones are written in a worker thread, src/server/modules/gis/export/off-thread.ts). A client polls',
      '`/api/health` one request after another (20 ms apart) all along; the table gives its answer times during each step',
      '(every answer that came back during the step, and one held up through all of it). The idle',
      "row is the machine's own noise: health answer times with nothing else running on the server.",
      `The report: ${report!.valid} valid, ${report!.invalid} refused (${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ') || 'none'}).`,
      '',
      markdownTable(
        ['step', 'took', 'server CPU (all threads)', '/api/health while it ran', 'result'],
        phases.map((phase) => [
          phase.name,
          ms(phase.ms, 0),
          ms(phase.cpu, 0),
          phase.health
            ? `p99 ${ms(phase.health.p99, 0)}, max ${ms(phase.health.max, 0)}, ${phase.health.count} answers`
            : 'no answer',
          phase.health ? passText(phase.health.p99 <= TARGET_HEALTH_P99_MS) : '',
        ]),
      ),
      '',
      `Server start-up (spawn to listening on a seeded data folder, median of ${START_UPS}): ${ms(startUp.ms, 0)}, server CPU`,
      `${ms(startUp.cpu, 0)}; sharp, exceljs and turf are loaded when first used, not at start-up.`,
      '',
      `Validate, median of ${RUNS}: ${ms(validateMedian, 0)} (target ≤ ${TARGET_VALIDATE_MS / 1000} s): ${passText(validatePass)}; the server's CPU time`,
      `for it (median) ${ms(validateCpuMedian, 0)}. "Server CPU" is the server process's user + system time over all its threads`,
      '(`/proc/PID/stat`): on a shared machine the wall time also holds waiting for a core, the CPU time does not.',
    ].join('\n');
    return {
      id: 'P10',
      title: "detailed shapes: a 50 MB import validated off the event loop; a county's exports",
      command: 'npm run bench -- p10',
      target: `a 50 MB file of 1,000 detailed polygons validated in ≤ 20 s; /api/health p99 ≤ ${TARGET_HEALTH_P99_MS} ms while it or an export runs`,
      pass: healthPass && validatePass,
      rows,
      markdown,
    };
  } finally {
    await health.stop();
    await server.stop();
  }
}
