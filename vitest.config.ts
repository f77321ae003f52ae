import { configDefaults, defineConfig } from 'vitest/config';

/**
 * Three tiers, by file name (README.md, Testing):
 * - unit: every other `test/**\/*.test.ts`; in-process, no servers, no network, no Spark;
 * - integration: `*.integration.test.ts` start local servers on 127.0.0.1 (s3rver, moto, HTTP
 *   stand-ins for the providers) or child processes (the CLI, the venv's Python), without Spark;
 * - e2e: `*.e2e.test.ts` run real local Spark (the venv's pyspark, Java 17+).
 * `npm run lint:tiers` checks that every test file is in exactly one of them.
 */
const integration = 'test/**/*.integration.test.ts';
const e2e = 'test/**/*.e2e.test.ts';

export default defineConfig({
  test: {
    // Integration tests start real local servers and Spark; the machine has 2 cores.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, integration, e2e],
        },
      },
      { extends: true, test: { name: 'integration', include: [integration] } },
      { extends: true, test: { name: 'e2e', include: [e2e] } },
    ],
  },
});
