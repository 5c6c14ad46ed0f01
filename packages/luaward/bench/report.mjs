// The `## Isolated VM` section of docs/benchmarks.md, from one run's measurements, and the
// writing of that one section into the shared page.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

const MIB = 1024 * 1024;

const us = (value) => `${value < 100 ? value.toFixed(1) : Math.round(value)} µs`;
const ms = (value) => `${value < 100 ? value.toFixed(1) : Math.round(value)} ms`;
const mib = (bytes) => `${(bytes / MIB).toFixed(bytes < 100 * MIB ? 1 : 0)} MiB`;
const ratio = (value) => `${value.toFixed(2)}×`;
const withSpread = (text, summary) => `${text} ±${(summary.spread * 100).toFixed(1)} %`;

/** Why a target was missed, from this run's own measurements where they show it. */
const WHY_MISSED = {
  call: (t) => {
    const floor = t.floor.median;
    const bare = t.bareWorker.median;
    const supervisor = t.supervisorCall.median;
    return (
      `the native worker alone, driven frame by frame without any supervisor, takes ${us(bare)} (${ratio(bare / floor)} the floor): ` +
      `decoding the frame in C++, running the Lua function under its limits and encoding the reply cost ${us(bare - floor)} more than an echo. ` +
      `The supervisor adds ${us(supervisor - bare)} (a promise, a deadline and a tracker entry per request, the checks of each reply, and the garbage they leave) ` +
      `and the facade ${us(t.call.median - supervisor)}. With this worker, a 1.5× target leaves ${us(Math.max(0, 1.5 * floor - bare))} for everything the host does ` +
      'above the codec: the supervisor would have to do less per request to meet it.'
    );
  },
  callback: (t) =>
    `a callback is a round trip over the same pipes (${us(t.floor.median)} for the echo) plus the worker suspending the Lua call, and the supervisor running the callback and checking its result.`,
  creation: () =>
    'creation is dominated by the spawn of the worker process (fork and exec from a Node process, the dynamic loading of liblua) and the handshake; a loaded machine delays the spawn most.',
  idleRss: () =>
    'RSS counts the pages of the shared libraries a worker maps (libc, libstdc++, liblua), which workers share: each extra worker costs less than its RSS.',
};

