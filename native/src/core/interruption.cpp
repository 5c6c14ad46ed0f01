#include "interruption.hpp"

namespace luaward {

void Interruption::begin() {
  ++level_;
  running_[level_].store(++lastSerial_);
}

void Interruption::end() {
  if (stoppedLevel_ == level_) stoppedLevel_ = 0;
  running_[level_].store(0);
  --level_;
}

bool Interruption::ask(int level) {
  if (level < 1 || level > kMaxLevels) return false;
  const std::uint64_t serial = running_[level].load();
  if (serial == 0) return false;
  // If the request ends meanwhile, the stale serial matches no later one.
  asked_[level].store(serial);
  return true;
}

bool Interruption::stopsInnermost() {
  if (level_ == 0) return false;
  if (stoppedLevel_ == level_) return true;
  if (!innermostAsked()) return false;
  stoppedLevel_ = level_;
  return true;
}

bool Interruption::innermostAsked() const {
  if (level_ == 0) return false;
  const std::uint64_t asked = asked_[level_].load();
  return asked != 0 && asked == running_[level_].load(std::memory_order_relaxed);
}

}  // namespace luaward
