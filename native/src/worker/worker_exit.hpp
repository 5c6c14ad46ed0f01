// How the worker process ends. Its only resource is the memory of one Lua
// state, which the kernel reclaims, so every ending is an immediate _exit
// whose status tells the host (and anyone reading its logs) why.
#pragma once

#include <exception>
#include <string>
#include <string_view>

namespace luaward::worker {

enum class ExitStatus : int {
  // `shutdown`, or the host closed the channel (end of stdin, EPIPE on stdout).
  Done = 0,
  // Reading stdin or writing stdout failed for another reason.
  ChannelFailed = 1,
  // The host broke the framing or sent a frame the protocol forbids.
  ProtocolViolation = 2,
  // Bad command line, or the process could not confine itself.
  StartupFailed = 3,
  // The C++ heap (not the Lua state) ran out of memory.
  OutOfMemory = 4,
  // An unexpected C++ exception: a bug in the worker.
  InternalError = 5,
};

// Ends the process at once with `status`. A non-empty `reason` is written to
// stderr first, as one line prefixed with the worker's name.
[[noreturn]] void exitWorker(ExitStatus status, std::string_view reason) noexcept;

// A condition that ends the worker, raised where only C++ frames are on the
// stack and handled where the worker decides to exit: the request loop, or a
// host callback waiting for its reply (which must not let it reach Lua).
class WorkerExit : public std::exception {
 public:
  WorkerExit(ExitStatus status, std::string reason) : status_(status), reason_(std::move(reason)) {}
  ExitStatus status() const noexcept { return status_; }
  const char* what() const noexcept override { return reason_.c_str(); }

 private:
  ExitStatus status_;
  std::string reason_;
};

// Exits as `failure` says.
[[noreturn]] void exitWorker(const WorkerExit& failure) noexcept;

// Names an errno value ("EIO") for diagnostics. Unlike strerror it never
// looks for a translation catalog, which the confined process cannot open.
std::string errnoName(int error);

}  // namespace luaward::worker
