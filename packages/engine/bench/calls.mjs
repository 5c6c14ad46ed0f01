// The call-pattern measurements: JS calling the Lua function add(a, b), and a
// Lua loop calling the host function js_add, with the same loop minus the call
// timed alongside so its cost can be subtracted.
import { median } from './stats.mjs';
import { calibrateIterations, timeSync } from './timing.mjs';

/**
 * Per-batch duration the iteration counts are calibrated for, in ms, and the
 * batches each round takes the median of. Short batches are often not cut by
 * another process on the shared machine, so the median sees through those that are.
 */
export const BATCH_MS = 8;
export const BATCHES_PER_ROUND = 5;

function callBatch(add, iterations) {
  return timeSync(() => {
    for (let i = 0; i < iterations; i++) add(i, 1);
  }).ms;
}

/** Fails loudly if a runtime's call patterns do not compute what they should. */
export function checkCalls(runtime) {
  const { add, callbackLoop, emptyLoop } = runtime.calls;
  const got = [add(2, 3), callbackLoop(10), emptyLoop(10)];
  if (got.join() !== '5,65,65') {
    throw new Error(`${runtime.label}: add(2, 3), callback_loop(10), empty_loop(10) gave ${got.join(', ')}, not 5, 65, 65`);
  }
}

/** Iteration counts giving batches of about BATCH_MS on this runtime. */
export function calibrateCalls(runtime) {
  const { add, callbackLoop } = runtime.calls;
  return {
    call: calibrateIterations((n) => callBatch(add, n), BATCH_MS),
    callback: calibrateIterations((n) => timeSync(() => callbackLoop(n)).ms, BATCH_MS),
  };
}

/** The median over BATCHES_PER_ROUND batches of `runBatch(iterations)`, in ns per iteration. */
function nsPerIteration(runBatch, iterations) {
  const samples = [];
  for (let i = 0; i < BATCHES_PER_ROUND; i++) samples.push((runBatch(iterations) * 1e6) / iterations);
  return median(samples);
}

/** One round's sample of each pattern, in ns per call or per loop iteration. */
export function measureCalls(runtime, iterations) {
  const { add, callbackLoop, emptyLoop } = runtime.calls;
  const callback = nsPerIteration((n) => timeSync(() => callbackLoop(n)).ms, iterations.callback);
  const loop = nsPerIteration((n) => timeSync(() => emptyLoop(n)).ms, iterations.callback);
  return {
    call: nsPerIteration((n) => callBatch(add, n), iterations.call),
    callback,
    loop,
    net: callback - loop,
  };
}
