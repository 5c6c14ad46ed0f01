import { describe, expect, it } from 'vitest';
import { explain } from './explain.mjs';
import { ENGINE_WITH_HOOK, ENGINE_WITHOUT_HOOK } from './ids.mjs';

const runtime = (id) => ({ runtime: { id } });

function results({ compute, call = [500, 500], callback = [300, 300] }) {
  return {
    compute: compute.map(([label, withHook, withoutHook]) => ({
      workload: { label },
      results: [
        { ...runtime(ENGINE_WITH_HOOK), ratio: withHook },
        { ...runtime(ENGINE_WITHOUT_HOOK), ratio: withoutHook },
      ],
    })),
    calls: [
      { ...runtime(ENGINE_WITH_HOOK), call: { median: call[0] }, callback: { median: callback[0] } },
      { ...runtime(ENGINE_WITHOUT_HOOK), call: { median: call[1] }, callback: { median: callback[1] } },
    ],
  };
}

describe('explain', () => {
  it('says nothing when every target is met', () => {
    expect(explain(results({ compute: [['fib', 1.1, 1.0]] }))).toEqual([]);
  });

  it('blames the hook when the engine without it is within the target, and says how the hook costs', () => {
    const notes = explain(results({ compute: [['fib', 2.1, 1.0]] }));
    expect(notes).toHaveLength(2);
    expect(notes[0]).toBe(
      'fib: 2.10× with the instruction hook, 1.00× with `instructionLimit: Infinity`; the hook alone (a factor of 2.10) puts it over the target.',
    );
    expect(notes[1]).toMatch(/^Why the hook costs this much: .*luaG_traceexec/);
  });

  it('does not blame the hook for a gap that is there without it', () => {
    expect(explain(results({ compute: [['sort', 1.3, 1.25]] }))).toEqual([
      'sort: 1.30× with the instruction hook, 1.25× with `instructionLimit: Infinity`; it is over the target without the hook too, so the hook is not the main cause.',
    ]);
  });

  it('calls a difference smaller than the noise a result on the edge of the target', () => {
    expect(explain(results({ compute: [['sort', 1.16, 1.15]] }))).toEqual([
      'sort: 1.16× with the instruction hook, 1.15× with `instructionLimit: Infinity`; on the edge of the target, within the noise of the run.',
    ]);
  });

  it('explains a missed call target from both configurations', () => {
    expect(explain(results({ compute: [], call: [1200, 1100] }))).toEqual([
      'A JS → Lua call: 1,200 ns with the instruction hook, 1,100 ns with `instructionLimit: Infinity`; it is over the target without the hook too, so the hook is not the main cause.',
    ]);
  });
});
