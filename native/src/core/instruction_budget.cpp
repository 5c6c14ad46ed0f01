#include "instruction_budget.hpp"

#include <algorithm>
#include <cstring>

#include "context.hpp"

namespace luaward {

namespace {

// What a script sees when it catches the error (it cannot keep running for
// long: the hook raises it again at the next instruction).
constexpr const char kLimitMessage[] = "instruction limit exceeded";
constexpr const char kClosedMessage[] = "the engine was closed";
constexpr const char kInterruptedMessage[] = "the request was interrupted";

void countHook(lua_State* L, lua_Debug*);

// Raises `message` in `L` and makes the hook fire at the next instruction of
// `L` and of the main thread, which resumed the coroutines: it will not run a
// whole interval of instructions before it notices. (A coroutine that resumed
// another notices within its own interval.)
[[noreturn]] void raiseTripped(lua_State* L, const char* message) {
  lua_sethook(L, countHook, LUA_MASKCOUNT, 1);
  lua_sethook(Context::of(L).mainThread, countHook, LUA_MASKCOUNT, 1);
  lua_pushstring(L, message);
  lua_error(L);
  __builtin_unreachable();
}

void countHook(lua_State* L, lua_Debug*) {
  Context& context = Context::of(L);
  if (context.closing) raiseTripped(L, kClosedMessage);
  if (context.interruption.stopsInnermost()) raiseTripped(L, kInterruptedMessage);
  const int elapsed = lua_gethookcount(L);
  const int next = context.budget.charge(elapsed);
  if (next == 0) raiseTripped(L, kLimitMessage);
  if (next != elapsed) lua_sethook(L, countHook, LUA_MASKCOUNT, next);
}

}  // namespace

void InstructionBudget::begin(std::uint64_t limit) {
  used_ = 0;
  limit_ = limit;
  deadline_ = limit;
  tripped_ = false;
}

InstructionBudget::Saved InstructionBudget::beginNested(std::uint64_t limit) {
  const Saved saved{deadline_, limit_};
  if (limit != kUnlimited) {
    const std::uint64_t left = deadline_ == kUnlimited ? kUnlimited : deadline_ - std::min(used_, deadline_);
    if (limit < left) {
      deadline_ = used_ + limit;
      limit_ = limit;
    }
  }
  return saved;
}

void InstructionBudget::endNested(const Saved& saved) {
  deadline_ = saved.deadline;
  limit_ = saved.limit;
  if (tripped_ && used_ < deadline_) tripped_ = false;
}

bool InstructionBudget::consume(std::uint64_t units) {
  if (deadline_ == kUnlimited) return true;
  if (tripped_ || units >= deadline_ - used_) {
    used_ = deadline_;
    tripped_ = true;
    return false;
  }
  used_ += units;
  return true;
}

int InstructionBudget::firstInterval() const {
  if (deadline_ == kUnlimited) return 0;
  return static_cast<int>(std::min<std::uint64_t>(kMaxInterval, std::max<std::uint64_t>(deadline_ - used_, 1)));
}

int InstructionBudget::charge(int elapsed) {
  if (deadline_ == kUnlimited) return kMaxInterval;
  if (tripped_) return 0;
  used_ += static_cast<std::uint64_t>(elapsed);
  if (used_ >= deadline_) {
    tripped_ = true;
    return 0;
  }
  const std::uint64_t next =
      std::min<std::uint64_t>({static_cast<std::uint64_t>(elapsed) * 2, kMaxInterval, deadline_ - used_});
  return static_cast<int>(next);
}

void pinStopMessages(lua_State* L) {
  lua_pushstring(L, kLimitMessage);
  lua_rawsetp(L, LUA_REGISTRYINDEX, kLimitMessage);
  lua_pushstring(L, kClosedMessage);
  lua_rawsetp(L, LUA_REGISTRYINDEX, kClosedMessage);
  lua_pushstring(L, kInterruptedMessage);
  lua_rawsetp(L, LUA_REGISTRYINDEX, kInterruptedMessage);
}

bool isStopError(lua_State* L, int index) {
  if (lua_type(L, index) != LUA_TSTRING) return false;
  const char* text = lua_tostring(L, index);
  return std::strcmp(text, kLimitMessage) == 0 || std::strcmp(text, kClosedMessage) == 0 ||
         std::strcmp(text, kInterruptedMessage) == 0;
}

void setBudgetHook(lua_State* L, int interval) {
  if (interval > 0) {
    lua_sethook(L, countHook, LUA_MASKCOUNT, interval);
  } else {
    lua_sethook(L, nullptr, 0, 0);
  }
}

void startThreadBudget(lua_State* thread) { lua_sethook(thread, countHook, LUA_MASKCOUNT, 1); }

void chargeOrRaise(lua_State* L, std::uint64_t units) {
  if (!Context::of(L).budget.consume(units)) raiseInstructionLimit(L);
}

int raiseInstructionLimit(lua_State* L) { raiseTripped(L, kLimitMessage); }

}  // namespace luaward
