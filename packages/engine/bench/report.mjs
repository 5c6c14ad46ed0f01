// Renders measured results: for the console, and as the `## Engine` section of
// docs/benchmarks.md. Every number and verdict comes from the results passed in.
import { BATCH_MS, BATCHES_PER_ROUND } from './calls.mjs';
import * as format from './format.mjs';
import { explain } from './explain.mjs';
import { judge } from './targets.mjs';
import { WORKLOADS } from './workloads.mjs';

const COMMAND = 'pnpm --filter @luaward/engine bench';

function machineLines({ machine, load, runtimes }) {
  return [
    `Machine: ${machine.cpu}, ${machine.system}, ${machine.node}; 1-minute load average during the run ${load.toFixed(1)}, of which this benchmark is about 1.`,
    `Lua: ${[...new Set(runtimes.map((runtime) => runtime.version))].join('; ')}.`,
  ];
}

function targetsTable(verdicts) {
  return format.table(
    ['target', 'configuration', 'measured', 'verdict'],
    verdicts.map((v) => [v.target, v.runtime, v.measured, v.met ? 'met' : '**missed**']),
    ['l', 'l', 'l', 'l'],
  );
}

function computeTable({ compute }) {
  const rows = compute.flatMap(({ workload, results }) =>
    results.map((result) => [
      workload.label,
      result.runtime.label,
      format.ms(result.median),
      format.spread(result.spread),
      format.ratio(result.ratio),
    ]),
  );
  return format.table(['workload', 'runtime', 'median ms', 'spread', '× lua'], rows, ['l', 'l', 'r', 'r', 'r']);
}

function callsTable({ calls }) {
  const rows = calls.map(({ runtime, call, callback, loop, net }) => [
    runtime.label,
    `${format.ns(call.median)} ${format.spread(call.spread)}`,
    `${format.ns(callback.median)} ${format.spread(callback.spread)}`,
    format.ns(loop.median),
    format.ns(net.median),
  ]);
  return format.table(['runtime', 'JS → Lua call', 'Lua → JS callback', 'loop alone', 'callback net of loop'], rows, [
    'l',
    'r',
    'r',
    'r',
    'r',
  ]);
}

function methodNotes(results) {
  const workloads = WORKLOADS.map((w) => `  - ${w.label}: ${w.description}.`);
  const runtimes = results.runtimes.map((r) => `  - ${r.label}: ${[r.version, r.detail].filter(Boolean).join('; ')}.`);
  const batches = results.calls.map(
    ({ runtime, iterations }) =>
      `${runtime.label} ${iterations.call.toLocaleString('en-US')} calls / ${iterations.callback.toLocaleString('en-US')} iterations`,
  );
  return [
    '- Workloads, from `packages/engine/bench/workloads.lua`, loaded unchanged into every runtime. Each returns a checksum, and the run stops if any runtime’s differs from the reference `lua`’s:',
    ...workloads,
    '- Runtimes:',
    ...runtimes,
    '- The reference `lua` is the stand-alone interpreter built from the same Lua tarball with the same compiler options as the engine (`lua-reference` in `packages/engine/binding.gyp`); both link Lua statically, so the comparison is like for like.',
    '- Time is CPU time, not wall time: on a shared machine the time another process holds the core is no runtime’s cost. In Node it is `process.cpuUsage()` (user + system) around one call of the workload function, which for the in-process runtimes includes one call from JavaScript into Lua (microseconds) and whatever V8’s helper threads do meanwhile (it matters only for fengari, whose objects V8 collects). A full garbage collection (`collectgarbage("collect")`) runs, untimed, before each call, except on fengari, which has no collector of its own.',
    '- The reference `lua` is one long-lived process serving requests over a pipe (`bench/lua-command-driver.lua`), so process start-up and parsing are never measured: the driver times the workload call itself with `os.clock()` (the process’s CPU time) and sends the time back with the checksum.',
    `- One warm-up round (not recorded; it lets V8 optimise fengari and tier up wasmoon’s WebAssembly), then ${results.rounds} rounds. In each round every runtime runs every workload back to back, in an order rotated from round to round, so a slow spell of the shared machine hits them alike. Tables give the median over rounds and its spread (median absolute deviation, relative to the median). The ratio to the reference lua is the median of the per-round ratios.`,
    `- Call patterns: a JavaScript loop calls the Lua function \`add(i, 1)\` (ns per call), and a Lua loop calls the host function \`js_add(i, 1)\` and sums the results (ns per iteration). The same Lua loop with \`sum + (i + 1)\` in place of the call is timed alongside as the “loop alone”; “net” subtracts it round by round. Each runtime is called as its users call it: \`engine.call('add', a, b)\` and the \`callbacks\` option; for wasmoon, the function \`lua.global.get('add')\` returns and \`lua.global.set('js_add', fn)\`; for fengari, \`lua_getglobal\`/\`lua_pcall\` on its stack API and \`lua_pushcfunction\`. Batch sizes were calibrated after the warm-up round to about ${BATCH_MS} ms each (${batches.join('; ')}); a round’s figure is the median of ${BATCHES_PER_ROUND} batches, short enough that most are not interrupted by other processes on the shared machine.`,
    '- The callback target is judged on the raw time, loop included.',
  ].join('\n');
}

function notesBlock(results) {
  const notes = explain(results);
  return notes.length === 0 ? [] : [notes.map((note) => `- ${note}`).join('\n')];
}

/** The Markdown body of the `## Engine` section (without its heading). */
export function renderSection(results) {
  const verdicts = judge(results);
  return [
    `_Written by \`packages/engine/bench/run.mjs\` from the measurements of its run on ${results.machine.date}; do not edit by hand. Rerun with \`${COMMAND}\` (the run took ${Math.round(results.seconds)} s)._`,
    machineLines(results).join('\n'),
    '### Targets',
    targetsTable(verdicts),
    ...notesBlock(results),
    '### Compute workloads',
    `Median CPU time over ${results.rounds} rounds, in ms.`,
    computeTable(results),
    '### Call patterns',
    `Median CPU ns per call (JS → Lua) or per loop iteration (Lua → JS), over ${results.rounds} rounds.`,
    callsTable(results),
    '### Method',
    methodNotes(results),
  ].join('\n\n');
}

/** The same results for the terminal: everything but the method notes. */
export function renderConsole(results) {
  const verdicts = judge(results);
  return `${[
    `Engine benchmark, ${results.machine.date} (${Math.round(results.seconds)} s)`,
    machineLines(results).join('\n'),
    computeTable(results),
    callsTable(results),
    targetsTable(verdicts),
    ...notesBlock(results),
  ].join('\n\n')}\n`;
}
