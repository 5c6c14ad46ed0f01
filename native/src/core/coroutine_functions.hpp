// coroutine.create, coroutine.wrap and coroutine.close for the sandbox.
//
// - Every new thread gets its own budget hook, starting at one instruction
//   (instruction_budget.hpp explains why).
// - A coroutine that the budget hook killed keeps its hooks off for good
//   (instruction_budget.hpp). Its pending __close handlers are therefore never
//   run: coroutine.close reports the error without closing, and the function
//   coroutine.wrap returns propagates it without closing.
// - Closes nest at most kMaxNestedCloses deep. Lua 5.4.4 does not count a
//   close run from a __close handler against its C-stack limit (fixed in
//   5.4.5): a chain of coroutines that close each other would overflow the C
//   stack. Past the limit, closing raises "C stack overflow" as Lua does.
//   With Lua 5.4.6 or later linked, closing through lua_closethread(thread, L)
//   (not the deprecated lua_resetthread, which counts from zero) makes Lua
//   count these closes, and the cap can go (docs/security.md).
#pragma once

#include <lua.hpp>

namespace luaward {

// Replaces create, wrap and close in the coroutine library at the top of
// the stack. Call in protected mode.
void installCoroutineFunctions(lua_State* L);

}  // namespace luaward
