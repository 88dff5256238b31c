import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_PHOTO_SETTINGS, loadServerConfig, photoSettingsFromEnvironment } from './config';
import { DEMO_PASSWORD } from '../demo';
import { startTestServer } from '../../testing/test-server';

describe('photo settings from the environment', () => {
  // M7 added the two upload caps to the defaults.
  it('defaults to 25 MB, 50 megapixels, 15 m, 2 uploads per user and 8 in all', () => {
    expect(photoSettingsFromEnvironment({})).toEqual({
      maxMegabytes: 25,
      maxMegapixels: 50,
      pairMaxMeters: 15,
      uploadsPerUser: 2,
      uploadsTotal: 8,
    });
    expect(loadServerConfig({}).photos).toEqual(DEFAULT_PHOTO_SETTINGS);
  });

  it('reads PHOTO_MAX_MB, PHOTO_MAX_MEGAPIXELS, PHOTO_PAIR_MAX_METERS, PHOTO_UPLOADS_PER_USER and PHOTO_UPLOADS_TOTAL', () => {
    expect(
      photoSettingsFromEnvironment({
        PHOTO_MAX_MB: '10',
        PHOTO_MAX_MEGAPIXELS: '24.5',
        PHOTO_PAIR_MAX_METERS: '30',
        PHOTO_UPLOADS_PER_USER: '1',
        PHOTO_UPLOADS_TOTAL: '4',
      }),
    ).toEqual({ maxMegabytes: 10, maxMegapixels: 24.5, pairMaxMeters: 30, uploadsPerUser: 1, uploadsTotal: 4 });
  });

  it.each([
    ['PHOTO_MAX_MB', '0'],
    ['PHOTO_MAX_MB', 'lots'],
    ['PHOTO_MAX_MB', '4096'],
    ['PHOTO_MAX_MEGAPIXELS', '-1'],
    ['PHOTO_MAX_MEGAPIXELS', '5000'],
    ['PHOTO_PAIR_MAX_METERS', 'NaN'],
    ['PHOTO_UPLOADS_PER_USER', '0'],
    ['PHOTO_UPLOADS_TOTAL', '2.5'],
  ])('refuses %s=%s at start-up', (name, value) => {
    expect(() => photoSettingsFromEnvironment({ [name]: value })).toThrow(name);
  });
});

