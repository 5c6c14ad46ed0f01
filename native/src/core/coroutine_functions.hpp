// coroutine.create, coroutine.wrap and coroutine.close for the sandbox.
//
// - Every new thread gets its own budget hook, starting at one instruction
//   (instruction_budget.hpp explains why).
// - A coroutine that the budget hook killed keeps its hooks off for good
//   (instruction_budget.hpp). Its pending __close handlers are therefore never
//   run: coroutine.close reports the error without closing, and the function
//   coroutine.wrap returns propagates it without closing.
// - Closing goes through lua_closethread(thread, L), not the deprecated
//   lua_resetthread, which counts nested closes from zero: so a chain of
//   coroutines that close each other from __close handlers meets Lua's
//   C-stack limit ("C stack overflow"). A fallback build against a Lua
//   before 5.4.6 caps such chains at 8 instead (docs/security.md).
#pragma once

#include <lua.hpp>

namespace luaward {

// Replaces create, wrap and close in the coroutine library at the top of
// the stack. Call in protected mode.
void installCoroutineFunctions(lua_State* L);

}  // namespace luaward
