// Timing shared by every runtime in this process. It reads CPU time, not
// wall time: on a shared machine the time another process holds the core is
// not this runtime's cost, and the reference lua is timed the same way
// (os.clock, in lua-command-driver.lua).

/**
 * Runs `fn` once and returns its result with the CPU time this process spent
 * meanwhile, in ms (user + system, all threads: V8's helper threads count).
 */
export function timeSync(fn) {
  const start = process.cpuUsage();
  const value = fn();
  const { user, system } = process.cpuUsage(start);
  return { ms: (user + system) / 1000, value };
}

/**
 * The iteration count for which `runBatch(n)` (which returns its elapsed ms)
 * takes about `targetMs`. Runtimes differ by 100x in call cost, so a fixed
 * count would be either too short to time or far too long. Doubles a small
 * batch until it is long enough to time, then checks the estimate with one
 * batch of the estimated size, since the first batches also pay for warming up.
 */
export function calibrateIterations(runBatch, targetMs) {
  let iterations = 1000;
  let ms = runBatch(iterations);
  while (ms < targetMs / 4) {
    iterations *= 2;
    ms = runBatch(iterations);
  }
  const estimate = Math.round((iterations * targetMs) / ms);
  return Math.max(1000, Math.round((estimate * targetMs) / runBatch(estimate)));
}
