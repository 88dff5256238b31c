import { isIP } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostname } from 'node:os';
import type { BasemapOption } from '../../shared/geo/basemap';
import { dingtalkSecretError, webhookUrlError } from '../../shared/notifications/notification';
import type { S3Settings } from './storage/s3-photo-files';
import { TOWN_CODE } from '../../shared/county/county';

/** Town-wide group robots and the delivery worker's pace (docs/notifications.md). */
export interface NotifyEnvironment {
  wecomWebhook?: string;
  dingtalkWebhook?: string;
  dingtalkSecret?: string;
  pollMs: number;
}

export interface ServerConfig {
  /** NOTIFY_WECOM_WEBHOOK, NOTIFY_DINGTALK_WEBHOOK (+ NOTIFY_DINGTALK_SECRET), NOTIFY_POLL_MS. */
  notify: NotifyEnvironment;
  port: number;
  host: string;
  dataDir: string;
  /**
   * DATABASE_URL (postgres://user:password@host:port/database): PostgreSQL/PostGIS instead of SQLite in DATA_DIR.
   * Unset: SQLite, the default.
   */
  databaseUrl: string | undefined;
  /** TOWN: the town code whose schema (`town_<code>`) a PostgreSQL server serves (default jinxi). */
  town: string;
  basemaps: BasemapOption[];
  /** NODE_ENV=production: no sample data, no demo accounts, refuse to run with one. */
  production: boolean;
  publicRead: boolean;
  /** PUBLIC_SITE=1: the residents' site at /public and its /api/public/* routes (docs/public.md); off by default. */
  publicSite: boolean;
  /** Addresses or CIDRs of trusted reverse proxies (TRUST_PROXY); empty: X-Forwarded-* is ignored. */
  trustProxy: string[];
  /** ALLOWED_HOSTS: the Host names answered; '*' answers any (unsafe: DNS rebinding). */
  allowedHosts: string[] | '*';
  /** PUBLIC_ORIGIN: the origin users reach the server at, e.g. https://map.example.org. */
  publicOrigin: string | undefined;
  limits: ConnectionLimits;
  secureCookies: boolean;
  sessionIdleMinutes: number;
  sessionMaxHours: number;
  photos: PhotoSettings;
  /** Where photo files live (PHOTO_STORE): the local disk (DATA_DIR/photos) or an S3-compatible bucket. */
  photoStore: PhotoStoreSettings;
  /** Largest GIS import upload, in MiB (IMPORT_MAX_MB, default 200, at most 2048): larger → 413. */
  importMaxMegabytes: number;
  /** An import worker reading one file is stopped after this long (IMPORT_WORKER_TIMEOUT_SECONDS, default 30): → 422. */
  importWorkerTimeoutSeconds: number;
  /** Imports up to this size (IMPORT_SMALL_FILE_MB, default 5) may use the worker kept for small files. */
  importSmallFileMegabytes: number;
  /** The most one user's unfinished imports may keep on disk, in MiB (IMPORT_STORED_MB_PER_USER, default 400): → 507. */
  importStoredMegabytesPerUser: number;
  /** The most all unfinished imports may keep on disk, in MiB (IMPORT_STORED_MB_TOTAL, default 2048): → 507. */
  importStoredMegabytesTotal: number;
}

/** Limits of photo evidence uploads (R11) and the pairing distance. */
export interface PhotoSettings {
  /** Largest accepted file, in MiB (PHOTO_MAX_MB): larger → 413. */
  maxMegabytes: number;
  /** Largest accepted image, in millions of pixels (PHOTO_MAX_MEGAPIXELS), checked from the header before decoding. */
  maxMegapixels: number;
  /** An after-photo farther than this from its before-photo is flagged (PHOTO_PAIR_MAX_METERS). */
  pairMaxMeters: number;
  /** Upload requests one user may have running at once (PHOTO_UPLOADS_PER_USER): more → 503 with Retry-After. */
  uploadsPerUser: number;
  /** Upload requests running at once in all (PHOTO_UPLOADS_TOTAL): more → 503 with Retry-After. */
  uploadsTotal: number;
}

