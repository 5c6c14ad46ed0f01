// Encode + decode throughput of typical messages through the protocol codec (framing, value
// walk, scan, validation) against bare msgpackr pack + unpack of the same messages, in one run.
// Uses the built package: run `pnpm bench` in packages/protocol after `pnpm build`, or `pnpm bench`
// at the root, where turbo builds first. Prints a table and writes it into docs/benchmarks.md under
// "## Protocol codec", leaving the other sections as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, type as osType } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Packr, Unpackr } from 'msgpackr';
import { HostCodec, WorkerCodec } from '../dist/index.js';

const ROUNDS = 21;
const BATCHES = 5;
const BATCH_MS = 10;
const WARM_UP_MS = 200;
const TARGET = 1.3;

const host = new HostCodec();
const worker = new WorkerCodec();
const packr = new Packr({ useRecords: false });
const unpackr = new Unpackr({ useRecords: false });

const table = {
  users: Array.from({ length: 20 }, (_, i) => ({
    id: i + 1,
    name: `user ${i + 1}`,
    score: (i + 1) * 1.25,
    active: i % 3 !== 0,
    tags: ['a', 'b'],
  })),
  total: 20,
};
const cases = [
  {
    name: 'small call',
    detail: '`call` of `add(1, 2)`, host to worker',
    message: { type: 'call', id: 12, name: 'add', args: [1, 2] },
    encoder: host,
    decoder: worker,
  },
  {
    name: 'result with a table',
    detail: '`result` holding 20 rows of 5 fields',
    message: { type: 'result', id: 12, values: [table] },
    encoder: worker,
    decoder: host,
  },
  {
    name: 'print',
    detail: '`print` of a 40-character line',
    message: { type: 'print', data: 'step 42 of 100: everything is fine here' },
    encoder: worker,
    decoder: host,
  },
  {
    name: 'large string',
    detail: '`result` holding a 1 MiB string',
    message: { type: 'result', id: 12, values: ['x'.repeat(1024 * 1024)] },
    encoder: worker,
    decoder: host,
  },
];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const variants = {
  codec: (c) => () => c.decoder.decode(c.encoder.encode(c.message)),
  msgpackr: (c) => () => unpackr.unpack(packr.pack(c.message)),
};

/**
 * CPU time of this process in ms. The machine is shared: CPU time, unlike wall time, does not
 * count the spells in which other processes hold the cores.
 */
function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Ops per CPU second of `run`: the median of BATCHES batches of `count` calls. */
function measure(run, count) {
  const rates = [];
  for (let batch = 0; batch < BATCHES; batch++) {
    const start = cpuMs();
    for (let i = 0; i < count; i++) run();
    rates.push(count / ((cpuMs() - start) / 1000));
  }
  return median(rates);
}

/** How many calls take about BATCH_MS of CPU time, measured once `run` is optimised. */
function calibrate(run) {
  const warmUpUntil = cpuMs() + WARM_UP_MS;
  while (cpuMs() < warmUpUntil) for (let i = 0; i < 100; i++) run();
  let count = 1;
  for (;;) {
    const start = cpuMs();
    for (let i = 0; i < count; i++) run();
    const ms = cpuMs() - start;
    if (ms >= BATCH_MS / 2) return Math.max(1, Math.round((count * BATCH_MS) / ms));
    count *= 2;
  }
}

const spread = (values) => {
  const m = median(values);
  return median(values.map((value) => Math.abs(value - m))) / m;
};

// Both variants must agree on what the message is, or the comparison means nothing.
for (const c of cases) {
  const ours = JSON.stringify(variants.codec(c)());
  const bare = JSON.stringify(variants.msgpackr(c)());
  if (ours !== bare) throw new Error(`${c.name}: the codec and msgpackr decode different messages`);
}

const started = Date.now();
const batches = new Map();
for (const c of cases)
  for (const [variant, make] of Object.entries(variants))
    batches.set(`${c.name}/${variant}`, { run: make(c), count: calibrate(make(c)), rates: [] });
