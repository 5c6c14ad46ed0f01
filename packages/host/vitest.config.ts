import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'host',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // Tests start real worker processes on a shared machine: allow for slow starts.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