/** PHOTO_STORE=local (the default: DATA_DIR/photos) or s3 with the bucket's settings. */
export type PhotoStoreSettings = { kind: 'local' } | ({ kind: 's3' } & S3Settings);

/** The variables PHOTO_STORE=s3 needs, each with what it holds (named when missing). */
const S3_VARIABLES = {
  S3_ENDPOINT: "the service's URL, e.g. http://minio.internal:9000",
  S3_BUCKET: "the bucket's name",
  S3_REGION: 'the region, e.g. us-east-1 for MinIO or cn-shanghai',
  AWS_ACCESS_KEY_ID: 'the access key',
  AWS_SECRET_ACCESS_KEY: 'the secret key',
} as const;

/** PHOTO_STORE and, for s3, the bucket's settings: a missing or malformed one stops the server at start. */
export function photoStoreFromEnvironment(env: NodeJS.ProcessEnv): PhotoStoreSettings {
  const kind = env.PHOTO_STORE?.trim().toLowerCase() || 'local';
  if (kind === 'local') return { kind };
  if (kind !== 's3') throw new Error(`PHOTO_STORE must be local or s3, got ${env.PHOTO_STORE?.trim()}`);
  const value = (name: keyof typeof S3_VARIABLES) => env[name]?.trim() ?? '';
  const missing = (Object.keys(S3_VARIABLES) as (keyof typeof S3_VARIABLES)[]).filter((name) => !value(name));
  if (missing.length) {
    throw new Error(
      `PHOTO_STORE=s3 needs ${missing.map((name) => `${name} (${S3_VARIABLES[name]})`).join(', ')}; ` +
        'unset PHOTO_STORE to keep photos on the local disk',
    );
  }
  const endpoint = value('S3_ENDPOINT');
  let url: URL | null = null;
  try {
    url = new URL(endpoint);
  } catch {
    url = null;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.search || url.hash) {
    throw new Error(`S3_ENDPOINT must be an http or https URL such as http://minio.internal:9000, got ${endpoint}`);
  }
  const bucket = value('S3_BUCKET');
  // S3's bucket naming rules (also those of MinIO, OSS and COS): 3–63 lower-case letters, digits, dots, hyphens.
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new Error(
      `S3_BUCKET must be a bucket name (3–63 lower-case letters, digits, dots or hyphens), got ${bucket.slice(0, 80)}`,
    );
  }
  return {
    kind,
    endpoint: url.href.replace(/\/$/, ''),
    bucket,
    region: value('S3_REGION'),
    accessKeyId: value('AWS_ACCESS_KEY_ID'),
    secretAccessKey: value('AWS_SECRET_ACCESS_KEY'),
  };
}

/**
 * This server's own folder for `purpose` (photo uploads in progress when the photos are in a bucket, GIS import
 * uploads and local copies): DATA_DIR/tmp/<purpose>/<host name>-<port> (the process id with PORT=0). Two servers on
 * one machine cannot listen on one port, so servers sharing a DATA_DIR never clear each other's uploads at start-up,
 * while a restarted server clears what it left behind.
 */
export function instanceFolder(
  config: Pick<ServerConfig, 'dataDir' | 'port'>,
  purpose: 'photo-uploads' | 'import-uploads',
): string {
  const instance = `${hostname()}-${config.port === 0 ? `pid${process.pid}` : config.port}`;
  return path.join(config.dataDir, 'tmp', purpose, instance.replace(/[^A-Za-z0-9._-]/g, '_'));
}

/** This server's own folder for photo uploads in progress (instanceFolder). */
export const photoUploadFolder = (config: Pick<ServerConfig, 'dataDir' | 'port'>) =>
  instanceFolder(config, 'photo-uploads');

