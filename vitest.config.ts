import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Python subprocesses (torch import, checker runs) dominate test time on 2 cores.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    // CI machines set CI=true, and picocolors then colours even piped output; the CLIs the tests
    // start must print plain text for the tests to read it.
    env: { NO_COLOR: '1' },
  },
});
