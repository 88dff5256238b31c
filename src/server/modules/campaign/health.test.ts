import { describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import path from 'node:path';
import { startTestServer } from '../../../testing/test-server';
import { problemSchema } from '../../../shared/http/problem';

describe('health and readiness when a part fails', () => {
  it('reports the local photo store as unavailable when its folders are gone: alive, degraded, not ready', async () => {
    const server = await startTestServer();
    try {
      rmSync(path.join(server.dataDir, 'photos'), { recursive: true, force: true });
      const health = await server.request('/api/health');
      expect(health.status).toBe(200);
      expect(await health.json()).toEqual({ status: 'degraded', database: 'ok', photoStore: 'unavailable' });
      const ready = await server.request('/api/ready');
      expect(ready.status).toBe(503);
      expect(problemSchema.parse(await ready.json()).detail).toBe('Not ready: the photo store did not answer');
    } finally {
      await server.close();
    }
  });

  it('answers 503 on both when the database does not answer', async () => {
    const server = await startTestServer();
    try {
      server.db.close();
      const health = await server.request('/api/health');
      expect(health.status).toBe(503);
      expect(await health.json()).toEqual({ status: 'unavailable', database: 'unavailable', photoStore: 'ok' });
      const ready = await server.request('/api/ready');
      expect(ready.status).toBe(503);
      expect(ready.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await ready.json()).toMatchObject({
        status: 503,
        detail: 'Not ready: the database did not answer',
        database: 'unavailable',
        photoStore: 'ok',
      });
    } finally {
      await server.close();
    }
  });
});
