#include "confine.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <limits>
#include <string>

#ifdef __linux__
#include <grp.h>
#include <linux/capability.h>
#include <seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

#include <csignal>

#include "worker_exit.hpp"

namespace luaward::worker {

namespace {

// Used when the process cannot tell how much it maps (no /proc).
constexpr std::uint64_t kAssumedMappedBytes = 64ull * 1024 * 1024;

// What the process maps now, in bytes.
std::uint64_t mappedBytes() {
#ifdef __linux__
  // The first field of /proc/self/statm is the total program size in pages.
  const int fd = ::open("/proc/self/statm", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    char text[128];
    const ssize_t length = ::read(fd, text, sizeof text - 1);
    ::close(fd);
    if (length > 0) {
      text[length] = '\0';
      char* end = nullptr;
      const unsigned long long pages = std::strtoull(text, &end, 10);
      const long pageSize = ::sysconf(_SC_PAGESIZE);
      if (end != text && pages > 0 && pageSize > 0) return pages * static_cast<std::uint64_t>(pageSize);
    }
  }
#endif
  return kAssumedMappedBytes;
}

// a + b * factor, or nullopt when it overflows (no limit could be meant).
std::optional<std::uint64_t> addScaled(std::uint64_t a, std::uint64_t b, std::uint64_t factor) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  if (b > (kMax - a) / factor) return std::nullopt;
  return a + b * factor;
}

// Lowers both the soft and the hard limit; a hard limit already below
// `value` stays where it is.
void lowerLimit(int resource, const char* name, rlim_t value) {
  struct rlimit current;
  if (::getrlimit(resource, &current) != 0) {
    throw ConfinementError(std::string("getrlimit(") + name + ") failed: " + errnoName(errno));
  }
  if (current.rlim_max != RLIM_INFINITY && current.rlim_max < value) value = current.rlim_max;
  const rlimit limit{value, value};
  if (::setrlimit(resource, &limit) != 0) {
    throw ConfinementError(std::string("setrlimit(") + name + ") failed: " + errnoName(errno));
  }
}

#ifdef __linux__

// The capability sets through the raw system calls: libcap is one more
// library to link for three calls.
bool readCapabilities(__user_cap_data_struct (&data)[2]) {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  return ::syscall(SYS_capget, &header, data) == 0;
}

bool holdsCapabilities() {
  __user_cap_data_struct data[2] = {};
  if (!readCapabilities(data)) return true;
  for (const auto& set : data) {
    if (set.effective != 0 || set.permitted != 0 || set.inheritable != 0) return true;
  }
  return false;
}

// The bounding and ambient sets, while CAP_SETPCAP is still held.
void dropInheritableCapabilities() {
  for (int capability = 0; ::prctl(PR_CAPBSET_READ, capability, 0, 0, 0) >= 0; ++capability) {
    if (::prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0 && errno != EPERM) {
      throw ConfinementError("prctl(PR_CAPBSET_DROP) failed: " + errnoName(errno));
    }
  }
  if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) {
    throw ConfinementError("prctl(PR_CAP_AMBIENT_CLEAR_ALL) failed: " + errnoName(errno));
  }
}

void dropCapabilities() {
  __user_cap_header_struct header{_LINUX_CAPABILITY_VERSION_3, 0};
  __user_cap_data_struct none[2] = {};
  if (::syscall(SYS_capset, &header, none) != 0) throw ConfinementError("capset failed: " + errnoName(errno));
}

// A libseccomp filter context, released on every path.
class SeccompFilter {
 public:
  SeccompFilter() : context_(seccomp_init(SCMP_ACT_KILL_PROCESS)) {
    if (context_ == nullptr) throw ConfinementError("seccomp_init failed");
    // System calls of another ABI (i386 or x32 on x86_64) are refused too.
    check(seccomp_attr_set(context_, SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS), "setting the bad-arch action");
    // A filter binds only the thread that loads it, unless synchronised: the
    // input thread, started before, gets it (and no_new_privs) too.
    check(seccomp_attr_set(context_, SCMP_FLTATR_CTL_TSYNC, 1), "synchronising the filter to every thread");
  }
  ~SeccompFilter() { seccomp_release(context_); }
  SeccompFilter(const SeccompFilter&) = delete;
  SeccompFilter& operator=(const SeccompFilter&) = delete;

  template <class... Conditions>
  void allow(int syscall, const char* name, Conditions... conditions) {
    check(seccomp_rule_add(context_, SCMP_ACT_ALLOW, syscall, sizeof...(Conditions), conditions...), name);
  }

  void load() { check(seccomp_load(context_), "loading the filter"); }

 private:
  static void check(int result, const char* what) {
    if (result < 0) throw ConfinementError(std::string("seccomp: ") + what + " failed: " + errnoName(-result));
  }

  scmp_filter_ctx context_;
};

