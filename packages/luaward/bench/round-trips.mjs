// Round trips compared, from the floor up: prints, as JSON, each kind's microseconds per round
// trip for every round. Run by run.mjs, once as it is and once pinned to one CPU.
import { IsolatedLuaVM } from '../dist/index.js';

import { startBareWorker, startEchoFloor, startSupervisor } from './floors.mjs';
import { median } from './stats.mjs';

const [rounds, roundTrips, slice] = process.argv.slice(2).map(Number);

const FUNCTIONS = `
function add(a, b) return a + b end
function spin(n)
  local sum = 0
  for i = 1, n do sum = sum + identity(i) end
  return sum
end`;

/** Microseconds per iteration of `step`, run `count` times back to back. */
async function perIteration(count, step) {
  const start = performance.now();
  for (let i = 0; i < count; i += 1) await step();
  return ((performance.now() - start) * 1000) / count;
}

/**
 * One round: `roundTrips` round trips of each kind, in slices of `slice`, the kinds taking
 * turns slice by slice in a rotating order so that a slow spell of the machine hits them alike.
 * A kind's figure for the round is its median slice.
 */
async function measureRound(kinds) {
  const slices = Object.fromEntries(kinds.map(([name]) => [name, []]));
  for (let index = 0; index < roundTrips / slice; index += 1) {
    for (let turn = 0; turn < kinds.length; turn += 1) {
      const [name, measure] = kinds[(turn + index) % kinds.length];
      slices[name].push(await measure());
    }
  }
  return Object.fromEntries(kinds.map(([name]) => [name, median(slices[name])]));
}

const echo = await startEchoFloor();
const bare = await startBareWorker();
const supervisor = await startSupervisor();
const vm = await IsolatedLuaVM.create({ init: FUNCTIONS, callbacks: { identity: (i) => i } });
const kinds = [
  ['floor', () => perIteration(slice, echo.call)],
  ['bareWorker', () => perIteration(slice, bare.call)],
  ['supervisorCall', () => perIteration(slice, supervisor.call)],
  ['call', () => perIteration(slice, () => vm.call('add', 1, 2))],
  // One call whose Lua loop makes `slice` callbacks: the call around them adds 1/slice of a call.
  ['callback', async () => (await perIteration(1, () => vm.call('spin', slice))) / slice],
];
try {
  await measureRound(kinds); // warm-up: lets V8 optimise the host side; not recorded
  const results = [];
  for (let round = 0; round < rounds; round += 1) results.push(await measureRound(kinds));
  process.stdout.write(JSON.stringify(results));
} finally {
  await vm.close();
  await Promise.all([echo, bare, supervisor].map((client) => client.close()));
}
