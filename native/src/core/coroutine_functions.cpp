#include "coroutine_functions.hpp"

#include "context.hpp"
#include "instruction_budget.hpp"

namespace luaward {

namespace {

// Upvalue indexes of the closures below.
constexpr int kOriginalCreate = 1;
constexpr int kOriginalResume = 2;
constexpr int kWrappedThread = 3;

// Runs the pending __close handlers of a dead or suspended thread, leaving the
// thread's error (if any) on top of its stack. Errors inside are caught by the
// close itself: nothing unwinds past here. Closes that nest (a __close handler
// closing the next coroutine) count against Lua's C-stack limit from the
// closing thread `L`, and past it raise "C stack overflow".
#if LUA_VERSION_RELEASE_NUM >= 50406
int closeThread(lua_State* L, lua_State* thread) { return lua_closethread(thread, L); }
#else
// A fallback build against a system Lua before 5.4.6, which does not count
// these closes: chains are capped at kMaxNestedCloses, each level allowed
// Lua's own C-stack allowance (docs/security.md, "Lua release and known bugs").
constexpr int kMaxNestedCloses = 8;

int closeThread(lua_State* L, lua_State* thread) {
  Context& context = Context::of(L);
  if (context.nestedCloses >= kMaxNestedCloses) return luaL_error(L, "C stack overflow");
  ++context.nestedCloses;
  const int status = lua_resetthread(thread);
  --context.nestedCloses;
  return status;
}
#endif

bool diedOfError(lua_State* thread) {
  const int status = lua_status(thread);
  return status != LUA_OK && status != LUA_YIELD;
}

// Whether `thread` died of an error the budget hook raised: its hooks are off.
bool killedByHook(lua_State* thread) {
  return diedOfError(thread) && lua_gettop(thread) > 0 && isStopError(thread, -1);
}

int create(lua_State* L) {
  const int count = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(kOriginalCreate));
  lua_insert(L, 1);
  lua_call(L, count, 1);
  startThreadBudget(lua_tothread(L, -1));
  return 1;
}

// The function coroutine.wrap returns: resumes the thread, returns what it
// yields or returns, and propagates its errors (with the caller's position
// for string errors, as Lua does).
int resumeWrapped(lua_State* L) {
  const int count = lua_gettop(L);
  lua_pushvalue(L, lua_upvalueindex(kOriginalResume));
  lua_pushvalue(L, lua_upvalueindex(kWrappedThread));
  lua_rotate(L, 1, 2);
  lua_call(L, count + 1, LUA_MULTRET);
  if (lua_toboolean(L, 1)) return lua_gettop(L) - 1;
  lua_settop(L, 2);  // the error value
  lua_State* thread = lua_tothread(L, lua_upvalueindex(kWrappedThread));
  int status = lua_status(thread);
  if (diedOfError(thread) && !killedByHook(thread)) {
    // Close its to-be-closed variables; a __close error replaces the error.
    status = closeThread(L, thread);
    lua_xmove(thread, L, 1);
  }
  if (status != LUA_ERRMEM && lua_type(L, -1) == LUA_TSTRING && !isStopError(L, -1)) {
    luaL_where(L, 1);
    lua_insert(L, -2);
    lua_concat(L, 2);
  }
  return lua_error(L);
}

int wrap(lua_State* L) {
  create(L);
  lua_pushvalue(L, lua_upvalueindex(kOriginalCreate));
  lua_pushvalue(L, lua_upvalueindex(kOriginalResume));
  lua_rotate(L, -3, 2);
  lua_pushcclosure(L, resumeWrapped, 3);
  return 1;
}

// coroutine.close, as Lua's (same checks and messages), except that a
// coroutine the budget hook killed is not closed (coroutine_functions.hpp).
int close(lua_State* L) {
  luaL_checktype(L, 1, LUA_TTHREAD);
  lua_State* thread = lua_tothread(L, 1);
  if (thread != L && !diedOfError(thread)) {
    lua_Debug frame;
    const bool running = lua_status(thread) == LUA_OK && lua_getstack(thread, 0, &frame) != 0;
    if (running) return luaL_error(L, "cannot close a normal coroutine");
  } else if (thread == L) {
    return luaL_error(L, "cannot close a running coroutine");
  }
  if (killedByHook(thread)) {
    lua_pushboolean(L, 0);
    lua_pushvalue(thread, -1);
    lua_xmove(thread, L, 1);
    return 2;
  }
  if (closeThread(L, thread) == LUA_OK) {
    lua_pushboolean(L, 1);
    return 1;
  }
  lua_pushboolean(L, 0);
  lua_xmove(thread, L, 1);
  return 2;
}

}  // namespace

void installCoroutineFunctions(lua_State* L) {
  lua_getfield(L, -1, "create");
  lua_getfield(L, -2, "resume");
  lua_pushvalue(L, -2);
  lua_pushcclosure(L, create, 1);
  lua_setfield(L, -4, "create");
  lua_pushcclosure(L, wrap, 2);
  lua_setfield(L, -2, "wrap");
  lua_pushcfunction(L, close);
  lua_setfield(L, -2, "close");
}

}  // namespace luaward
