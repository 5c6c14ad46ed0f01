// The engine benchmark (`pnpm --filter @luaward/engine bench`): the same Lua
// workloads and call patterns on LuaWard's engine (with and without the
// instruction hook), wasmoon, fengari and the reference `lua` interpreter, in one run.
// Prints the results and writes them to the `## Engine` section of
// docs/benchmarks.md. Progress goes to stderr, results to stdout.
import { fileURLToPath } from 'node:url';
import { calibrateCalls, checkCalls, measureCalls } from './calls.mjs';
import { writeSection } from './doc-section.mjs';
import { ENGINE_WITH_HOOK, ENGINE_WITHOUT_HOOK, LUA_COMMAND } from './ids.mjs';
import { currentLoad, describeMachine } from './machine.mjs';
import { renderConsole, renderSection } from './report.mjs';
import { createFengariRuntime } from './runtimes/fengari.mjs';
import { createLuaCommandRuntime } from './runtimes/lua-command.mjs';
import { createLuaWardRuntime } from './runtimes/luaward.mjs';
import { createWasmoonRuntime } from './runtimes/wasmoon.mjs';
import { median, summarize } from './stats.mjs';
import { WORKLOADS, WORKLOADS_PATH, workloadsSource } from './workloads.mjs';

/** Measured rounds, after one warm-up round. */
const ROUNDS = 11;
const DOC_PATH = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
const DOC_INTRO = `# Benchmarks

Measured results of the benchmarks in this repository. Each section is written by
the benchmark it names, from its last run; rerun the command a section gives to
refresh it.`;

const progress = (text) => process.stderr.write(`${text}\n`);

async function createRuntimes() {
  const source = workloadsSource();
  return [
    await createLuaWardRuntime(source, {
      id: ENGINE_WITH_HOOK,
      label: 'LuaWard, limits on',
      limits:
        'default `memoryLimit` (64 MiB) and `instructionLimit: 1e9` (the instruction hook is active; no workload comes near the budget)',
      options: { instructionLimit: 1e9 },
    }),
    await createLuaWardRuntime(source, {
      id: ENGINE_WITHOUT_HOOK,
      label: 'LuaWard, no instruction limit',
      limits: 'default `memoryLimit` (64 MiB) and `instructionLimit: Infinity` (no instruction hook)',
      options: { instructionLimit: Infinity },
    }),
    await createWasmoonRuntime(source),
    await createFengariRuntime(source),
    await createLuaCommandRuntime(WORKLOADS_PATH),
  ];
}

/** The runtimes in a different order each round, so none always runs first or after the same neighbour. */
function rotate(list, by) {
  const k = by % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

/** Every runtime must return the reference's checksum, or it did different work. */
function checkChecksums(workload, checksums) {
  const expected = checksums.get(LUA_COMMAND);
  const wrong = [...checksums].filter(([, checksum]) => checksum !== expected);
  if (wrong.length > 0) {
    const list = wrong.map(([id, checksum]) => `${id} gave "${checksum}"`).join(', ');
    throw new Error(`${workload.label}: the reference lua gave "${expected}" but ${list}`);
  }
}

/** One pass over every workload and call pattern; returns this round's samples. */
async function runRound(runtimes, round, iterations) {
  const compute = new Map();
  for (const workload of WORKLOADS) {
    const checksums = new Map();
    const times = new Map();
    for (const runtime of rotate(runtimes, round)) {
      const { ms, checksum } = await runtime.measureWorkload(workload.fn, workload.size);
      checksums.set(runtime.id, checksum);
      times.set(runtime.id, ms);
    }
    checkChecksums(workload, checksums);
    compute.set(workload.fn, times);
  }
  const calls = new Map();
  for (const runtime of rotate(
    runtimes.filter((r) => r.calls),
    round,
  )) {
    calls.set(runtime.id, measureCalls(runtime, iterations.get(runtime.id)));
  }
  return { compute, calls };
}

function summarizeRounds(runtimes, rounds, iterations) {
  const compute = WORKLOADS.map((workload) => {
    const times = (id) => rounds.map((round) => round.compute.get(workload.fn).get(id));
    const reference = times(LUA_COMMAND);
    return {
      workload,
      results: runtimes.map((runtime) => ({
        runtime,
        ...summarize(times(runtime.id)),
        // Paired per round, so drift of the machine's speed between rounds cancels.
        ratio: median(times(runtime.id).map((ms, i) => ms / reference[i])),
      })),
    };
  });
  const calls = runtimes
    .filter((runtime) => runtime.calls)
    .map((runtime) => {
      const samples = (key) => summarize(rounds.map((round) => round.calls.get(runtime.id)[key]));
      return {
        runtime,
        iterations: iterations.get(runtime.id),
        call: samples('call'),
        callback: samples('callback'),
        loop: samples('loop'),
        net: samples('net'),
      };
    });
  return { compute, calls };
}

async function main() {
  const started = performance.now();
  const machine = describeMachine();
  progress('starting the runtimes');
  const runtimes = await createRuntimes();
  try {
    for (const runtime of runtimes.filter((r) => r.calls)) checkCalls(runtime);

    const calibrate = () => new Map(runtimes.filter((r) => r.calls).map((r) => [r.id, calibrateCalls(r)]));
    progress('warm-up round');
    await runRound(runtimes, 0, calibrate());
    // Again, now that every runtime is warm: cold code made the first estimate too low.
    const iterations = calibrate();

    const rounds = [];
    const loads = [];
    for (let round = 1; round <= ROUNDS; round++) {
      progress(`round ${round}/${ROUNDS}`);
      rounds.push(await runRound(runtimes, round, iterations));
      loads.push(currentLoad());
    }

    const results = {
      machine,
      load: median(loads),
      rounds: ROUNDS,
      runtimes,
      ...summarizeRounds(runtimes, rounds, iterations),
      seconds: (performance.now() - started) / 1000,
    };
    process.stdout.write(renderConsole(results));
    writeSection(DOC_PATH, '## Engine', renderSection(results), DOC_INTRO);
    progress(`written to ${DOC_PATH}`);
  } finally {
    for (const runtime of runtimes) await runtime.close();
  }
}

await main();
