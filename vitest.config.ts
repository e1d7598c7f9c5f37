import { defineConfig } from 'vitest/config';

// One runner for every workspace; each workspace is a project so a failure names where it lives.
export default defineConfig({
  test: {
    reporters: ['default', './scripts/summary-reporter.ts'],
    projects: [
      { test: { name: 'protocol', root: 'packages/protocol', include: ['**/*.test.ts'] } },
      { test: { name: 'standalone', root: 'apps/standalone', include: ['src/**/*.test.ts'] } },
      {
        test: {
          name: 'control-api',
          root: 'apps/control-api',
          include: ['**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'media-node',
          root: 'apps/media-node',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          root: 'apps/media-node',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
