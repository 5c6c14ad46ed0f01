import { describe, expect, it } from 'vitest';
import { ENGINE_WITH_HOOK, ENGINE_WITHOUT_HOOK } from './ids.mjs';
import { judge } from './targets.mjs';

function engine(id, label, ratios, call, callback) {
  return {
    compute: ratios.map((ratio, i) => ({ workload: { label: `w${i}` }, result: { runtime: { id, label }, ratio } })),
    calls: { runtime: { id, label }, call: { median: call }, callback: { median: callback }, net: { median: callback - 10 } },
  };
}

function results(...engines) {
  return {
    compute: engines[0].compute.map(({ workload }, i) => ({ workload, results: engines.map((e) => e.compute[i].result) })),
    calls: engines.map((e) => e.calls),
  };
}

describe('judge', () => {
  const verdicts = judge(
    results(engine(ENGINE_WITH_HOOK, 'on', [1.15, 2.1], 999, 1000), engine(ENGINE_WITHOUT_HOOK, 'off', [1.0, 1.15], 400, 200)),
  );

  it('meets the compute target at exactly 1.15× and misses it when any workload is over', () => {
    const compute = verdicts.filter((v) => v.target.startsWith('compute'));
    expect(compute.map((v) => [v.runtime, v.measured, v.met])).toEqual([
      ['on', 'w0 1.15×, w1 2.10×', false],
      ['off', 'w0 1.00×, w1 1.15×', true],
    ]);
  });

  it('needs a call and a callback strictly under 1 µs, the callback judged with its loop included', () => {
    const calls = verdicts.filter((v) => !v.target.startsWith('compute'));
    expect(calls.map((v) => [v.target, v.runtime, v.measured, v.met])).toEqual([
      ['JS → Lua call under 1 µs', 'on', '999 ns', true],
      ['Lua → JS callback under 1 µs', 'on', '1,000 ns (990 ns net of the loop)', false],
      ['JS → Lua call under 1 µs', 'off', '400 ns', true],
      ['Lua → JS callback under 1 µs', 'off', '200 ns (190 ns net of the loop)', true],
    ]);
  });
});
