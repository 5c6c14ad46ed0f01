// The engine's performance targets and their verdicts from measured results.
import * as format from './format.mjs';
import { ENGINE_WITH_HOOK, ENGINE_WITHOUT_HOOK } from './ids.mjs';

/** Compute workloads must run within this factor of the reference lua. */
export const COMPUTE_RATIO = 1.15;
/** A JS → Lua call and a Lua → JS callback must each take less than this, in ns. */
export const CALL_NS = 1000;

const ENGINES = [ENGINE_WITH_HOOK, ENGINE_WITHOUT_HOOK];

const engineResults = (results, id) => ({
  compute: results.compute.map(({ workload, results: byRuntime }) => ({
    workload,
    ...byRuntime.find((result) => result.runtime.id === id),
  })),
  calls: results.calls.find((result) => result.runtime.id === id),
});

/** One verdict per target and engine configuration: `{ target, runtime, measured, met }`. */
export function judge(results) {
  const verdicts = [];
  for (const id of ENGINES) {
    const { compute, calls } = engineResults(results, id);
    verdicts.push({
      target: `compute within ${COMPUTE_RATIO}× of the reference lua`,
      runtime: calls.runtime.label,
      measured: compute.map((result) => `${result.workload.label} ${format.ratio(result.ratio)}`).join(', '),
      met: compute.every((result) => result.ratio <= COMPUTE_RATIO),
    });
    verdicts.push({
      target: `JS → Lua call under ${CALL_NS / 1000} µs`,
      runtime: calls.runtime.label,
      measured: `${format.ns(calls.call.median)} ns`,
      met: calls.call.median < CALL_NS,
    });
    verdicts.push({
      target: `Lua → JS callback under ${CALL_NS / 1000} µs`,
      runtime: calls.runtime.label,
      measured: `${format.ns(calls.callback.median)} ns (${format.ns(calls.net.median)} ns net of the loop)`,
      met: calls.callback.median < CALL_NS,
    });
  }
  return verdicts;
}
