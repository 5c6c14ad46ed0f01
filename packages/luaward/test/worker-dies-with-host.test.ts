// A host that dies without closing its VMs (SIGKILL, the OOM killer, a hard
// restart) takes its native workers with it: the kernel kills each worker when
// its parent dies, even in the middle of a request that would never end, in Lua
// or in one long C call.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

import { describe, expect, it } from 'vitest';

/** The host: two VMs busy forever; their worker pids on stdout once both requests run. */
const HOST = `
import { IsolatedLuaVM } from 'luaward';
const waiting = [];
const running = () => new Promise((resolve) => waiting.push(resolve));
const options = { instructionLimit: Infinity, timeout: Infinity, callbacks: { running: () => waiting.shift()() } };
const vms = await Promise.all([IsolatedLuaVM.create(options), IsolatedLuaVM.create(options)]);
const pids = await Promise.all(vms.map(async (vm) => (await vm.stats()).pid));
const both = Promise.all([running(), running()]);
vms[0].execute('running() while true do end').catch(() => {});
vms[1].execute('running() return string.find(string.rep("a", 200000), ".-.-.-.-.-b")').catch(() => {});
await both;
console.log(JSON.stringify(pids));
`;

/** True while `pid` is a process that is not a zombie (a killed worker may wait to be reaped). */
function alive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function within(ms: number, condition: () => boolean): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

describe.runIf(process.platform === 'linux')('native workers of a host killed with SIGKILL', () => {
  it('are gone within a second, one in a Lua loop and one in a long C call', async () => {
    const host = spawn(process.execPath, ['--input-type=module', '-e', HOST], {
      cwd: new URL('..', import.meta.url),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const exited = once(host, 'exit');
    const [line] = (await once(createInterface({ input: host.stdout! }), 'line')) as [string];
    const pids = JSON.parse(line) as number[];
    expect(pids).toHaveLength(2);
    expect(pids.every(alive)).toBe(true);

    host.kill('SIGKILL');
    await exited;
    expect(await within(1000, () => !pids.some(alive))).toBe(true);
  });
});