function table(header, rows) {
  const widths = header.map((cell, column) => Math.max(cell.length, ...rows.map((row) => row[column].length)));
  const line = (cells) => `| ${cells.map((cell, column) => cell.padEnd(widths[column])).join(' | ')} |`;
  return [line(header), `| ${widths.map((width) => '-'.repeat(width)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

const versus = (t, key, ratioKey) => `${us(t[key].median)} against ${us(t.floor.median)}: ${ratio(t[ratioKey].median)}`;

function targets({ roundTrips, creation }) {
  const basis = roundTrips.pinned ?? roundTrips.spread;
  const both = (key, ratioKey) => [
    roundTrips.pinned ? versus(roundTrips.pinned, key, ratioKey) : 'not measured',
    versus(roundTrips.spread, key, ratioKey),
  ];
  return [
    {
      key: 'call',
      name: 'a call within 1.5× of the raw ping-pong',
      measured: both('call', 'callRatio'),
      met: basis.callRatio.median <= 1.5,
    },
    {
      key: 'callback',
      name: 'a callback within 2× of the raw ping-pong',
      measured: both('callback', 'callbackRatio'),
      met: basis.callbackRatio.median <= 2,
    },
    {
      key: 'creation',
      name: 'creation to first result under 15 ms',
      measured: ['—', ms(creation.creation.median)],
      met: creation.creation.median < 15,
    },
    {
      key: 'idleRss',
      name: 'an idle VM under 8 MiB of RSS',
      measured: ['—', mib(creation.idleRss.median)],
      met: creation.idleRss.median < 8 * MIB,
    },
  ];
}

function roundTripRows({ pinned, spread }) {
  const kinds = [
    ['floor', 'raw ping-pong of a `call` frame through `cat` (the floor)', us],
    ['bareWorker', 'the same call to the bare native worker, no supervisor', us],
    ['supervisorCall', "`supervisor.call('add', [1, 2])` (`@luaward/host` alone)", us],
    ['call', "`vm.call('add', 1, 2)`", us],
    ['callRatio', 'call ÷ floor, per round', ratio],
    ['callback', 'a Lua → host callback round trip', us],
    ['callbackRatio', 'callback ÷ floor, per round', ratio],
  ];
  return kinds.map(([key, label, format]) => [
    label,
    pinned ? withSpread(format(pinned[key].median), pinned[key]) : 'not measured',
    withSpread(format(spread[key].median), spread[key]),
  ]);
}

/** The section's Markdown (without its heading). */
export function renderSection({ roundTrips, creation, openAtOnce, machine, settings: s, seconds }) {
  const checks = targets({ roundTrips, creation });
  const basis = roundTrips.pinned ?? roundTrips.spread;
  const missed = checks.filter((check) => !check.met);
  return `_Written by \`packages/luaward/bench/run.mjs\` from the measurements of its run on ${machine.date}; do not edit by hand. Rerun with \`pnpm --filter luaward bench\` (the run took ${seconds} s)._

Machine: ${machine.cpu}, ${machine.system}, ${machine.node}, cpuidle driver ${machine.cpuidle}; Lua: ${machine.lua}; the native worker (the default). Load average when the run ended: ${machine.load.toFixed(1)}.

### Targets

Round-trip targets are judged ${roundTrips.pinned ? 'on the run pinned to one CPU (see Method for why)' : 'on the run over every CPU (taskset was not available for a pinned run)'}.

${table(
  ['target', 'pinned to one CPU (median)', 'on every CPU (median)', 'verdict'],
  checks.map((check) => [check.name, check.measured[0], check.measured[1], check.met ? 'met' : '**missed**']),
)}
${missed.length === 0 ? '' : `\n${missed.map((check) => `- ${check.name}: ${WHY_MISSED[check.key](basis)}`).join('\n')}\n`}
### Round trips

Microseconds per round trip: median over ${s.rounds} rounds, with its spread.

${table(['round trip', 'pinned to one CPU', 'on every CPU'], roundTripRows(roundTrips))}

On every CPU, each kind runs on a worker of its own, and whether that worker's round trips pay a cross-CPU wake-up depends on where the scheduler placed it, not on the software: a kind can be several times slower than its neighbours. (With several supervisors and VMs side by side, which of them were slow changed from run to run, VMs and bare supervisors alike.) See Method.

### Creation and memory

${table(
  ['measurement', 'median'],
  [
    ["`IsolatedLuaVM.create()` + `execute('return 1')`", withSpread(ms(creation.creation.median), creation.creation)],
    ['RSS of an idle worker', withSpread(mib(creation.idleRss.median), creation.idleRss)],
    [`${s.openAtOnce} VMs: time to open them all at once`, withSpread(ms(openAtOnce.opened.median), openAtOnce.opened)],
    [`${s.openAtOnce} VMs: total RSS of their workers`, withSpread(mib(openAtOnce.totalRss.median), openAtOnce.totalRss)],
    [`${s.openAtOnce} VMs: time to close them all`, withSpread(ms(openAtOnce.closed.median), openAtOnce.closed)],
  ],
)}

### Method

- Floor: the host encodes a \`call\` frame (\`{ type: 'call', name: 'add', args: [1, 2] }\`) with the protocol's codec and sends it to \`cat\`, started by the same launcher as a worker (same pipes, empty environment, cwd /); the echoed frame is decoded by the same codec. That is the least any design with the Lua state in another process pays per request: no supervisor, no worker, no Lua.
- Bare worker: the same \`call\` frames to the native worker, after a hand-made handshake, with nothing but the codec on this side. Supervisor: \`Supervisor.call\` of \`@luaward/host\` on a worker with the same limits. With the floor, they split a call's cost between the worker, the supervisor and the facade.
- Call: \`await vm.call('add', 1, 2)\` back to back, through the whole stack, on a VM with default options (64 MiB memory limit, 10⁸ instruction budget, 30 s timeout: every limit on). Callback: \`vm.call('spin', ${s.slice})\`, whose Lua loop calls the host callback \`identity(i)\` ${s.slice} times; time per iteration (the Lua loop and the one call around it add well under a microsecond).
- Each round makes ${s.roundTrips} round trips of each kind in slices of ${s.slice}, the kinds taking turns slice by slice in a rotating order, so that a slow spell of the shared machine hits them alike; a kind's figure for the round is its median slice. One warm-up round, not recorded. Ratios are the median of the per-round ratios.
- Pinned and not: on this virtual machine an idle vCPU halts (cpuidle driver ${machine.cpuidle}), and waking it takes tens of microseconds, more than all the work of a round trip. On every CPU, a round trip pays that wake-up whenever the two sides of the pipe sit on different CPUs, which the scheduler decides for each process and may change at any time: one worker's round trips can cost several times another's in the same run, and the floor moves with the load of the machine. Those figures say what a deployment on such a machine may see, not what the software costs. Pinned to one CPU (\`taskset -c 0\`, inherited by the workers), a round trip is two context switches plus the work of both sides: the cost of the software itself, and the figures the targets are judged on. Both runs happen in child processes of the benchmark, one after the other.
- Creation: \`await IsolatedLuaVM.create()\` then \`await vm.execute('return 1')\`, ${s.creations} times per round, ${s.creationRounds} rounds (a round's figure is its median); then the RSS of that worker (VmRSS in /proc/<pid>/status) before it is closed, untimed. ${s.openAtOnce} VMs: \`Promise.all\` of ${s.openAtOnce} \`IsolatedLuaVM.create()\`, the sum of their workers' RSS, then \`Promise.all\` of their \`close()\`; ${s.openAtOnceRounds} rounds.`;
}

/** Replaces the `heading` section of the Markdown page at `path` (up to the next `## `), or appends it. */
export function writeSection(path, heading, body) {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trimEnd() === heading);
  const section = `${heading}\n\n${body.trim()}`;
  let page;
  if (start === -1) {
    page = `${text.trimEnd()}\n\n${section}\n`;
  } else {
    const rest = lines.slice(start + 1).findIndex((line) => line.startsWith('## '));
    const end = rest === -1 ? lines.length : start + 1 + rest;
    page = `${[lines.slice(0, start).join('\n').trimEnd(), section, lines.slice(end).join('\n').trimEnd()].filter(Boolean).join('\n\n')}\n`;
  }
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, page);
  renameSync(temporary, path);
}
