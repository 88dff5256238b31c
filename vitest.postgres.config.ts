import { defineConfig } from 'vitest/config';
import base from './vitest.config';

/**
 * The API suites that run a second time on PostgreSQL/PostGIS (`npm run test:unit:postgres`, part of `npm test`):
 * each test server gets its own database copied from a migrated and seeded template (src/testing/postgres.ts).
 * Suites that read the SQLite handle (`server.db`) are not listed: they run on SQLite only (docs/deploy.md).
 */
export const POSTGRES_API_SUITES = [
  'src/server/api.test.ts',
  'src/server/bad-input.test.ts',
  'src/server/concurrency.test.ts',
  'src/server/village-accounts.test.ts',
  'src/server/modules/campaign/deliverables.test.ts',
  'src/server/modules/zones/*.test.ts',
  'src/server/modules/tasks/*.test.ts',
  'src/server/modules/admin/session.test.ts',
  'src/server/modules/admin/audit.test.ts',
  'src/server/modules/admin/login-throttle.test.ts',
  'src/server/modules/flood/*.test.ts',
  'src/server/modules/checks/*.test.ts',
  'src/server/modules/dashboard/*.test.ts',
  'src/server/modules/cases/*.test.ts',
  'src/server/modules/gis/import-commit-once.test.ts',
  'src/server/modules/county/*.test.ts',
  'src/server/modules/gis/gis-import.test.ts',
  'src/server/modules/gis/gis-import-commit.test.ts',
  'src/server/modules/gis/gis-import-files.test.ts',
  'src/server/modules/gis/gis-import-dxf.test.ts',
  'src/server/modules/gis/gis-import-geometry.test.ts',
  'src/server/modules/gis/gis-roundtrip.test.ts',
  'src/server/modules/photos/sample-photos.test.ts',
  'src/server/modules/photos/upload-sessions.test.ts',
  'src/server/modules/photos/watermark.test.ts',
  'src/server/modules/public/*.test.ts',
  'src/server/modules/supervision/supervisions.test.ts',
  'src/server/modules/plans/plans.test.ts',
  'src/server/modules/plans/plans-assessment.test.ts',
  'src/server/modules/plans/sample-plans.test.ts',
  'src/server/modules/notifications/notifications.test.ts',
  'src/server/modules/reports/weekly.test.ts',
];

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: POSTGRES_API_SUITES,
    // These already run each test on both engines in the first pass.
    exclude: ['**/node_modules/**', 'src/**/*.pg.test.ts', 'src/**/*.engines.test.ts'],
    env: { TEST_BACKEND: 'postgres' },
    // The first suite's beforeAll starts the run's cluster and builds the seeded template (about 10 s on 2 busy cores).
    hookTimeout: 60_000,
  },
});