// The allow-list. Each entry is a call the worker, glibc, libstdc++ or Lua
// makes after start-up; anything else kills the process.
void loadSeccompFilter() {
  SeccompFilter filter;
  // The channel: frames in on stdin, frames out on stdout, diagnostics on
  // stderr (writev: glibc's own fatal messages).
  filter.allow(SCMP_SYS(read), "read", SCMP_A0(SCMP_CMP_EQ, STDIN_FILENO));
  filter.allow(SCMP_SYS(write), "write", SCMP_A0(SCMP_CMP_EQ, STDOUT_FILENO));
  filter.allow(SCMP_SYS(write), "write", SCMP_A0(SCMP_CMP_EQ, STDERR_FILENO));
  filter.allow(SCMP_SYS(writev), "writev", SCMP_A0(SCMP_CMP_EQ, STDERR_FILENO));
  // Memory for malloc, never executable: a script that gained a write
  // primitive still cannot map code of its own.
  filter.allow(SCMP_SYS(mmap), "mmap", SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
  filter.allow(SCMP_SYS(mprotect), "mprotect", SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
  filter.allow(SCMP_SYS(munmap), "munmap");
  filter.allow(SCMP_SYS(mremap), "mremap");
  filter.allow(SCMP_SYS(brk), "brk");
  filter.allow(SCMP_SYS(madvise), "madvise");
  // Locks inside glibc and libstdc++, and the input thread handing frames to
  // the main thread.
  filter.allow(SCMP_SYS(futex), "futex");
  // Ending: exit, and abort() raising SIGABRT against this process only.
  filter.allow(SCMP_SYS(exit), "exit");
  filter.allow(SCMP_SYS(exit_group), "exit_group");
  filter.allow(SCMP_SYS(rt_sigreturn), "rt_sigreturn");
  filter.allow(SCMP_SYS(restart_syscall), "restart_syscall");
  filter.allow(SCMP_SYS(rt_sigprocmask), "rt_sigprocmask");
  filter.allow(SCMP_SYS(rt_sigaction), "rt_sigaction");
  filter.allow(SCMP_SYS(getpid), "getpid");
  filter.allow(SCMP_SYS(gettid), "gettid");
  filter.allow(SCMP_SYS(tgkill), "tgkill", SCMP_A0(SCMP_CMP_EQ, static_cast<scmp_datum_t>(::getpid())));
  // Clocks and entropy, when the vDSO does not answer them.
  filter.allow(SCMP_SYS(clock_gettime), "clock_gettime");
  filter.allow(SCMP_SYS(gettimeofday), "gettimeofday");
  filter.allow(SCMP_SYS(getrandom), "getrandom");
  filter.load();
}

#endif  // __linux__

}  // namespace

std::optional<std::uint64_t> addressSpaceLimit(std::optional<std::uint64_t> memoryLimit, std::uint64_t maxFrameLength) {
  if (!memoryLimit) return std::nullopt;
  std::optional<std::uint64_t> total = addScaled(mappedBytes(), kAddressSpaceHeadroom, 1);
  if (total) total = addScaled(*total, *memoryLimit, 3);
  if (total) total = addScaled(*total, maxFrameLength, 4);
  return total;
}

void dropPrivileges() {
#ifdef __linux__
  if (::geteuid() != 0 && !holdsCapabilities()) return;
  dropInheritableCapabilities();
  if (::geteuid() == 0) {
    const uid_t id = kUnprivilegedId;
    if (::setgroups(0, nullptr) != 0 && errno != EPERM) throw ConfinementError("setgroups failed: " + errnoName(errno));
    // EINVAL: the id does not exist in this user namespace; the worker then
    // keeps its ids but drops every capability below.
    if (::setresgid(id, id, id) != 0 && errno != EINVAL)
      throw ConfinementError("setresgid failed: " + errnoName(errno));
    if (::setresuid(id, id, id) != 0 && errno != EINVAL)
      throw ConfinementError("setresuid failed: " + errnoName(errno));
  }
  // Leaving uid 0 cleared the other sets; a worker that kept its id clears them here.
  if (holdsCapabilities()) dropCapabilities();
  if (holdsCapabilities()) throw ConfinementError("capabilities remain after dropping them");
#endif
}

void dieWithParent() {
#ifdef __linux__
  const pid_t parent = ::getppid();
  if (::prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) != 0) {
    throw ConfinementError("prctl(PR_SET_PDEATHSIG) failed: " + errnoName(errno));
  }
  // The parent died between the two calls. (One that died even earlier has
  // closed the worker's stdin, and the first read ends the worker.)
  if (::getppid() != parent) exitWorker(ExitStatus::Done, "");
#endif
}

void confine(std::optional<std::uint64_t> addressSpace) {
  if (addressSpace) lowerLimit(RLIMIT_AS, "RLIMIT_AS", static_cast<rlim_t>(*addressSpace));
  lowerLimit(RLIMIT_NOFILE, "RLIMIT_NOFILE", 0);
  lowerLimit(RLIMIT_NPROC, "RLIMIT_NPROC", 0);
  lowerLimit(RLIMIT_CORE, "RLIMIT_CORE", 0);
#ifdef __linux__
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
    throw ConfinementError("prctl(PR_SET_NO_NEW_PRIVS) failed: " + errnoName(errno));
  }
  loadSeccompFilter();
#endif
}

}  // namespace luaward::worker
