// The compute workloads: each is a bench_* function of workloads.lua called
// with `size`, identically on every runtime.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const WORKLOADS_PATH = fileURLToPath(new URL('./workloads.lua', import.meta.url));

export const workloadsSource = () => readFileSync(WORKLOADS_PATH, 'utf8');

export const WORKLOADS = [
  {
    fn: 'bench_fib',
    size: 30,
    label: 'fib(30)',
    description: 'recursive Fibonacci of 30: 1.6 million Lua function calls, nothing else',
  },
  {
    fn: 'bench_sort',
    size: 200_000,
    label: 'sort 200k',
    description: 'fill a table with 200,000 integers from a Lua pseudo-random generator, then `table.sort` it',
  },
  {
    fn: 'bench_strings',
    size: 100_000,
    label: 'format + gsub 100k',
    description:
      '100,000 `string.format` calls joined with `table.concat`, then `gsub` over the 1.9 MB result with a capture pattern, then again with a Lua function as the replacement',
  },
];
