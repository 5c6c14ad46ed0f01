// The worker's confinement, tried in forked children: each confines itself
// exactly as the worker does, then makes one call. A forbidden call kills the
// child with SIGSYS; what the worker needs keeps working.
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#ifdef __linux__
#include <sys/ptrace.h>
#endif

#include "../src/worker/confine.hpp"
#include "check.hpp"

namespace luaward::test {
namespace {

constexpr int kConfineFailed = 100;

// The wait status of a child that confines itself (with no address-space
// limit unless given one) and then runs `body`, exiting 0 if it returns.
template <class Body>
int inConfinedChild(Body body, std::optional<std::uint64_t> addressSpace = std::nullopt) {
  std::fflush(nullptr);
  const pid_t child = ::fork();
  if (child == 0) {
    try {
      worker::confine(addressSpace);
    } catch (const worker::ConfinementError&) {
      ::_exit(kConfineFailed);
    }
    body();
    ::_exit(0);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

// The wait status of a child that starts a thread, confines itself once the
// thread runs, and then lets the thread run `body`, as the worker's input
// thread does (the worker reads init through that thread, so the thread's
// own start-up calls, rseq and set_robust_list, always come before the
// confinement); the child exits 0 once the thread has ended.
template <class Body>
int inThreadConfinedAfterItStarted(Body body) {
  std::fflush(nullptr);
  const pid_t child = ::fork();
  if (child == 0) {
    std::mutex mutex;
    std::condition_variable changed;
    bool started = false;
    bool go = false;
    std::thread thread([&] {
      {
        std::unique_lock<std::mutex> lock(mutex);
        started = true;
        changed.notify_all();
        changed.wait(lock, [&] { return go; });
      }
      body();
    });
    {
      std::unique_lock<std::mutex> lock(mutex);
      changed.wait(lock, [&] { return started; });
    }
    try {
      worker::confine(std::nullopt);
    } catch (const worker::ConfinementError&) {
      ::_exit(kConfineFailed);
    }
    {
      std::lock_guard<std::mutex> lock(mutex);
      go = true;
    }
    changed.notify_all();
    thread.join();
    ::_exit(0);
  }
  int status = 0;
  while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

bool killedBy(int status, int signal) { return WIFSIGNALED(status) && WTERMSIG(status) == signal; }
bool exitedWith(int status, int code) { return WIFEXITED(status) && WEXITSTATUS(status) == code; }

#ifdef __linux__

LUAWARD_TEST(forbiddenCallsKillTheProcess) {
  struct Attempt {
    const char* what;
    void (*call)();
  };
  static char* const kNoArgs[] = {const_cast<char*>("true"), nullptr};
  const Attempt attempts[] = {
      {"open", [] { ::open("/etc/hostname", O_RDONLY); }},
      {"openat", [] { ::syscall(SYS_openat, AT_FDCWD, "/etc/hostname", O_RDONLY); }},
#ifdef SYS_open
      {"open (the old call)", [] { ::syscall(SYS_open, "/etc/hostname", O_RDONLY); }},
#endif
#ifdef SYS_openat2
      {"openat2", [] { ::syscall(SYS_openat2, AT_FDCWD, "/etc/hostname", nullptr, 0); }},
#endif
#ifdef SYS_creat
      {"creat", [] { ::syscall(SYS_creat, "/tmp/luaward-confined", 0600); }},
#endif
      {"execve", [] { ::execve("/bin/true", kNoArgs, nullptr); }},
      {"execveat", [] { ::syscall(SYS_execveat, AT_FDCWD, "/bin/true", kNoArgs, nullptr, 0); }},
      {"socket", [] { ::socket(AF_INET, SOCK_STREAM, 0); }},
      {"socketpair",
       [] {
         int fds[2];
         ::socketpair(AF_UNIX, SOCK_STREAM, 0, fds);
       }},
      {"connect", [] { ::connect(0, nullptr, 0); }},
      {"bind", [] { ::bind(0, nullptr, 0); }},
      {"listen", [] { ::listen(0, 1); }},
      {"accept4", [] { ::accept4(0, nullptr, nullptr, 0); }},
      {"fork", [] { ::fork(); }},
#ifdef SYS_fork
      {"fork (the old call)", [] { ::syscall(SYS_fork); }},
#endif
#ifdef SYS_vfork
      {"vfork", [] { ::syscall(SYS_vfork); }},
#endif
      {"clone", [] { ::syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0); }},
#ifdef SYS_clone3
      {"clone3", [] { ::syscall(SYS_clone3, nullptr, 0); }},
#endif
      {"ptrace", [] { ::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr); }},
      {"kill of another process", [] { ::kill(::getppid(), 0); }},
      {"tgkill of another process", [] { ::syscall(SYS_tgkill, ::getppid(), ::getppid(), 0); }},
      {"executable memory", [] { ::mmap(nullptr, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0); }},
      {"making memory executable",
       [] {
         void* page = ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
         ::mprotect(page, 4096, PROT_READ | PROT_EXEC);
       }},
      {"reading another descriptor",
       [] {
         char byte;
         ::read(STDOUT_FILENO, &byte, 0);
       }},
      {"writing another descriptor", [] { ::write(STDIN_FILENO, "", 0); }},
      {"dup", [] { ::dup(STDIN_FILENO); }},
      {"chdir", [] { ::chdir("/tmp"); }},
      {"setrlimit",
       [] {
         const struct rlimit unlimited { RLIM_INFINITY, RLIM_INFINITY };
         ::setrlimit(RLIMIT_NOFILE, &unlimited);
       }},
  };
  for (const Attempt& attempt : attempts) {
    const int status = inConfinedChild(attempt.call);
    CHECK_THAT(killedBy(status, SIGSYS), std::string(attempt.what) + " (wait status " + std::to_string(status) + ")");
  }
}

LUAWARD_TEST(whatTheWorkerNeedsStillWorks) {
  const int status = inConfinedChild([] {
    // The heap, large and small, growing and shrinking.
    std::vector<char*> blocks;
    for (int i = 0; i < 64; ++i)
      blocks.push_back(static_cast<char*>(std::malloc(static_cast<std::size_t>(1) << (i % 24))));
    char* big = static_cast<char*>(std::malloc(64 << 20));
    if (big == nullptr) ::_exit(1);
    std::memset(big, 1, 64 << 20);
    big = static_cast<char*>(std::realloc(big, 128 << 20));
    if (big == nullptr) ::_exit(2);
    std::free(big);
    for (char* block : blocks) std::free(block);
    // C++ exceptions unwind.
    try {
      throw std::runtime_error("unwinds");
    } catch (const std::runtime_error&) {
    }
    // The channel and the clock.
    char byte;
    if (::read(STDIN_FILENO, &byte, 0) != 0) ::_exit(3);
    if (::write(STDOUT_FILENO, "", 0) != 0 || ::write(STDERR_FILENO, "", 0) != 0) ::_exit(4);
    struct timespec now;
    if (::clock_gettime(CLOCK_MONOTONIC, &now) != 0) ::_exit(5);
    if (::getpid() <= 0) ::_exit(6);
  });
  CHECK_THAT(exitedWith(status, 0), "wait status " + std::to_string(status));
}

LUAWARD_TEST(aThreadStartedBeforeTheConfinementIsConfinedToo) {
  // The filter is synchronised to every thread, not only the one loading it.
  CHECK(killedBy(inThreadConfinedAfterItStarted([] { ::open("/etc/hostname", O_RDONLY); }), SIGSYS));
  CHECK(killedBy(inThreadConfinedAfterItStarted([] { ::socket(AF_INET, SOCK_STREAM, 0); }), SIGSYS));
}

LUAWARD_TEST(whatTheInputThreadNeedsStillWorks) {
  const int status = inThreadConfinedAfterItStarted([] {
    // Reading the channel, frames on its own heap, handing them over and
    // waiting with a timeout; then the thread ends.
    char byte;
    if (::read(STDIN_FILENO, &byte, 0) != 0) ::_exit(1);
    std::vector<std::string> frames;
    for (int i = 0; i < 64; ++i) frames.emplace_back(static_cast<std::size_t>(1) << (i % 22), 'f');
    std::string large(32 << 20, 'l');
    std::mutex mutex;
    std::condition_variable handed;
    std::unique_lock<std::mutex> lock(mutex);
    handed.wait_for(lock, std::chrono::milliseconds(1));
  });
  CHECK_THAT(exitedWith(status, 0), "wait status " + std::to_string(status));
}

LUAWARD_TEST(abortStillRaisesSigabrt) {
  // A failed assertion in the worker is reported as itself, not as SIGSYS.
  CHECK(killedBy(inConfinedChild([] { std::abort(); }), SIGABRT));
}

#endif  // __linux__

LUAWARD_TEST(theAddressSpaceLimitStopsAllocationsPastIt) {
  const std::optional<std::uint64_t> limit = worker::addressSpaceLimit(64ull << 20, 1 << 20);
  CHECK(limit.has_value());
  const int status = inConfinedChild(
      [] {
        // Within the limit: fine. Far past it: malloc fails, nothing is killed.
        void* small = std::malloc(32 << 20);
        if (small == nullptr) ::_exit(1);
        void* huge = std::malloc(static_cast<std::size_t>(4) << 30);
        ::_exit(huge == nullptr ? 0 : 2);
      },
      limit);
  CHECK_THAT(exitedWith(status, 0), "wait status " + std::to_string(status));
}

LUAWARD_TEST(theAddressSpaceLimitFollowsTheMemoryLimit) {
  CHECK(!worker::addressSpaceLimit(std::nullopt, 1 << 20).has_value());
  const std::uint64_t small = *worker::addressSpaceLimit(1 << 20, 1 << 20);
  const std::uint64_t large = *worker::addressSpaceLimit(1001 << 20, 1 << 20);
  // Three times the memory limit more; the mapped part may differ by a page or so.
  CHECK(large - small >= (3000ull << 20) - (1 << 20) && large - small <= (3000ull << 20) + (1 << 20));
  CHECK(small >= worker::kAddressSpaceHeadroom + 3 * (1 << 20) + 4 * (1 << 20));
  // Sizes too large to add up mean no limit rather than a wrapped-around one.
  CHECK(!worker::addressSpaceLimit(UINT64_MAX / 2, 1 << 20).has_value());
}

}  // namespace
}  // namespace luaward::test
