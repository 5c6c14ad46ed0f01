// Where Lua calls out to the host: the globals of host callbacks and the
// sandbox's print. A callback or print that fails raises a Lua error (a
// string the script may catch); the bridge remembers which error values are
// host failures so a request that ends with one can report the host's id.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include <lua.hpp>

namespace luaward {

// Creates the registry slot for the failures of a request. Protected mode.
void openHostBridge(lua_State* L);

// Sets a global per callback name, calling Embedder::callHost with its position.
// Protected mode.
void registerCallbacks(lua_State* L, const std::vector<std::string>& names);

// The sandbox's `print`: one line per call to Embedder::print, tab-separated
// values, counted against the output limit (the newline counts too).
int sandboxPrint(lua_State* L);

// The host failure id of the error value at `index`, if it is one raised
// during the current request. Never raises.
std::optional<std::size_t> hostFailureOf(lua_State* L, int index);

// Forgets the failures of the request that ended. Never raises.
void forgetHostFailures(lua_State* L);

}  // namespace luaward
