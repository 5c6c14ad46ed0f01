// luaward-worker: runs untrusted Lua for one host, speaking the LuaWard
// protocol on stdin/stdout (docs/worker.md). The host starts it with an empty
// environment; the worker drops what else it may have inherited, confines
// itself once its Lua state exists, and serves requests.
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <string>
#include <string_view>

#ifdef __linux__
#include <sys/syscall.h>
#endif

#include <lua.hpp>

#include "confine.hpp"
#include "frame_channel.hpp"
#include "host_messages.hpp"
#include "protocol.hpp"
#include "request_loop.hpp"
#include "worker_exit.hpp"
#include "worker_messages.hpp"

#ifndef LUAWARD_WORKER_VERSION
#error "LUAWARD_WORKER_VERSION must be defined by the build (the engine package's version)"
#endif

namespace luaward::worker {
namespace {

constexpr std::string_view kWorkerName = "luaward-worker";

constexpr std::string_view kUsage =
    "usage: luaward-worker\n"
    "Runs Lua scripts for a LuaWard host, speaking the LuaWard protocol on stdin\n"
    "and stdout (length-prefixed MessagePack frames). Started by @luaward/host;\n"
    "see docs/worker.md to run it by hand.\n"
    "  --version  print the worker's version and Lua release\n"
    "  --help     print this text\n";

void printAndExit(std::string_view text) {
  std::string line(text);
  // Before confinement, and the only output that is not a frame.
  if (::write(STDOUT_FILENO, line.data(), line.size()) < 0) exitWorker(ExitStatus::ChannelFailed, "");
  exitWorker(ExitStatus::Done, "");
}

// Descriptors a careless parent left open would let a compromised worker
// reach files or sockets; only the three standard ones stay.
void closeInheritedDescriptors() {
#if defined(__linux__) && defined(SYS_close_range)
  if (::syscall(SYS_close_range, 3u, ~0u, 0u) == 0) return;
#endif
  const long maxOpen = ::sysconf(_SC_OPEN_MAX);
  const int last = maxOpen > 0 && maxOpen < 65536 ? static_cast<int>(maxOpen) : 65536;
  for (int fd = 3; fd < last; ++fd) ::close(fd);
}

Hello helloMessage() {
  Hello hello;
  hello.workerName = std::string(kWorkerName);
  hello.workerVersion = LUAWARD_WORKER_VERSION;
  hello.engine = LUA_RELEASE;
  hello.pid = static_cast<std::uint64_t>(::getpid());
  hello.maxFrameLength = kDefaultMaxFrameLength;
  // The input thread stops a running request on `interrupt`; the optional
  // libraries a host may ask for.
  hello.capabilities = {"interrupt", "coroutine", "utf8"};
  return hello;
}

void confineAfterInit(const InitOptions& options) {
  const std::uint64_t frames = std::max<std::uint64_t>(options.maxFrameLength, kDefaultMaxFrameLength);
  try {
    confine(addressSpaceLimit(options.limits.memoryLimit, frames));
  } catch (const ConfinementError& error) {
    throw WorkerExit(ExitStatus::StartupFailed, std::string("cannot confine the worker: ") + error.what());
  }
}

}  // namespace
}  // namespace luaward::worker

int main(int argc, char** argv) {
  using namespace luaward::worker;
  if (argc > 1) {
    const std::string_view option = argv[1];
    if (argc == 2 && option == "--version") {
      printAndExit(std::string(kWorkerName) + " " + LUAWARD_WORKER_VERSION + " (" + LUA_RELEASE + ")\n");
    }
    if (argc == 2 && option == "--help") printAndExit(kUsage);
    exitWorker(ExitStatus::StartupFailed, "unexpected argument '" + std::string(option) + "' (see --help)");
  }
  try {
    dropPrivileges();
    dieWithParent();
  } catch (const ConfinementError& error) {
    exitWorker(ExitStatus::StartupFailed, error.what());
  }
  closeInheritedDescriptors();
  if (::chdir("/") != 0)
    exitWorker(ExitStatus::StartupFailed, "cannot change to the root directory: " + errnoName(errno));
  // A write to a host that went away then fails with EPIPE, which ends the
  // worker quietly, instead of a signal.
  std::signal(SIGPIPE, SIG_IGN);

  FrameChannel channel(STDIN_FILENO, STDOUT_FILENO, kDefaultMaxFrameLength);
  RequestLoop loop(channel, helloMessage(), confineAfterInit);
  loop.run();
}
