// fengari: a Lua 5.3 VM written in JavaScript, driven through its C-like stack
// API (the only API it has): push the function and its arguments, lua_pcall,
// read the result. Its integers are 32-bit, which workloads.lua allows for.
import { createRequire } from 'node:module';
import fengari from 'fengari';
import { inProcessRuntime } from './in-process.mjs';

const { lua, lauxlib, lualib, to_luastring, to_jsstring } = fengari;
const { version } = createRequire(import.meta.url)('fengari/package.json');

function errorMessage(L) {
  return to_jsstring(lua.lua_tolstring(L, -1)) ?? 'unknown error';
}

function push(L, value) {
  if (Number.isInteger(value)) lua.lua_pushinteger(L, value);
  else lua.lua_pushnumber(L, value);
}

function read(L, index) {
  switch (lua.lua_type(L, index)) {
    case lua.LUA_TNUMBER:
      return lua.lua_isinteger(L, index) ? lua.lua_tointeger(L, index) : lua.lua_tonumber(L, index);
    case lua.LUA_TSTRING:
      return to_jsstring(lua.lua_tolstring(L, index));
    case lua.LUA_TNIL:
    case lua.LUA_TNONE:
      return undefined;
    default:
      throw new TypeError(`fengari returned a ${to_jsstring(lua.lua_typename(L, lua.lua_type(L, index)))}`);
  }
}

export async function createFengariRuntime(source) {
  const L = lauxlib.luaL_newstate();
  lualib.luaL_openlibs(L);
  lua.lua_pushcfunction(L, (state) => {
    lua.lua_pushinteger(state, lua.lua_tointeger(state, 1) + lua.lua_tointeger(state, 2));
    return 1;
  });
  lua.lua_setglobal(L, to_luastring('js_add'));
  if (lauxlib.luaL_dostring(L, to_luastring(source)) !== lua.LUA_OK) {
    throw new Error(`fengari could not load the workloads: ${errorMessage(L)}`);
  }
  lua.lua_settop(L, 0);
  return inProcessRuntime({
    id: 'fengari',
    label: 'fengari',
    version: `fengari ${version}, a Lua 5.3 VM written in JavaScript`,
    bind(name) {
      const luaName = to_luastring(name);
      return (...args) => {
        lua.lua_getglobal(L, luaName);
        for (const arg of args) push(L, arg);
        if (lua.lua_pcall(L, args.length, 1, 0) !== lua.LUA_OK) {
          const message = errorMessage(L);
          lua.lua_settop(L, 0);
          throw new Error(`fengari: ${name} failed: ${message}`);
        }
        const result = read(L, -1);
        lua.lua_settop(L, 0);
        return result;
      };
    },
    // fengari's Lua values are JavaScript objects that V8 collects: it has no
    // collector of its own, and collectgarbage('collect') raises an error.
    collectGarbage: () => {},
    close: () => lua.lua_close(L),
  });
}
