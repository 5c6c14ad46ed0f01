// Stopping a running request from outside it (LuaState::interrupt), from
// any thread.
//
// Requests nest: a host callback may make requests of its own on the same
// state. Each running request has a level (1 for the outermost, 2 for a
// request made from a callback of it, ...) and a serial number unique within
// the state. A request is asked to stop by its level; the ask records the
// serial of the request running there at that moment, so that it can only
// ever stop that request, never a later one at the same level.
//
// The ask itself only sets an atomic. The budget's count hook
// (instruction_budget.cpp) calls stopsInnermost() each time it runs, on the
// thread that runs Lua, and stops the script exactly as a used-up budget
// does: pcall, xpcall, coroutines and __close handlers cannot swallow it.
// A request asked to stop while a request nested in it runs goes on until
// that one ends: only the request that was asked stops.
#pragma once

#include <atomic>
#include <cstdint>

namespace luaward {

class Interruption {
 public:
  // The deepest level a request can run at (LuaState::kMaxNestedRequests).
  static constexpr int kMaxLevels = 16;

  // Lua thread: a request begins, one level deeper than the innermost one.
  void begin();
  // Lua thread: the innermost request ends.
  void end();

  // Any thread: asks the request running at `level` to stop. Returns false,
  // and asks nothing, when no request runs at that level.
  bool ask(int level);

  // Lua thread: whether the innermost request must stop now. Once true, it
  // stays true until that request ends.
  bool stopsInnermost();
  // Lua thread: whether the innermost request was stopped.
  bool innermostStopped() const { return level_ > 0 && stoppedLevel_ == level_; }
  // Lua thread: whether the innermost request was asked to stop and has not
  // run Lua since (it waits in a host callback, or a nested request ran).
  bool innermostAsked() const;

 private:
  // Indexed by level; 0 when nothing runs there or nothing was asked.
  std::atomic<std::uint64_t> running_[kMaxLevels + 1]{};
  std::atomic<std::uint64_t> asked_[kMaxLevels + 1]{};
  // Only the Lua thread touches these.
  std::uint64_t lastSerial_ = 0;
  int level_ = 0;
  int stoppedLevel_ = 0;
};

}  // namespace luaward
