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
    // A worker keeps its modules from one test file to the next instead of importing the server again for each
    // (about 90 of the 300 s the suites took on 2 cores). So a test file must not rely on a module's top-level
    // code running for it: hooks are registered by each file (gis-import.test-support.ts), and stubbed globals
    // are put back after each test.
    isolate: false,
    unstubGlobals: true,
  },
});
