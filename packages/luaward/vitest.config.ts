import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'luaward',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // A watchdog against a hung worker, not a speed check: these tests spawn processes, kill
    // them and wait for timeouts, on a machine other test suites share.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
