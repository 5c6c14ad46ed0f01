// The worker's input, read on a thread of its own so that the host can stop
// a request while it runs (the `interrupt` capability, docs/worker.md).
//
// The main thread runs Lua and takes messages only between requests and
// while a host callback waits. The input thread reads whole frames all the
// time and decodes them; then it
// - ends the process (status 0) on `shutdown`, whatever runs;
// - handles `interrupt` itself once the worker is ready: the request it
//   names is stopped through LuaState::interrupt (at its next instruction, or
//   once the callback it waits for returns), or before it starts when the
//   main thread has not started it yet; an `interrupt` naming a request that
//   is not outstanding, or one that runs no Lua, is ignored;
// - hands everything else to the main thread in order: the messages, then
//   how the input ended (between two frames, or with a protocol violation
//   or a read failure), which the main thread acts on once it gets there,
//   exactly as if it had read them itself.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <vector>

#include "../core/lua_state.hpp"
#include "frame_channel.hpp"
#include "host_messages.hpp"
#include "worker_exit.hpp"

namespace luaward::worker {

class InputReader {
 public:
  explicit InputReader(FrameChannel& channel) : channel_(channel) {}
  InputReader(const InputReader&) = delete;
  InputReader& operator=(const InputReader&) = delete;

  // Starts the input thread. Call it before the worker confines itself:
  // the confined process cannot create a thread, and the thread's own
  // start-up calls (rseq, set_robust_list) are not on the allow-list either;
  // they are over before the confinement, since the main thread reads `init`
  // through the thread. The thread is detached: the process always ends
  // with _exit, never by returning from main. Throws WorkerExit
  // (StartupFailed) when no thread can be created.
  void start();

  // Main thread: blocks until the next message and takes it. Returns false
  // when the input ended between two frames; throws WorkerExit for the
  // violation or read failure that ended it.
  bool next(HostMessage& message);

  // Main thread, once `state` exists and before `ready` is sent: from now on
  // the input thread handles `interrupt` itself, for requests of `state`.
  // Until then an `interrupt` is handed over like any message (the main
  // thread refuses it: the host may send none before `ready`).
  void acceptInterrupts(LuaState& state);

  // Main thread: request `id` (an `execute` or a `call`) is about to run in
  // the state, nested in the requests still running. Returns the level it
  // runs at (LuaState::interrupt), or 0 when it was interrupted before it
  // started: it must not run then.
  int startRequest(std::uint32_t id);

  // Main thread: request `id` is done with the state, whether it ran or
  // not. An `interrupt` for it is ignored from now on.
  void finishRequest(std::uint32_t id);

 private:
  // An `execute` or `call` from the moment it is read to the moment the
  // main thread is done with it.
  struct Tracked {
    std::uint32_t id;
    int level;         // 0 until it starts
    bool interrupted;  // interrupted before it started
  };

  // The input thread's loop. Never returns by an exception.
  void run() noexcept;
  // Input thread: queues `message` for the main thread.
  void handOver(HostMessage&& message);
  // Input thread: ends the queue with how the input ended (nullopt: between
  // two frames).
  void endInput(std::optional<WorkerExit> failure);
  // Input thread: acts on `interrupt` for request `id`. Returns false, doing
  // nothing, until interrupts are accepted.
  bool interrupt(std::uint32_t id);
  // The entry of request `id`, added when missing. Call with the lock held.
  Tracked& track(std::uint32_t id);

  FrameChannel& channel_;
  std::mutex mutex_;
  // Signalled when a message or the end of the input is queued.
  std::condition_variable arrived_;
  // Signalled when the main thread is done with a request.
  std::condition_variable requestsChanged_;
  // Everything below is guarded by mutex_.
  std::deque<HostMessage> messages_;
  bool ended_ = false;
  std::optional<WorkerExit> failure_;
  LuaState* state_ = nullptr;  // set once interrupts are accepted
  std::vector<Tracked> requests_;
  // !messages_.empty() || ended_, written with mutex_ held: lets next() poll
  // without the lock while it spins (the condition it waits on stays the
  // authority).
  std::atomic<bool> available_{false};
  // Whether next() spins before it blocks; set by start().
  bool spin_ = false;
};

}  // namespace luaward::worker
