// The worker's conversation with its host: `hello`, then `init`, then
// requests until `shutdown` or the end of the input. Requests run one at a
// time; those that arrive while a host callback waits run nested in it. The
// input is read by the input thread (input_reader.hpp), which also stops a
// running request on `interrupt` and ends the worker on `shutdown`.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "../core/lua_state.hpp"
#include "frame_channel.hpp"
#include "host_messages.hpp"
#include "input_reader.hpp"
#include "wire_error.hpp"
#include "worker_embedder.hpp"
#include "worker_messages.hpp"

namespace luaward::worker {

class RequestLoop final : public NestedRequests {
 public:
  // Runs once the Lua state of a successful `init` exists, before `ready`
  // is sent and before any script can run: the worker confines itself
  // there. Throws WorkerExit to end the worker instead.
  using ConfineStep = std::function<void(const InitOptions&)>;

  RequestLoop(FrameChannel& channel, Hello hello, ConfineStep confine)
      : channel_(channel), input_(channel), hello_(std::move(hello)), confine_(std::move(confine)) {}

  // Starts the input thread, sends hello and serves the host until it says
  // `shutdown` or closes the channel; then, or when anything ends the
  // worker, the process exits.
  [[noreturn]] void run() noexcept;

  // Serves one request (or refuses it) and sends its reply.
  void serve(HostMessage&& message) override;

 private:
  void init(InitRequest& request);
  void execute(ExecuteRequest& request);
  void call(CallRequest& request);
  void exists(const ExistsRequest& request);
  void getGlobal(const GetGlobalRequest& request);
  void setGlobal(SetGlobalRequest& request);
  void stats(const StatsRequest& request);

  // The request options for an `instructionLimit` field.
  static RequestOptions requestOptions(const std::optional<Limit>& instructionLimit);
  // Runs `work` (the request's call into the state) as request `id`: the
  // input thread can interrupt it meanwhile. An `execute` or `call` that was
  // interrupted before it started does not run: it fails as aborted.
  template <class Work>
  bool runInState(std::uint32_t id, Error& error, Work work);
  // Replies with `values`, or with a conversion error when they do not fit
  // in a frame the host accepts.
  void replyResult(std::uint32_t id, const std::vector<Value>& values);
  void replyError(std::uint32_t id, const WireError& error);
  void send(const std::string& frame) { channel_.send(frame); }

  // Where the conversation is (docs/protocol.md, "States"). A message the
  // phase does not allow is a violation.
  enum class Phase {
    AwaitingInit,  // hello sent
    InitFailed,    // init answered with an error: only shutdown may follow
    Ready,         // ready sent: requests are served
  };

  FrameChannel& channel_;
  InputReader input_;
  Hello hello_;
  ConfineStep confine_;
  Phase phase_ = Phase::AwaitingInit;
  // The host's maxFrameLength: 64 MiB until init says otherwise.
  std::uint32_t peerMaxFrameLength_ = kDefaultMaxFrameLength;
  // Limits on the values the host sends, the same as the core applies to
  // values from Lua.
  ConversionLimits limits_;
  // Declared before the state, which holds a reference to it.
  std::unique_ptr<WorkerEmbedder> embedder_;
  std::unique_ptr<LuaState> state_;
};

}  // namespace luaward::worker
