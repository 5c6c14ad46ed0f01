// Running Lua API calls that may raise (anything that allocates) from C++
// code that holds C++ objects. A Lua error is a longjmp: it must never cross
// a frame with destructors. runProtected runs `body` inside lua_pcall, so an
// error stops at the pcall and comes back as a status.
#pragma once

#include <lua.hpp>

namespace luaward {

// Runs `body(L)` in protected mode. What it pushes stays on the stack. On an
// error returns the Lua status, with the error value on top of the stack.
// `body` itself must not hold objects with destructors across Lua calls.
template <class Body>
int runProtected(lua_State* L, Body& body) {
  struct Thunk {
    static int run(lua_State* L) {
      Body* target = static_cast<Body*>(lua_touserdata(L, 1));
      lua_remove(L, 1);
      (*target)(L);
      return lua_gettop(L);
    }
  };
  // Neither push allocates: a light C function and a light userdata.
  lua_pushcfunction(L, &Thunk::run);
  lua_pushlightuserdata(L, &body);
  return lua_pcall(L, 1, LUA_MULTRET, 0);
}

}  // namespace luaward
