#include "sandbox.hpp"

#include <cstring>

#include "context.hpp"
#include "coroutine_functions.hpp"
#include "engine_options.hpp"
#include "host_bridge.hpp"
#include "instruction_budget.hpp"
#include "safe_tostring.hpp"
#include "table_functions.hpp"

namespace luaward {

namespace {

// Calls upvalue 1 (the function this one wraps) with the current arguments
// and returns all its results.
int callWrapped(lua_State* L) {
  const int count = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, count, LUA_MULTRET);
  return lua_gettop(L);
}

// load(chunk [, chunkname [, mode [, env]]]) in text mode only, whatever mode
// the script asks for: no Lua release verifies bytecode, and a crafted binary
// chunk can crash Lua inside load. The env argument keeps working. A chunk
// name the script gives is never shown verbatim: "=init" or "@main.lua" lose
// their mark and read [string "init"], so a script cannot pass its errors off
// as those of a chunk the host named (the VM's init script, a file).
int safeLoad(lua_State* L) {
  const int type = lua_type(L, 1);
  luaL_argexpected(L, type == LUA_TSTRING || type == LUA_TFUNCTION, 1, "string or function");
  const bool hasEnv = !lua_isnone(L, 4);
  lua_settop(L, 4);
  if (lua_type(L, 2) == LUA_TSTRING) {
    std::size_t length;
    const char* name = lua_tolstring(L, 2, &length);
    if (length > 0 && (name[0] == '=' || name[0] == '@')) {
      lua_pushlstring(L, name + 1, length - 1);
      lua_replace(L, 2);
    }
  }
  lua_pushliteral(L, "t");
  lua_replace(L, 3);
  if (!hasEnv) lua_settop(L, 3);
  return callWrapped(L);
}

// collectgarbage with the options that only look or collect. The others
// (stop, restart, incremental, generational, setpause, setstepmul) would let
// a script change how the state collects for every later request.
int safeCollectgarbage(lua_State* L) {
  static const char* const kAllowed[] = {"collect", "step", "count", "isrunning"};
  const char* option = luaL_optstring(L, 1, "collect");
  for (const char* allowed : kAllowed) {
    if (std::strcmp(option, allowed) == 0) return callWrapped(L);
  }
  return luaL_error(L, "collectgarbage('%s') is not available in the sandbox", option);
}

// setmetatable, except that the object is never marked for finalization:
// Lua runs __gc with hooks off, where no budget can stop it (and lua_close
// would run it when the engine closes). A metatable's __gc field is hidden
// while the metatable is set; Lua only marks objects whose metatable has
// __gc at that moment. The field stays in the metatable, it just never runs.
int safeSetmetatable(lua_State* L) {
  const int type = lua_type(L, 2);
  luaL_checktype(L, 1, LUA_TTABLE);
  luaL_argexpected(L, type == LUA_TNIL || type == LUA_TTABLE, 2, "nil or table");
  if (luaL_getmetafield(L, 1, "__metatable") != LUA_TNIL) return luaL_error(L, "cannot change a protected metatable");
  lua_settop(L, 2);
  bool hidden = false;
  if (type == LUA_TTABLE) {
    lua_pushliteral(L, "__gc");
    hidden = lua_rawget(L, 2) != LUA_TNIL;  // the finalizer, at index 3
    if (hidden) {
      lua_pushliteral(L, "__gc");
      lua_pushnil(L);
      lua_rawset(L, 2);
    }
  }
  lua_pushvalue(L, 2);
  lua_setmetatable(L, 1);
  if (hidden) {
    lua_pushliteral(L, "__gc");
    lua_pushvalue(L, 3);
    lua_rawset(L, 2);
  }
  lua_settop(L, 1);
  return 1;
}

// The message handler xpcall installs: it does not run the script's handler
// for the errors that stop a script. Those are raised from inside the count
// hook, and Lua would run the handler with hooks off, out of the budget's
// reach (instruction_budget.hpp).
int guardedHandler(lua_State* L) {
  if (isStopError(L, 1)) return 1;
  lua_pushvalue(L, lua_upvalueindex(1));
  lua_insert(L, 1);
  lua_call(L, lua_gettop(L) - 1, 1);
  return 1;
}

int safeXpcall(lua_State* L) {
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_pushvalue(L, 2);
  lua_pushcclosure(L, guardedHandler, 1);
  lua_replace(L, 2);
  return callWrapped(L);
}

// string.rep, except that an empty result returns at once: the original
// loops n times even when there is nothing to copy, so
// string.rep("", math.maxinteger) would never return.
int safeRep(lua_State* L) {
  std::size_t length;
  std::size_t separatorLength = 0;
  luaL_checklstring(L, 1, &length);
  luaL_checkinteger(L, 2);
  luaL_optlstring(L, 3, "", &separatorLength);
  if (length == 0 && separatorLength == 0) {
    lua_pushliteral(L, "");
    return 1;
  }
  return callWrapped(L);
}

void pushSeed(lua_State* L) { lua_pushinteger(L, static_cast<lua_Integer>(Context::of(L).nextSeed())); }

// math.randomseed: without arguments, seeds from the state's entropy and
// returns the two seed parts as Lua does (Lua, 5.4.9 too, derives them from
// the clock and the state's address and returns them: an address leak).
int safeRandomseed(lua_State* L) {
  if (lua_isnone(L, 1)) {
    pushSeed(L);
    pushSeed(L);
  }
  return callWrapped(L);
}

void setFunction(lua_State* L, const char* name, lua_CFunction function) {
  lua_pushcfunction(L, function);
  lua_setfield(L, -2, name);
}

// Replaces field `name` of the table on top with `wrapper`, which gets the
// original as upvalue 1.
void wrapFunction(lua_State* L, const char* name, lua_CFunction wrapper) {
  lua_getfield(L, -1, name);
  lua_pushcclosure(L, wrapper, 1);
  lua_setfield(L, -2, name);
}

void removeField(lua_State* L, const char* name) {
  lua_pushnil(L);
  lua_setfield(L, -2, name);
}

void openBase(lua_State* L) {
  luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
  removeField(L, "dofile");
  removeField(L, "loadfile");
  wrapFunction(L, "load", safeLoad);
  wrapFunction(L, "collectgarbage", safeCollectgarbage);
  wrapFunction(L, "xpcall", safeXpcall);
  setFunction(L, "setmetatable", safeSetmetatable);
  setFunction(L, "print", sandboxPrint);
  setFunction(L, "tostring", safeTostring);
  lua_pop(L, 1);
}

void openString(lua_State* L) {
  luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
  // This table is also the __index of the string metatable, so removing dump
  // here removes ("").dump as well.
  removeField(L, "dump");
  wrapFunction(L, "format", safeFormat);
  wrapFunction(L, "rep", safeRep);
  lua_pop(L, 1);
  // getmetatable("") returns false instead of the metatable shared by all
  // strings.
  lua_pushliteral(L, "");
  if (lua_getmetatable(L, -1)) {
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
}

void openMath(lua_State* L) {
  luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
  wrapFunction(L, "randomseed", safeRandomseed);
  // Reseed now: luaopen_math seeded from the state's address.
  lua_getfield(L, -1, "randomseed");
  lua_call(L, 0, 0);
  lua_pop(L, 1);
}

}  // namespace

void openSandbox(lua_State* L, unsigned libraries) {
  // Without a warning function, warn() writes nothing anywhere.
  lua_setwarnf(L, nullptr, nullptr);
  pinStopMessages(L);
  openObjectIds(L);
  openHostBridge(L);
  openBase(L);
  if (libraries & kLibraryString) openString(L);
  if (libraries & kLibraryTable) {
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    installTableFunctions(L);
    lua_pop(L, 1);
  }
  if (libraries & kLibraryMath) openMath(L);
  if (libraries & kLibraryUtf8) {
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    lua_pop(L, 1);
  }
  if (libraries & kLibraryCoroutine) {
    luaL_requiref(L, LUA_COLIBNAME, luaopen_coroutine, 1);
    installCoroutineFunctions(L);
    lua_pop(L, 1);
  }
}

}  // namespace luaward
