import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'security-corpus',
    include: ['test/**/*.test.ts'],
  },
});
