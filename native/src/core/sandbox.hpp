// The sandbox: which standard libraries a state gets and what is taken out
// of them or replaced. docs/engine.md lists the result.
#pragma once

#include <lua.hpp>

namespace luaward {

// Opens base and the requested libraries (a mask of Library values) in a
// fresh state, then removes and replaces what a hostile script must not
// have. Call in protected mode.
void openSandbox(lua_State* L, unsigned libraries);

}  // namespace luaward
