// `pnpm bench` in packages/luaward: what an isolated VM costs, side by side with the floor of
// any process-isolated design (the same frames echoed by `cat`), measured against the built
// packages. Prints the results and writes the `## Isolated VM` section of docs/benchmarks.md.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';

import { IsolatedLuaVM } from '../dist/index.js';

import { renderSection, writeSection } from './report.mjs';
import { median, summarize } from './stats.mjs';

const SETTINGS = {
  rounds: 15,
  roundTrips: 2000,
  slice: 100,
  creationRounds: 9,
  creations: 10,
  openAtOnce: 200,
  openAtOnceRounds: 3,
};
const DOC = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
const ROUND_TRIPS = fileURLToPath(new URL('./round-trips.mjs', import.meta.url));
const TASKSET = ['/usr/bin/taskset', '/bin/taskset'].find((path) => existsSync(path));

/** Resident memory of process `pid`, in bytes (VmRSS of /proc/<pid>/status). */
function rss(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line)[1]) * 1024;
}

/** Runs round-trips.mjs in a child process (pinned to CPU 0 when `pinned`) and summarises its rounds. */
function measureRoundTrips(pinned) {
  const script = [process.execPath, ROUND_TRIPS, SETTINGS.rounds, SETTINGS.roundTrips, SETTINGS.slice].map(String);
  const [command, ...args] = pinned ? [TASKSET, '-c', '0', ...script] : script;
  const rounds = JSON.parse(execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
  const pick = (key) => summarize(rounds.map((round) => round[key]));
  return {
    floor: pick('floor'),
    bareWorker: pick('bareWorker'),
    supervisorCall: pick('supervisorCall'),
    call: pick('call'),
    callback: pick('callback'),
    callRatio: summarize(rounds.map((round) => round.call / round.floor)),
    callbackRatio: summarize(rounds.map((round) => round.callback / round.floor)),
  };
}

/** Creation to first result, and the RSS of the idle worker then, over repeated rounds. */
async function measureCreation() {
  const creations = [];
  const idle = [];
  await (await IsolatedLuaVM.create()).close(); // warm-up: module loading, first spawn
  for (let round = 0; round < SETTINGS.creationRounds; round += 1) {
    const times = [];
    for (let i = 0; i < SETTINGS.creations; i += 1) {
      const begin = performance.now();
      const vm = await IsolatedLuaVM.create();
      await vm.execute('return 1');
      times.push(performance.now() - begin);
      idle.push(rss((await vm.stats()).pid));
      await vm.close();
    }
    creations.push(median(times));
  }
  return { creation: summarize(creations), idleRss: summarize(idle) };
}

async function measureOpenAtOnce() {
  const rounds = [];
  for (let round = 0; round < SETTINGS.openAtOnceRounds; round += 1) {
    const begin = performance.now();
    const vms = await Promise.all(Array.from({ length: SETTINGS.openAtOnce }, () => IsolatedLuaVM.create()));
    const opened = performance.now() - begin;
    const pids = await Promise.all(vms.map(async (vm) => (await vm.stats()).pid));
    const totalRss = pids.reduce((sum, pid) => sum + rss(pid), 0);
    const closing = performance.now();
    await Promise.all(vms.map((vm) => vm.close()));
    rounds.push({ opened, totalRss, closed: performance.now() - closing });
  }
  const pick = (key) => summarize(rounds.map((round) => round[key]));
  return { opened: pick('opened'), totalRss: pick('totalRss'), closed: pick('closed') };
}

function readOr(read, fallback) {
  try {
    return read();
  } catch {
    return fallback;
  }
}

function describeMachine() {
  return {
    date: new Date().toISOString().slice(0, 10),
    cpu: `${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'})`,
    system: `${os.type()} ${os.release()} ${os.arch()}`,
    node: `Node ${process.version}`,
    lua: `liblua5.4 ${readOr(() => execFileSync('pkg-config', ['--modversion', 'lua5.4'], { encoding: 'utf8' }).trim(), '')}`.trim(),
    cpuidle: readOr(() => readFileSync('/sys/devices/system/cpu/cpuidle/current_driver', 'utf8').trim(), 'unknown'),
    load: os.loadavg()[0],
  };
}

const began = performance.now();
process.stderr.write('round trips on every CPU...\n');
const spread = measureRoundTrips(false);
process.stderr.write(TASKSET ? 'round trips pinned to one CPU...\n' : 'taskset not found: no run pinned to one CPU\n');
const pinned = TASKSET ? measureRoundTrips(true) : undefined;
process.stderr.write('creation...\n');
const creation = await measureCreation();
process.stderr.write(`${SETTINGS.openAtOnce} VMs at once...\n`);
const openAtOnce = await measureOpenAtOnce();
const section = renderSection({
  roundTrips: { spread, pinned },
  creation,
  openAtOnce,
  machine: describeMachine(),
  settings: SETTINGS,
  seconds: Math.round((performance.now() - began) / 1000),
});
process.stdout.write(`${section}\n`);
writeSection(DOC, '## Isolated VM', section);
