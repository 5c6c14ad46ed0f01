// LuaWard's in-process engine, imported from the built package (dist/ and the
// compiled addon), exactly as a user gets it.
import { readFileSync } from 'node:fs';
import { LUA_RELEASE } from '../../scripts/lua-source.mjs';
import { inProcessRuntime } from './in-process.mjs';

/** The Lua the engine was built with, as its build recorded it. */
function linkedLuaVersion() {
  const config = JSON.parse(readFileSync(new URL('../../build/luaward-build.json', import.meta.url), 'utf8'));
  return config.lua_mode === 'bundled' ? `Lua ${LUA_RELEASE.version}, linked in` : "the system's Lua 5.4 (a fallback build)";
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
