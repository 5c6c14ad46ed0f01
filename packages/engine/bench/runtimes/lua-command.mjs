// The reference: the stand-alone `lua` interpreter built from the same Lua
// tarball with the same options as the engine (binding.gyp's lua-reference
// target, in build/Release), kept running for the whole benchmark and driven over its stdin/stdout by lua-command-driver.lua, which
// times each call inside Lua with os.clock. Process start-up, parsing and the
// pipe are never part of a measurement.
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { LUA_COMMAND } from '../ids.mjs';

const COMMAND = fileURLToPath(new URL('../../build/Release/lua-reference', import.meta.url));
const DRIVER = fileURLToPath(new URL('../lua-command-driver.lua', import.meta.url));

/** "Lua 5.4.9" from `lua-reference -v`, or an error saying how to build it. */
function commandVersion() {
  const result = spawnSync(COMMAND, ['-v'], { encoding: 'utf8' });
  if (result.error) {
    throw new Error(
      `the reference interpreter ${COMMAND} is built with the engine (pnpm --filter @luaward/engine build): ${result.error.message}`,
    );
  }
  return (result.stdout || result.stderr).match(/Lua \d+\.\d+(\.\d+)?/)?.[0] ?? 'unknown version';
}

export async function createLuaCommandRuntime(workloadsPath) {
  const version = commandVersion();
  const child = spawn(COMMAND, [DRIVER, workloadsPath], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = [];
  let exited = null;

  createInterface({ input: child.stdout }).on('line', (line) => {
    const request = waiting.shift();
    const reply = line.match(/^ok (\S+) (.*)$/);
    if (reply) request?.resolve({ ms: Number(reply[1]) * 1000, value: reply[2] });
    else request?.reject(new Error(`lua-reference: ${line.replace(/^error /, '')}`));
  });
  child.on('exit', (code, signal) => {
    exited = new Error(`lua-reference exited (${signal ?? `code ${code}`})`);
    for (const request of waiting.splice(0)) request.reject(exited);
  });
  await once(child, 'spawn');

  /** Calls the Lua global `name` with integer arguments; resolves with its CPU time and first result. */
  function request(name, ...args) {
    if (exited) return Promise.reject(exited);
    return new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      child.stdin.write(`${[name, ...args].join(' ')}\n`);
    });
  }

  return {
    id: LUA_COMMAND,
    label: 'lua (reference)',
    version: `the stand-alone interpreter of the same build, ${version}`,
    detail: 'one long-lived process, see below',
    async measureWorkload(name, size) {
      await request('bench_prepare');
      const { ms, value } = await request(name, size);
      return { ms, checksum: value };
    },
    async close() {
      if (exited) return;
      child.stdin.end();
      await once(child, 'exit');
    },
  };
}