const ratios = new Map(cases.map((c) => [c.name, []]));
const loads = [];
for (let round = 0; round <= ROUNDS; round++) {
  // Rotate the order from round to round, so that a slow spell of the machine hits all alike.
  const order = cases.map((_, i) => cases[(i + round) % cases.length]);
  for (const c of order) {
    const rates = {};
    for (const variant of round % 2 ? ['msgpackr', 'codec'] : ['codec', 'msgpackr']) {
      const batch = batches.get(`${c.name}/${variant}`);
      rates[variant] = measure(batch.run, batch.count);
      if (round > 0) batch.rates.push(rates[variant]); // round 0 warms up
    }
    if (round > 0) ratios.get(c.name).push(rates.msgpackr / rates.codec);
  }
  loads.push(loadavg()[0]);
}
const seconds = Math.round((Date.now() - started) / 1000);

const fmt = (n) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
const rows = cases.map((c) => {
  const ours = batches.get(`${c.name}/codec`).rates;
  const bare = batches.get(`${c.name}/msgpackr`).rates;
  const ratio = median(ratios.get(c.name));
  return {
    name: c.name,
    detail: c.detail,
    codec: `${fmt(median(ours))} ±${(spread(ours) * 100).toFixed(1)} %`,
    bare: `${fmt(median(bare))} ±${(spread(bare) * 100).toFixed(1)} %`,
    ratio: `${ratio.toFixed(2)}×`,
    verdict: ratio <= TARGET ? 'met' : '**missed**',
  };
});

const header = ['message', 'codec ops/s', 'bare msgpackr ops/s', 'codec time ÷ msgpackr time', `target ≤ ${TARGET}×`];
const body = rows.map((row) => [row.name, row.codec, row.bare, row.ratio, row.verdict]);
const widths = header.map((cell, i) => Math.max(cell.length, ...body.map((line) => line[i].length)));
const line = (cells) => `| ${cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join(' | ')} |`;
const tableText = [
  line(header),
  `| ${widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`,
  ...body.map(line),
].join('\n');
console.log(tableText);

const cpu = cpus();
const machine = `${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${osType()} ${release()}, Node ${process.version}; 1-minute load average during the run ${median(loads).toFixed(1)}`;
const section = `## Protocol codec

_Written by \`packages/protocol/bench/codec.bench.mjs\` from its run on ${new Date().toISOString().slice(0, 10)}; do not edit by hand. Rerun with \`pnpm --filter @luaward/protocol bench\` after \`pnpm build\` (the run took ${seconds} s)._

Machine: ${machine}.

Each figure is one full trip of a message: encode it into a frame, then decode the frame, as a
sender and a receiver do. "codec" is \`@luaward/protocol\` (\`HostCodec\`/\`WorkerCodec\`: the value
walk, msgpackr, the length prefix, the frame scan and the message validation); "bare msgpackr"
is \`Packr.pack\` then \`Unpackr.unpack\` of the same message with \`useRecords: false\` and nothing
else. The target is that framing and validation cost at most ${TARGET}× bare msgpackr.

${tableText}

${rows.map((row) => `- ${row.name}: ${row.detail}.`).join('\n')}
- Method: one warm-up round, then ${ROUNDS} rounds; in each, every message runs through both
  variants back to back, in an order rotated from round to round. A round's figure is the median
  of ${BATCHES} batches, each calibrated (after ${WARM_UP_MS} ms of warm-up) to about ${BATCH_MS} ms
  of CPU time. Time is the CPU time of the process (\`process.cpuUsage()\`), so that other
  processes on the shared machine do not count. The table gives the median over rounds and its
  spread (median absolute deviation relative to the median); the ratio is the median of the
  per-round ratios.
`;

const docs = fileURLToPath(new URL('../../../docs/benchmarks.md', import.meta.url));
const existing = existsSync(docs) ? readFileSync(docs, 'utf8') : '# Benchmarks\n';
const start = existing.indexOf('\n## Protocol codec\n');
let updated;
if (start === -1) {
  updated = `${existing.trimEnd()}\n\n${section}`;
} else {
  const next = existing.indexOf('\n## ', start + 1);
  updated = `${existing.slice(0, start + 1)}${section}${next === -1 ? '' : `\n${existing.slice(next + 1)}`}`;
}
writeFileSync(docs, updated);
console.log(`\nwrote the "Protocol codec" section of ${docs}`);
