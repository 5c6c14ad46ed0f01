// The worker's confinement of itself, applied once its Lua state exists and
// before any script runs (docs/worker.md, "Confinement"). Afterwards the
// process can read its stdin, write its stdout and stderr, manage its own
// memory and exit; nothing else.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>

namespace luaward::worker {

// The process could not confine itself. It must not run scripts then.
class ConfinementError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Fixed room in the address space for what is neither the Lua heap nor a
// frame: code, stacks, the C++ value trees of a request and allocator slack.
constexpr std::uint64_t kAddressSpaceHeadroom = 256ull * 1024 * 1024;

// The RLIMIT_AS backstop for a Lua state capped at `memoryLimit` bytes
// (nullopt for no cap, which gets no backstop either):
//   what the process maps now (its code and libraries)
//   + 3 x memoryLimit (allocator overhead on the Lua heap, and copies of its
//     strings while a result is converted)
//   + 4 x maxFrameLength (a frame in each direction, and what decoding and
//     encoding one builds alongside it)
//   + kAddressSpaceHeadroom.
// The counting allocator refuses a script's allocation long before this is
// reached; the backstop only matters if that cap ever failed.
std::optional<std::uint64_t> addressSpaceLimit(std::optional<std::uint64_t> memoryLimit, std::uint64_t maxFrameLength);

// The id a worker started as root takes before any script runs (the
// traditional "nobody" and "nogroup").
constexpr unsigned kUnprivilegedId = 65534;

// Called first thing, before any other thread exists (capability sets are
// per thread; threads started later inherit them). When the process runs
// as root or holds capabilities, drops them all, the bounding and ambient
// sets included, and, as root, takes the unprivileged user and group
// kUnprivilegedId with no supplementary groups, so that its resource limits
// bind and seccomp is not the only barrier. Where that id cannot be taken
// (a user namespace without it) it keeps its id but no capability.
void dropPrivileges();

// Asks the kernel to kill this process (SIGKILL) when its parent dies, so a
// worker never outlives its host, not even one killed with SIGKILL in the
// middle of a request; exits at once if the parent is already gone. Call it
// after dropPrivileges(): the kernel forgets it when credentials change.
void dieWithParent();

// Confines the calling process:
// - resource limits: RLIMIT_AS to `addressSpace` (when set), RLIMIT_NOFILE,
//   RLIMIT_NPROC and RLIMIT_CORE to 0 (no new descriptors, processes or core
//   files);
// - on Linux, PR_SET_NO_NEW_PRIVS, then a seccomp filter that allows only
//   the system calls listed in confine.cpp and kills the whole process
//   (SIGSYS) on any other: no open, exec, socket, fork, clone or ptrace, no
//   signal to another process, no executable memory. The filter (and
//   no_new_privs) binds every thread of the process, the ones started
//   before included.
// Throws ConfinementError naming the step that failed.
void confine(std::optional<std::uint64_t> addressSpace);

}  // namespace luaward::worker
