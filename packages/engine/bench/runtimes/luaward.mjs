// LuaWard's in-process engine, imported from the built package (dist/ and the
// compiled addon), exactly as a user gets it.
import { spawnSync } from 'node:child_process';
import { inProcessRuntime } from './in-process.mjs';

/** The version of the Lua library the engine links, found with pkg-config as its build finds it. */
function linkedLuaVersion() {
  const result = spawnSync('pkg-config', ['--modversion', 'lua5.4'], { encoding: 'utf8' });
  return result.status === 0 ? `liblua5.4 ${result.stdout.trim()}` : 'liblua5.4 (pkg-config found no version)';
}

async function loadEngine() {
  try {
    return (await import('@luaward/engine')).LuaEngine;
  } catch (error) {
    throw new Error(`@luaward/engine is not built (run \`pnpm --filter @luaward/engine build\`): ${error.message}`, {
      cause: error,
    });
  }
}

/**
 * @param {string} source   workloads.lua
 * @param {object} config
 * @param {string} config.id
 * @param {string} config.label
 * @param {string} config.limits   how the limits are set
 * @param {object} config.options  LuaEngine options besides the callbacks
 */
export async function createLuaWardRuntime(source, { id, label, limits, options }) {
  const LuaEngine = await loadEngine();
  const engine = new LuaEngine({ ...options, callbacks: { js_add: (a, b) => a + b } });
  engine.execute(source);
  return inProcessRuntime({
    id,
    label,
    version: `the LuaWard engine, linked with ${linkedLuaVersion()}`,
    detail: limits,
    bind: (name) => engine.call.bind(engine, name),
    close: () => engine.close(),
  });
}
