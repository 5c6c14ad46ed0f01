// The per-request cap on print output.
#pragma once

#include <cstdint>
#include <limits>

namespace luaward {

class OutputBudget {
 public:
  static constexpr std::uint64_t kUnlimited = std::numeric_limits<std::uint64_t>::max();

  explicit OutputBudget(std::uint64_t limit) : limit_(limit) {}

  void reset() {
    used_ = 0;
    tripped_ = false;
  }

  // Accounts for `bytes` more output. Once a line does not fit, the budget
  // stays tripped until the request ends: the request fails even if the
  // script catches the error print raised.
  bool consume(std::uint64_t bytes) {
    if (tripped_ || bytes > limit_ - used_) {
      tripped_ = true;
      return false;
    }
    used_ += bytes;
    return true;
  }

  bool tripped() const { return tripped_; }
  std::uint64_t limit() const { return limit_; }

 private:
  std::uint64_t limit_;
  std::uint64_t used_ = 0;
  bool tripped_ = false;
};

}  // namespace luaward