/** How long slow clients may take, and how many connections one address may hold (docs/quality.md R13). */
export interface ConnectionLimits {
  /** The request line and headers must arrive within this (HEADERS_TIMEOUT_SECONDS). */
  headersTimeoutMs: number;
  /**
   * A body still arriving after this long (BODY_TIMEOUT_SECONDS) must have come at least at
   * `bodyMinBytesPerSecond` on average since the request began, or the connection is closed.
   */
  bodyTimeoutMs: number;
  /** BODY_MIN_KIB_PER_SECOND, in bytes per second. */
  bodyMinBytesPerSecond: number;
  /** Hard ceiling of one request, headers to last body byte (REQUEST_TIMEOUT_SECONDS). */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs: number;
  /** Open connections one client address may hold (MAX_CONNECTIONS_PER_ADDRESS); more are closed at once. */
  maxConnectionsPerAddress: number;
  /** How often timeouts are checked. */
  checkIntervalMs: number;
}

export const DEFAULT_CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeoutMs: 20_000,
  bodyTimeoutMs: 30_000,
  bodyMinBytesPerSecond: 16 * 1024,
  requestTimeoutMs: 3_600_000,
  keepAliveTimeoutMs: 72_000,
  maxConnectionsPerAddress: 256,
  checkIntervalMs: 1_000,
};

export const DEFAULT_PHOTO_SETTINGS: PhotoSettings = {
  maxMegabytes: 25,
  maxMegapixels: 50,
  pairMaxMeters: 15,
  uploadsPerUser: 2,
  uploadsTotal: 8,
};

/** A number above 0 and at most `max` (decimals allowed), or the fallback when unset. */
function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number, unit: string): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!(Number.isFinite(value) && value > 0 && value <= max)) {
    throw new Error(`${name} must be a number above 0 and at most ${max} (${unit}), got ${raw}`);
  }
  return value;
}

/**
 * A whole number from `min` to `max` (digits only: no sign, decimals or exponent), or the fallback
 * when unset. The session code turns these into cookie Max-Age seconds and dates, which must be
 * whole and finite.
 */
function wholeNumber(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  [min, max]: readonly [number, number],
  unit: string,
): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = /^\d{1,6}$/.test(raw) ? Number(raw) : NaN;
  if (!(value >= min && value <= max)) {
    throw new Error(`${name} must be a whole number from ${min} to ${max} (${unit}), got ${raw}`);
  }
  return value;
}

/** Session lifetimes: whole hours 1–720 after login, whole minutes 5–1440 idle and never longer than the former. */
export function sessionSettingsFromEnvironment(env: NodeJS.ProcessEnv): {
  sessionIdleMinutes: number;
  sessionMaxHours: number;
} {
  const sessionMaxHours = wholeNumber(env, 'SESSION_MAX_HOURS', 12, [1, 720], 'hours');
  const sessionIdleMinutes = wholeNumber(env, 'SESSION_IDLE_MINUTES', 120, [5, 1440], 'minutes');
  if (sessionIdleMinutes > sessionMaxHours * 60) {
    throw new Error(
      `SESSION_IDLE_MINUTES must not be longer than SESSION_MAX_HOURS (${sessionMaxHours} h = ${sessionMaxHours * 60} minutes), got ${sessionIdleMinutes}` +
        (env.SESSION_IDLE_MINUTES?.trim() ? '' : ' (the default)'),
    );
  }
  return { sessionIdleMinutes, sessionMaxHours };
}

const flag = (env: NodeJS.ProcessEnv, name: string) =>
  ['1', 'true', 'yes'].includes((env[name] ?? '').trim().toLowerCase());

const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

