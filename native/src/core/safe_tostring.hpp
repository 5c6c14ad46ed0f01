// tostring without addresses. Lua shows tables, functions and threads as
// "table: 0x55d0c2a3e8f0": a heap address, which helps an attacker who has
// found a memory bug. The sandbox shows a number per object instead
// ("table: #3"), stable for the object's lifetime and unique in its state.
#pragma once

#include <lua.hpp>

namespace luaward {

// Creates the registry table that holds the numbers. Call once per state, in
// protected mode.
void openObjectIds(lua_State* L);

// Pushes the text tostring() gives for the value at `index`: __tostring
// when the value has one, a number instead of an address otherwise.
void pushSafeString(lua_State* L, int index);

// The sandbox's `tostring`.
int safeTostring(lua_State* L);

// The sandbox's `string.format` (upvalue 1: the original): `%s` of a table,
// function or thread shows it as tostring does; `%p` is refused.
int safeFormat(lua_State* L);

}  // namespace luaward
