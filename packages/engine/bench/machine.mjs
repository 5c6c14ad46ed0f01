// What the numbers were measured on, for the results page.
import os from 'node:os';

/** The 1-minute load average now: runnable processes, this benchmark's own included. */
export const currentLoad = () => os.loadavg()[0];

export function describeMachine() {
  const cpus = os.cpus();
  return {
    date: new Date().toISOString().slice(0, 10),
    cpu: `${os.availableParallelism()} cores (${cpus[0]?.model ?? 'unknown CPU'})`,
    system: `${os.type()} ${os.release()} ${os.arch()}`,
    node: `Node ${process.version}`,
  };
}
