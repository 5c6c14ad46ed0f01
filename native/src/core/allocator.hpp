// The counting allocator behind every Lua state: it enforces the memory
// limit and is the only source of truth for "the memory limit was hit".
#pragma once

#include <cstddef>
#include <limits>

namespace luaward {

class MemoryAccount {
 public:
  static constexpr std::size_t kUnlimited = std::numeric_limits<std::size_t>::max();

  explicit MemoryAccount(std::size_t limit) : limit_(limit) {}

  // The lua_Alloc function; `ud` is the MemoryAccount.
  static void* allocate(void* ud, void* ptr, std::size_t osize, std::size_t nsize) noexcept;

  std::size_t used() const { return used_; }
  std::size_t limit() const { return limit_; }
  // The most bytes held at any time since the account was created (the
  // state's own creation included).
  std::size_t peak() const { return peak_; }

  // Whether an allocation was refused since the last reset. Lua reports a
  // refused allocation as LUA_ERRMEM, but a script can raise LUA_ERRMEM too
  // (`error("not enough memory")`), so the status alone proves nothing.
  bool refused() const { return refused_; }
  void resetRefused() { refused_ = false; }

 private:
  std::size_t limit_;
  std::size_t used_ = 0;
  std::size_t peak_ = 0;
  bool refused_ = false;
};

}  // namespace luaward
