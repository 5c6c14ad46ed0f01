#include "allocator.hpp"

#include <cstdlib>

namespace luaward {

void* MemoryAccount::allocate(void* ud, void* ptr, std::size_t osize, std::size_t nsize) noexcept {
  auto* account = static_cast<MemoryAccount*>(ud);
  // For a new block Lua passes the object's type in `osize`, not a size.
  const std::size_t old = ptr != nullptr ? osize : 0;
  if (nsize == 0) {
    std::free(ptr);
    account->used_ -= old;
    return nullptr;
  }
  // Invariant: used_ <= limit_, so the subtraction cannot wrap.
  if (nsize > old && nsize - old > account->limit_ - account->used_) {
    account->refused_ = true;
    return nullptr;
  }
  void* block = std::realloc(ptr, nsize);
  if (block == nullptr) {
    // The system itself is out of memory: report it the same way, the
    // script cannot have more.
    account->refused_ = true;
    return nullptr;
  }
  account->used_ = account->used_ - old + nsize;
  if (account->used_ > account->peak_) account->peak_ = account->used_;
  return block;
}

}  // namespace luaward
