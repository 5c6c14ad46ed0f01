// The per-request instruction budget, enforced by a Lua count hook.
//
// Lua calls the hook every N instructions of one thread (N is per thread).
// Each call charges the N instructions that just ran. The main thread runs
// with N = kMaxInterval (capped to what is left, so it stops exactly at the
// limit). A new coroutine starts at N = 1 and doubles N on every hook call up
// to kMaxInterval: Lua gives each new thread a fresh count, so without this a
// script could run many short coroutines that never reach their first hook.
// What a coroutine runs after its last hook call is never charged; with the
// doubling that is at most what was charged before, so a script gets at most
// about twice its budget that way (docs/limits.md).
//
// Once the budget is used up it stays tripped until the request ends, and the
// hook of every thread fires again at once (N = 1): pcall, xpcall, coroutines
// and __close handlers cannot swallow the error for long. The hook stops a
// script the same way when the engine is closed under it and when the request
// is interrupted (interruption.hpp).
#pragma once

#include <cstdint>
#include <limits>

#include <lua.hpp>

namespace luaward {

class InstructionBudget {
 public:
  static constexpr std::uint64_t kUnlimited = std::numeric_limits<std::uint64_t>::max();
  static constexpr int kMaxInterval = 10000;

  // The state of an enclosing request, kept while a nested one runs.
  struct Saved {
    std::uint64_t deadline;
    std::uint64_t limit;
  };

  // Starts an outermost request allowed `limit` instructions (kUnlimited for
  // no budget).
  void begin(std::uint64_t limit);

  // Starts a request nested in the running one (a host callback calling back
  // into the engine). It may use at most `limit` instructions and never more
  // than the enclosing request has left.
  Saved beginNested(std::uint64_t limit);

  // Ends a nested request. If only its own, smaller limit tripped, the
  // enclosing request goes on.
  void endNested(const Saved& saved);

  bool limited() const { return deadline_ != kUnlimited; }
  bool tripped() const { return tripped_; }
  // Instructions charged since the outermost request began, its nested
  // requests included: whole hook intervals, plus the work charged with
  // consume(). Nothing is charged without a budget.
  std::uint64_t used() const { return used_; }
  // The limit of the innermost running request, for error reports.
  std::uint64_t limit() const { return limit_; }

  // Charges `units` of work done in C on behalf of the script. Returns false
  // (and trips) when the budget cannot cover it.
  bool consume(std::uint64_t units);

  // The hook interval the main thread starts a request with.
  int firstInterval() const;

  // Called by the hook: charges `elapsed` instructions and returns the next
  // interval for the thread, or 0 when the budget is used up. Once it is,
  // nothing more is charged: the hook raises before the instruction it
  // interrupts runs.
  int charge(int elapsed);

 private:
  std::uint64_t used_ = 0;
  std::uint64_t deadline_ = kUnlimited;  // trip when used_ reaches it
  std::uint64_t limit_ = kUnlimited;
  bool tripped_ = false;
};

// Lua runs nothing it calls from a hook with hooks on, and an error raised in
// a hook leaves the erroring thread's hooks off until a pcall boundary
// restores them. So after the hook raised its error, code that Lua runs
// before that boundary would run unbudgeted: an xpcall message handler, and
// the pending __close handlers of a coroutine the error killed (run by
// coroutine.close and coroutine.wrap). The sandbox wraps those functions
// (sandbox.cpp, coroutine_functions.cpp) and asks isStopError() before
// running such code.

// Keeps the hook's error messages alive in the registry, so that raising one
// never allocates (an allocation could fail and replace the error with a
// memory error). Call once per state, in protected mode.
void pinStopMessages(lua_State* L);

// Whether the value at `index` is an error the hook raised to stop the
// script (budget used up, engine closed, request interrupted). A script can
// raise the same string itself; then it only loses what its own code would
// have run.
bool isStopError(lua_State* L, int index);

// Installs the budget hook on `L` with the given interval, or removes it when
// `interval` is 0.
void setBudgetHook(lua_State* L, int interval);

// Gives a new coroutine its own hook, starting at one instruction.
void startThreadBudget(lua_State* thread);

// Charges `units` of work done in C; raises the instruction-limit error when
// the budget cannot cover it.
void chargeOrRaise(lua_State* L, std::uint64_t units);

// Marks the budget of `L`'s state as used up and raises the error.
int raiseInstructionLimit(lua_State* L);

}  // namespace luaward
