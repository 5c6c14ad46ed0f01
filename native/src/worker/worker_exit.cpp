#include "worker_exit.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace luaward::worker {

namespace {

// Writes what it can; stderr may be closed or a broken pipe, and the process
// ends either way.
void writeAll(int fd, std::string_view text) noexcept {
  while (!text.empty()) {
    const ssize_t written = ::write(fd, text.data(), text.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return;
    text.remove_prefix(static_cast<std::size_t>(written));
  }
}

}  // namespace

void exitWorker(ExitStatus status, std::string_view reason) noexcept {
  if (!reason.empty()) {
    // write(2) only: stdio may allocate or query the descriptor, and the
    // confined process may make neither call.
    writeAll(STDERR_FILENO, "luaward-worker: ");
    writeAll(STDERR_FILENO, reason);
    writeAll(STDERR_FILENO, "\n");
  }
  ::_exit(static_cast<int>(status));
}

void exitWorker(const WorkerExit& failure) noexcept { exitWorker(failure.status(), failure.what()); }

std::string errnoName(int error) {
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 32)
  if (const char* name = ::strerrorname_np(error)) return name;
#endif
  return "errno " + std::to_string(error);
}

}  // namespace luaward::worker