function tiandituUrls(layer: string, key: string): string[] {
  return Array.from(
    { length: 8 },
    (_, index) =>
      `https://t${index}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}` +
      `&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  );
}

/** Online basemaps offered to users, from configuration only: none when nothing is configured. */
export function basemapsFromEnvironment(env: NodeJS.ProcessEnv): BasemapOption[] {
  const options: BasemapOption[] = [];
  const key = env.TIANDITU_KEY?.trim();
  if (key) {
    options.push(
      {
        id: 'tianditu-vec',
        tiles: tiandituUrls('vec', key),
        labelTiles: tiandituUrls('cva', key),
        attribution: '© 天地图 (GS(2024)0568号)',
        maxZoom: 18,
      },
      {
        id: 'tianditu-img',
        tiles: tiandituUrls('img', key),
        labelTiles: tiandituUrls('cia', key),
        attribution: '© 天地图 (GS(2024)0568号)',
        maxZoom: 18,
      },
    );
  }
  const osm = env.OSM_TILE_URL?.trim();
  if (osm) {
    const url = osm === 'default' ? 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' : osm;
    if (!/^https:\/\/[^\s]+\{z\}[^\s]*$/.test(url)) {
      throw new Error('OSM_TILE_URL must be an https URL template containing {z}, {x} and {y}, or "default"');
    }
    options.push({ id: 'osm', tiles: [url], attribution: '© OpenStreetMap contributors', maxZoom: 19 });
  }
  return options;
}

/** Origins the browser will fetch tiles from, for the Content-Security-Policy. */
export function tileOrigins(basemaps: readonly BasemapOption[]): string[] {
  const origins = new Set<string>();
  for (const option of basemaps) {
    for (const url of [...option.tiles, ...(option.labelTiles ?? [])]) {
      origins.add(new URL(url.replace(/[{}]/g, '')).origin);
    }
  }
  return [...origins];
}

export function photoSettingsFromEnvironment(env: NodeJS.ProcessEnv): PhotoSettings {
  // Sanity bounds: a file beyond 1 GiB or an image beyond 1,000 megapixels is a typo, not a setting.
  return {
    maxMegabytes: positiveNumber(env, 'PHOTO_MAX_MB', DEFAULT_PHOTO_SETTINGS.maxMegabytes, 1024, 'MiB'),
    maxMegapixels: positiveNumber(
      env,
      'PHOTO_MAX_MEGAPIXELS',
      DEFAULT_PHOTO_SETTINGS.maxMegapixels,
      1000,
      'megapixels',
    ),
    pairMaxMeters: positiveNumber(env, 'PHOTO_PAIR_MAX_METERS', DEFAULT_PHOTO_SETTINGS.pairMaxMeters, 10_000, 'metres'),
    uploadsPerUser: wholeNumber(
      env,
      'PHOTO_UPLOADS_PER_USER',
      DEFAULT_PHOTO_SETTINGS.uploadsPerUser,
      [1, 100],
      'uploads',
    ),
    uploadsTotal: wholeNumber(env, 'PHOTO_UPLOADS_TOTAL', DEFAULT_PHOTO_SETTINGS.uploadsTotal, [1, 1000], 'uploads'),
  };
}

export function loadServerConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  // 0 asks the system for a free port (the tests start the server that way).
  const port = wholeNumber(env, 'PORT', 8080, [0, 65535], '0 picks a free port');
  return {
    port,
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir: path.resolve(env.DATA_DIR?.trim() || path.join(REPOSITORY_ROOT, 'var', 'data')),
    ...databaseFromEnvironment(env),
    basemaps: basemapsFromEnvironment(env),
    production: env.NODE_ENV === 'production',
    publicRead: flag(env, 'PUBLIC_READ'),
    publicSite: flag(env, 'PUBLIC_SITE'),
    trustProxy: trustedProxiesFromEnvironment(env),
    allowedHosts: allowedHostsFromEnvironment(env),
    publicOrigin: publicOriginFromEnvironment(env),
    notify: notifyFromEnvironment(env),
    limits: connectionLimitsFromEnvironment(env),
    secureCookies: flag(env, 'COOKIE_SECURE'),
    ...sessionSettingsFromEnvironment(env),
    photos: photoSettingsFromEnvironment(env),
    photoStore: photoStoreFromEnvironment(env),
    importMaxMegabytes: importMaxMegabytes(env),
    importWorkerTimeoutSeconds: wholeNumber(env, 'IMPORT_WORKER_TIMEOUT_SECONDS', 30, [1, 3600], 'seconds'),
    importSmallFileMegabytes: positiveNumber(env, 'IMPORT_SMALL_FILE_MB', 5, 2048, 'MiB'),
    importStoredMegabytesPerUser: positiveNumber(env, 'IMPORT_STORED_MB_PER_USER', 400, 1_000_000, 'MiB'),
    importStoredMegabytesTotal: positiveNumber(env, 'IMPORT_STORED_MB_TOTAL', 2048, 1_000_000, 'MiB'),
  };
}

export { TOWN_CODE };

/** DATABASE_URL selects PostgreSQL (postgres:// or postgresql://); TOWN names the town (lower-case code). */
export function databaseFromEnvironment(env: NodeJS.ProcessEnv): { databaseUrl: string | undefined; town: string } {
  const raw = env.DATABASE_URL?.trim();
  if (raw && !/^postgres(ql)?:\/\/\S+$/.test(raw)) {
    throw new Error(
      'DATABASE_URL must be a PostgreSQL URL such as postgres://user:password@host:5432/jinxi, or unset for SQLite',
    );
  }
  const town = env.TOWN?.trim() || 'jinxi';
  if (!TOWN_CODE.test(town)) {
    throw new Error(`TOWN must be a town code of lower-case letters, digits and _ starting with a letter, got ${town}`);
  }
  return { databaseUrl: raw || undefined, town };
}

const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: the reverse proxies' addresses or CIDRs, comma-separated (or loopback, linklocal,
 * uniquelocal). A bare flag is refused: trusting any hop lets every client forge its address.
 */
export function trustedProxiesFromEnvironment(env: NodeJS.ProcessEnv): string[] {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw) return [];
  if (['1', 'true', 'yes', '*'].includes(raw.toLowerCase())) {
    throw new Error(
      `TRUST_PROXY takes the addresses of the reverse proxies, comma-separated (e.g. 127.0.0.1 or 10.0.0.0/8), got ${raw}: ` +
        'trusting any proxy would let every client forge its address with X-Forwarded-For',
    );
  }
  if (['0', 'false', 'no'].includes(raw.toLowerCase())) return [];
  return raw.split(',').map((entry) => {
    const value = entry.trim();
    const [address, bits, extra] = value.split('/');
    const family = isIP(address ?? '');
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (PROXY_RANGE_NAMES.has(value) || (family !== 0 && bitsOk && extra === undefined)) return value;
    throw new Error(`TRUST_PROXY must list IP addresses or CIDRs (e.g. 127.0.0.1, 10.0.0.0/8), got ${value}`);
  });
}

/**
 * NOTIFY_WECOM_WEBHOOK / NOTIFY_DINGTALK_WEBHOOK (+ NOTIFY_DINGTALK_SECRET for 加签): the town-wide groups, checked
 * like the office's per-unit robots (the error never repeats the URL: it holds the robot's key). NOTIFY_POLL_MS: how
 * often the delivery worker looks for work (default 2000).
 */
export function notifyFromEnvironment(env: NodeJS.ProcessEnv): NotifyEnvironment {
  const wecom = env.NOTIFY_WECOM_WEBHOOK?.trim();
  const dingtalk = env.NOTIFY_DINGTALK_WEBHOOK?.trim();
  const secret = env.NOTIFY_DINGTALK_SECRET?.trim();
  const wecomError = wecom ? webhookUrlError('wecom', wecom) : null;
  if (wecomError) throw new Error(`NOTIFY_WECOM_WEBHOOK is not usable: ${wecomError}`);
  const dingtalkError = dingtalk ? webhookUrlError('dingtalk', dingtalk) : null;
  if (dingtalkError) throw new Error(`NOTIFY_DINGTALK_WEBHOOK is not usable: ${dingtalkError}`);
  const secretError = secret ? dingtalkSecretError(secret) : null;
  if (secretError) throw new Error(`NOTIFY_DINGTALK_SECRET is not usable: ${secretError}`);
  const poll = Number(env.NOTIFY_POLL_MS ?? 2000);
  if (!Number.isInteger(poll) || poll < 100 || poll > 600_000) {
    throw new Error('NOTIFY_POLL_MS must be a whole number of milliseconds from 100 to 600000');
  }
  return {
    ...(wecom ? { wecomWebhook: wecom } : {}),
    ...(dingtalk ? { dingtalkWebhook: dingtalk } : {}),
    ...(secret ? { dingtalkSecret: secret } : {}),
    pollMs: poll,
  };
}

/** PUBLIC_ORIGIN: scheme, host and optional port only (https://map.example.org). */
export function publicOriginFromEnvironment(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env.PUBLIC_ORIGIN?.trim();
  if (!raw) return undefined;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    url = null;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.origin !== raw.replace(/\/$/, '')) {
    throw new Error(`PUBLIC_ORIGIN must be an origin such as https://map.example.org (no path), got ${raw}`);
  }
  return url.origin;
}

