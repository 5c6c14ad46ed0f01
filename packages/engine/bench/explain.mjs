// Says, from the measurements, what a missed target of the engine with limits
// on is down to: the instruction hook, or the rest of the engine.
import * as format from './format.mjs';
import { ENGINE_WITH_HOOK as WITH_HOOK, ENGINE_WITHOUT_HOOK as WITHOUT_HOOK } from './ids.mjs';
import { CALL_NS, COMPUTE_RATIO } from './targets.mjs';

/** A hook costing less than this factor is lost in the run-to-run noise. */
const NOISE = 1.03;

const HOOK_MECHANISM =
  'Why the hook costs this much: while any count hook is installed, Lua 5.4 sends every VM instruction through `luaG_traceexec` (a function call and a counter update) and every return through its hook bookkeeping, whatever the hook’s count. The cost is per Lua instruction and per Lua call, so it is highest on call-heavy Lua code such as fib and lowest where the time goes into C library functions (`table.sort`’s comparisons, `string.format`, `gsub`). A larger `instructionLimit` does not reduce it; only `Infinity`, which installs no hook, does.';

/** `{ text, blamesHook }`: the note on one missed target, and whether it puts the miss down to the hook. */
function verdictOnHook(both, withHook, withoutHook, overTarget) {
  const factor = withHook / withoutHook;
  if (overTarget(withoutHook)) {
    return { text: `${both}; it is over the target without the hook too, so the hook is not the main cause.`, blamesHook: false };
  }
  if (factor < NOISE) return { text: `${both}; on the edge of the target, within the noise of the run.`, blamesHook: false };
  return { text: `${both}; the hook alone (a factor of ${factor.toFixed(2)}) puts it over the target.`, blamesHook: true };
}

function computeNotes(results) {
  const ratioOf = (computeResult, id) => computeResult.results.find((result) => result.runtime.id === id).ratio;
  return results.compute.flatMap((computeResult) => {
    const withHook = ratioOf(computeResult, WITH_HOOK);
    const withoutHook = ratioOf(computeResult, WITHOUT_HOOK);
    if (withHook <= COMPUTE_RATIO) return [];
    const both = `${computeResult.workload.label}: ${format.ratio(withHook)} with the instruction hook, ${format.ratio(withoutHook)} with \`instructionLimit: Infinity\``;
    return [verdictOnHook(both, withHook, withoutHook, (ratio) => ratio > COMPUTE_RATIO)];
  });
}

function callNotes(results) {
  const callsOf = (id) => results.calls.find((result) => result.runtime.id === id);
  const withHook = callsOf(WITH_HOOK);
  const withoutHook = callsOf(WITHOUT_HOOK);
  return [
    ['call', 'A JS → Lua call'],
    ['callback', 'A Lua → JS callback'],
  ].flatMap(([key, what]) => {
    const on = withHook[key].median;
    const off = withoutHook[key].median;
    if (on < CALL_NS) return [];
    const both = `${what}: ${format.ns(on)} ns with the instruction hook, ${format.ns(off)} ns with \`instructionLimit: Infinity\``;
    return [verdictOnHook(both, on, off, (ns) => ns >= CALL_NS)];
  });
}

/** Notes on each target the engine with limits on misses; empty when it meets them all. */
export function explain(results) {
  // The mechanism is about VM instructions, so only a compute note blamed on the hook calls for it.
  const compute = computeNotes(results);
  const mechanism = compute.some((note) => note.blamesHook) ? [HOOK_MECHANISM] : [];
  return [...compute.map((note) => note.text), ...mechanism, ...callNotes(results).map((note) => note.text)];
}
