import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    globals: false,
    setupFiles: ['src/testing/setup.ts'],
    globalSetup: ['src/testing/global-setup.ts'],
    testTimeout: 20_000,
    // A suite's beforeAll starts its server (seeded database, demo accounts): 10 s, the default, is short when
    // another file runs beside it on a busy 2-core machine.
    hookTimeout: 30_000,
    // Vitest's default is one worker fewer than the cores: one test file at a time on CI's 2 cores, which left
    // half the machine idle (the API suites wait on their server, PostgreSQL, GDAL and worker threads). Every
    // file has its own server, data folder and database (src/testing/test-server.ts), so two run side by side.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