/** ALLOWED_HOSTS: comma-separated host names, each optionally with :port; `*` allows any (unsafe). */
export function allowedHostsFromEnvironment(env: NodeJS.ProcessEnv): string[] | '*' {
  const raw = env.ALLOWED_HOSTS?.trim();
  if (!raw) return [];
  if (raw === '*') return '*';
  return raw.split(',').map((entry) => {
    const value = entry.trim().toLowerCase();
    if (!/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/.test(value)) {
      throw new Error(`ALLOWED_HOSTS must list host names, optionally with :port (or be *), got ${entry.trim()}`);
    }
    return value;
  });
}

export function connectionLimitsFromEnvironment(env: NodeJS.ProcessEnv): ConnectionLimits {
  const seconds = (name: string, fallbackMs: number, range: readonly [number, number]) =>
    wholeNumber(env, name, fallbackMs / 1000, range, 'seconds') * 1000;
  const limits = {
    ...DEFAULT_CONNECTION_LIMITS,
    headersTimeoutMs: seconds('HEADERS_TIMEOUT_SECONDS', DEFAULT_CONNECTION_LIMITS.headersTimeoutMs, [1, 300]),
    bodyTimeoutMs: seconds('BODY_TIMEOUT_SECONDS', DEFAULT_CONNECTION_LIMITS.bodyTimeoutMs, [1, 600]),
    bodyMinBytesPerSecond:
      wholeNumber(
        env,
        'BODY_MIN_KIB_PER_SECOND',
        DEFAULT_CONNECTION_LIMITS.bodyMinBytesPerSecond / 1024,
        [1, 102_400],
        'KiB/s',
      ) * 1024,
    requestTimeoutMs: seconds('REQUEST_TIMEOUT_SECONDS', DEFAULT_CONNECTION_LIMITS.requestTimeoutMs, [10, 86_400]),
    maxConnectionsPerAddress: wholeNumber(
      env,
      'MAX_CONNECTIONS_PER_ADDRESS',
      DEFAULT_CONNECTION_LIMITS.maxConnectionsPerAddress,
      [1, 100_000],
      'connections',
    ),
  };
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) {
    throw new Error('HEADERS_TIMEOUT_SECONDS must not be longer than REQUEST_TIMEOUT_SECONDS');
  }
  return limits;
}

function importMaxMegabytes(env: NodeJS.ProcessEnv): number {
  return positiveNumber(env, 'IMPORT_MAX_MB', 200, 2048, 'MiB');
}

export const DIST_FOLDER = process.env.STATIC_DIR
  ? path.resolve(process.env.STATIC_DIR)
  : path.join(REPOSITORY_ROOT, 'dist');
