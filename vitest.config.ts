import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Integration suites start real servers (nginx, Apache) on loopback and real processes;
    // two cores are plenty for a few files at a time.
    maxWorkers: 2,
  },
});
