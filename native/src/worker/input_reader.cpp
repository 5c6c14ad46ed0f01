#include "input_reader.hpp"

#ifdef __linux__
#include <sched.h>
#endif

#include <algorithm>
#include <chrono>
#include <new>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <variant>

namespace luaward::worker {

namespace {

// How long the input thread waits before it looks again at a request the
// main thread has taken but not yet started in the state (a few statements'
// worth of time, unless the main thread is not scheduled).
constexpr auto kRecheckInterval = std::chrono::milliseconds(1);

// How long next() polls for a message before it sleeps on the condition
// variable. Waking a sleeping main thread (a futex wake, then the scheduler
// switching it in, often on another, idle CPU) adds microseconds to tens of
// microseconds to every request. A host that answers a result with its next
// request does so within about this bound when both run on separate CPUs
// (30 us was measurably too short for a Node.js host); longer would only
// burn more CPU time in a worker that has nothing to do after each message.
// The input thread still always notifies: with no thread waiting, that
// costs no system call.
constexpr auto kSpinBound = std::chrono::microseconds(50);
// Pauses between two looks at the clock (a pause is 10 to 150 cycles).
constexpr int kPausesPerClockCheck = 32;

// Tells the CPU that this is a spin loop: it lowers the power drawn and the
// cost of leaving the loop; a plain poll where there is no such hint.
inline void spinPause() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield" ::: "memory");
#endif
}

// Whether this process may run on more than one CPU. On a single CPU the
// thread that would end a spin cannot run while it lasts, so there spinning
// only delays it. Called before the worker confines itself (sched_getaffinity
// is not on the allow-list).
bool severalCpus() {
#ifdef __linux__
  cpu_set_t cpus;
  CPU_ZERO(&cpus);
  if (::sched_getaffinity(0, sizeof cpus, &cpus) == 0) return CPU_COUNT(&cpus) > 1;
#endif
  return std::thread::hardware_concurrency() > 1;
}

}  // namespace

void InputReader::start() {
  spin_ = severalCpus();
  try {
    std::thread(&InputReader::run, this).detach();
  } catch (const std::system_error& error) {
    throw WorkerExit(ExitStatus::StartupFailed, std::string("cannot start the input thread: ") + error.what());
  }
}

void InputReader::run() noexcept {
  try {
    std::string body;
    for (;;) {
      try {
        // The host closed the channel: nobody can read what a running
        // request would send, so the worker ends at once, request or not.
        if (!channel_.receive(body)) exitWorker(ExitStatus::Done, "");
      } catch (const WorkerExit& failure) {
        endInput(failure);
        return;
      }
      HostMessage message;
      try {
        message = decodeHostMessage(body);
      } catch (const ProtocolViolation& violation) {
        endInput(WorkerExit(ExitStatus::ProtocolViolation, violation.what()));
        return;
      }
      // A large frame's memory is not kept while the thread waits.
      body = std::string();
      if (std::holds_alternative<Shutdown>(message)) exitWorker(ExitStatus::Done, "");
      const auto* stop = std::get_if<Interrupt>(&message);
      if (stop != nullptr && interrupt(stop->id)) continue;
      handOver(std::move(message));
    }
  } catch (const std::bad_alloc&) {
    exitWorker(ExitStatus::OutOfMemory, "out of memory while reading the host's frames");
  } catch (const std::exception& error) {
    exitWorker(ExitStatus::InternalError, error.what());
  }
}

void InputReader::handOver(HostMessage&& message) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // Known from now on, so that an interrupt can find it before it starts.
    if (state_ != nullptr) {
      if (const auto* request = std::get_if<ExecuteRequest>(&message)) track(request->id);
      if (const auto* request = std::get_if<CallRequest>(&message)) track(request->id);
    }
    messages_.push_back(std::move(message));
    available_.store(true, std::memory_order_release);
  }
  arrived_.notify_one();
}

void InputReader::endInput(std::optional<WorkerExit> failure) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ended_ = true;
    failure_ = std::move(failure);
    available_.store(true, std::memory_order_release);
  }
  arrived_.notify_one();
}

bool InputReader::next(HostMessage& message) {
  if (spin_ && !available_.load(std::memory_order_acquire)) {
    const auto deadline = std::chrono::steady_clock::now() + kSpinBound;
    do {
      for (int i = 0; i < kPausesPerClockCheck && !available_.load(std::memory_order_acquire); ++i) spinPause();
    } while (!available_.load(std::memory_order_acquire) && std::chrono::steady_clock::now() < deadline);
  }
  std::unique_lock<std::mutex> lock(mutex_);
  arrived_.wait(lock, [this] { return !messages_.empty() || ended_; });
  if (!messages_.empty()) {
    message = std::move(messages_.front());
    messages_.pop_front();
    if (messages_.empty() && !ended_) available_.store(false, std::memory_order_relaxed);
    return true;
  }
  if (failure_) throw *failure_;
  return false;
}

void InputReader::acceptInterrupts(LuaState& state) {
  std::lock_guard<std::mutex> lock(mutex_);
  state_ = &state;
}

int InputReader::startRequest(std::uint32_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto running = std::count_if(requests_.begin(), requests_.end(), [](const Tracked& t) { return t.level > 0; });
  Tracked& request = track(id);
  if (request.interrupted) return 0;
  request.level = static_cast<int>(running) + 1;
  return request.level;
}

void InputReader::finishRequest(std::uint32_t id) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    requests_.erase(std::remove_if(requests_.begin(), requests_.end(), [id](const Tracked& t) { return t.id == id; }),
                    requests_.end());
  }
  requestsChanged_.notify_all();
}

bool InputReader::interrupt(std::uint32_t id) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (state_ == nullptr) return false;
  for (;;) {
    const auto found = std::find_if(requests_.begin(), requests_.end(), [id](const Tracked& t) { return t.id == id; });
    // Finished, or not a request that runs Lua: nothing to stop.
    if (found == requests_.end()) return true;
    if (found->level == 0) {
      found->interrupted = true;
      return true;
    }
    if (state_->interrupt(found->level)) return true;
    // The main thread has started the request but has not reached the state
    // yet (or has left it and is about to finish the request): the state has
    // no request at that level. The main thread does not wait for this
    // thread there, so look again when it finishes the request, or shortly.
    requestsChanged_.wait_for(lock, kRecheckInterval);
  }
}

InputReader::Tracked& InputReader::track(std::uint32_t id) {
  const auto found = std::find_if(requests_.begin(), requests_.end(), [id](const Tracked& t) { return t.id == id; });
  if (found != requests_.end()) return *found;
  requests_.push_back(Tracked{id, 0, false});
  return requests_.back();
}

}  // namespace luaward::worker