describe('numeric settings are checked at start-up', () => {
  it.each([
    ['SESSION_MAX_HOURS', '0.003', 'from 1 to 720 (hours)'],
    ['SESSION_MAX_HOURS', '1.1', 'from 1 to 720 (hours)'],
    ['SESSION_MAX_HOURS', '0', 'from 1 to 720 (hours)'],
    ['SESSION_MAX_HOURS', '721', 'from 1 to 720 (hours)'],
    ['SESSION_MAX_HOURS', '-3', 'from 1 to 720 (hours)'],
    ['SESSION_MAX_HOURS', '1e2', 'from 1 to 720 (hours)'],
    ['SESSION_MAX_HOURS', 'twelve', 'from 1 to 720 (hours)'],
    ['SESSION_IDLE_MINUTES', '4', 'from 5 to 1440 (minutes)'],
    ['SESSION_IDLE_MINUTES', '1441', 'from 5 to 1440 (minutes)'],
    ['SESSION_IDLE_MINUTES', '30.5', 'from 5 to 1440 (minutes)'],
    ['SESSION_IDLE_MINUTES', 'Infinity', 'from 5 to 1440 (minutes)'],
    ['PORT', '65536', 'from 0 to 65535'],
    ['PORT', '80.5', 'from 0 to 65535'],
    ['PORT', 'http', 'from 0 to 65535'],
    ['PHOTO_MAX_MB', '0', 'above 0 and at most 1024 (MiB)'],
    ['PHOTO_MAX_MB', '4096', 'above 0 and at most 1024 (MiB)'],
    ['PHOTO_MAX_MEGAPIXELS', '1001', 'above 0 and at most 1000 (megapixels)'],
    ['PHOTO_PAIR_MAX_METERS', '1e308', 'above 0 and at most 10000 (metres)'],
    ['IMPORT_MAX_MB', '-5', 'above 0 and at most 2048 (MiB)'],
    ['IMPORT_MAX_MB', '2049', 'above 0 and at most 2048 (MiB)'],
    ['IMPORT_MAX_MB', 'Infinity', 'above 0 and at most 2048 (MiB)'],
    ['IMPORT_WORKER_TIMEOUT_SECONDS', '0', 'from 1 to 3600 (seconds)'],
    ['IMPORT_WORKER_TIMEOUT_SECONDS', '2.5', 'from 1 to 3600 (seconds)'],
    ['IMPORT_SMALL_FILE_MB', '0', 'above 0 and at most 2048 (MiB)'],
    ['IMPORT_STORED_MB_PER_USER', '-1', 'above 0 and at most 1000000 (MiB)'],
    ['IMPORT_STORED_MB_TOTAL', 'lots', 'above 0 and at most 1000000 (MiB)'],
    ['PHOTO_UPLOADS_PER_USER', '101', 'from 1 to 100 (uploads)'],
    ['PHOTO_UPLOADS_TOTAL', '0', 'from 1 to 1000 (uploads)'],
  ])('refuses %s=%s, naming the variable, the value and what is accepted', (name, value, accepted) => {
    expect(() => loadServerConfig({ [name]: value })).toThrow(`${name} must be a`);
    expect(() => loadServerConfig({ [name]: value })).toThrow(accepted);
    expect(() => loadServerConfig({ [name]: value })).toThrow(`got ${value}`);
  });

  it('refuses an idle time longer than the whole session, also when the idle time is the default', () => {
    expect(() => loadServerConfig({ SESSION_MAX_HOURS: '2', SESSION_IDLE_MINUTES: '121' })).toThrow(
      'SESSION_IDLE_MINUTES must not be longer than SESSION_MAX_HOURS (2 h = 120 minutes), got 121',
    );
    expect(() => loadServerConfig({ SESSION_MAX_HOURS: '1' })).toThrow('got 120 (the default)');
  });

  it('reads the import worker deadline, the small-file lane and the import storage caps', () => {
    expect(loadServerConfig({})).toMatchObject({
      importWorkerTimeoutSeconds: 30,
      importSmallFileMegabytes: 5,
      importStoredMegabytesPerUser: 400,
      importStoredMegabytesTotal: 2048,
    });
    expect(
      loadServerConfig({
        IMPORT_WORKER_TIMEOUT_SECONDS: '10',
        IMPORT_SMALL_FILE_MB: '2.5',
        IMPORT_STORED_MB_PER_USER: '100',
        IMPORT_STORED_MB_TOTAL: '500',
      }),
    ).toMatchObject({
      importWorkerTimeoutSeconds: 10,
      importSmallFileMegabytes: 2.5,
      importStoredMegabytesPerUser: 100,
      importStoredMegabytesTotal: 500,
    });
  });

  it.each([
    [{}, { port: 8080, sessionMaxHours: 12, sessionIdleMinutes: 120, importMaxMegabytes: 200 }],
    [
      { PORT: '0', SESSION_MAX_HOURS: '1', SESSION_IDLE_MINUTES: '60', IMPORT_MAX_MB: '0.5' },
      { port: 0, sessionMaxHours: 1, sessionIdleMinutes: 60, importMaxMegabytes: 0.5 },
    ],
    [
      { PORT: ' 65535 ', SESSION_MAX_HOURS: '720', SESSION_IDLE_MINUTES: '1440', IMPORT_MAX_MB: '2048' },
      { port: 65535, sessionMaxHours: 720, sessionIdleMinutes: 1440, importMaxMegabytes: 2048 },
    ],
    [
      { PORT: '', SESSION_MAX_HOURS: '', SESSION_IDLE_MINUTES: '5', IMPORT_MAX_MB: '1e3' },
      { port: 8080, sessionMaxHours: 12, sessionIdleMinutes: 5, importMaxMegabytes: 1000 },
    ],
  ])('accepts %j', (env, expected) => {
    expect(loadServerConfig(env)).toMatchObject(expected);
  });

  it('accepts the photo limits at their bounds', () => {
    expect(
      photoSettingsFromEnvironment({
        PHOTO_MAX_MB: '1024',
        PHOTO_MAX_MEGAPIXELS: '0.5',
        PHOTO_PAIR_MAX_METERS: '10000',
        PHOTO_UPLOADS_PER_USER: '100',
        PHOTO_UPLOADS_TOTAL: '1',
      }),
    ).toEqual({ maxMegabytes: 1024, maxMegapixels: 0.5, pairMaxMeters: 10000, uploadsPerUser: 100, uploadsTotal: 1 });
  });
});

describe('the server refuses to start with a bad setting', () => {
  it('exits non-zero and prints the setting, its value and the accepted range on one line', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'jinxi-config-'));
    try {
      const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
        cwd: fileURLToPath(new URL('../../../', import.meta.url)),
        env: { ...process.env, DATA_DIR: dataDir, PORT: '0', NODE_ENV: '', SESSION_MAX_HOURS: '0.003' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr.trim()).toBe(
        'Not starting: SESSION_MAX_HOURS must be a whole number from 1 to 720 (hours), got 0.003',
      );
      // Refused before touching the data folder.
      expect(readdirSync(dataDir)).toEqual([]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 40_000);
});

describe('accepted session settings never break a login', () => {
  it.each([
    { SESSION_MAX_HOURS: '1', SESSION_IDLE_MINUTES: '5' },
    { SESSION_MAX_HOURS: '720', SESSION_IDLE_MINUTES: '1440' },
  ])('%j: login is a 200 with a whole Max-Age, and the session reads back', async (env) => {
    const config = loadServerConfig(env);
    const server = await startTestServer({
      auth: { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionMaxHours },
    });
    try {
      const response = await server.request('/api/session', {
        method: 'POST',
        json: { username: 'planner', password: DEMO_PASSWORD },
      });
      expect(response.status, await response.clone().text()).toBe(200);
      const cookie = response.headers.getSetCookie().find((value) => value.startsWith('jinxi_session='))!;
      expect(cookie).toContain(`Max-Age=${config.sessionMaxHours * 3600};`);
      const session = await server.request('/api/session', { cookie: cookie.split(';')[0]! });
      expect(((await session.json()) as { user: { username: string } | null }).user?.username).toBe('planner');
    } finally {
      await server.close();
    }
  });
});
