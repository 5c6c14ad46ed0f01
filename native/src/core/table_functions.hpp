// table.insert, table.remove, table.move and table.sort that charge the
// instruction budget for their loops.
//
// The standard versions loop in C over a length that __len controls: with
// `__len = function() return math.maxinteger end`, table.insert(t, 1, x)
// would shift elements for ever without a single VM instruction, where no
// count hook can see it. These versions charge one instruction per element
// they move, before they move it.
#pragma once

#include <lua.hpp>

namespace luaward {

// Replaces insert, remove, move and sort in the table library at the top of
// the stack. Call in protected mode.
void installTableFunctions(lua_State* L);

}  // namespace luaward
