// The core's Embedder over the protocol: a host callback becomes a `callback`
// frame, and the worker waits for the input thread to hand over the matching
// `callbackResult` or `callbackError`, serving the requests the host sends
// meanwhile (they run nested, on the Lua thread that called the host). A
// printed line becomes a `print` frame.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "../core/convert.hpp"
#include "../core/embedder.hpp"
#include "frame_channel.hpp"
#include "host_messages.hpp"
#include "input_reader.hpp"
#include "protocol.hpp"

namespace luaward::worker {

// Serves a request that arrived while a host callback waits for its reply.
class NestedRequests {
 public:
  virtual void serve(HostMessage&& message) = 0;

 protected:
  ~NestedRequests() = default;
};

struct CallbackSettings {
  // Globals that call the host, by their index in this list.
  std::vector<std::string> names;
  // Most callbacks that may wait for a reply at once (0: every call fails).
  std::uint64_t maxDepth = 0;
  // Limits on the values callbacks return.
  ConversionLimits limits;
  // The host's maxFrameLength: the longest frame it accepts.
  std::uint32_t peerMaxFrameLength = kDefaultMaxFrameLength;
};

class WorkerEmbedder final : public Embedder {
 public:
  WorkerEmbedder(FrameChannel& channel, InputReader& input, NestedRequests& requests, CallbackSettings settings)
      : channel_(channel), input_(input), requests_(requests), settings_(std::move(settings)) {}

  // A failure the host reported (callbackError) carries the callback's id as
  // its HostFailure id, so the request's error names it as callbackId.
  // Ends the worker when the channel fails or the host breaks the protocol
  // while the callback waits.
  bool callHost(std::size_t index, std::vector<Value>&& args, std::vector<Value>& results,
                HostFailure& failure) noexcept override;
  bool print(std::string_view line, HostFailure& failure) noexcept override;

 private:
  using Reply = std::variant<CallbackResult, CallbackError>;

  bool runCallback(std::size_t index, std::vector<Value>& args, std::vector<Value>& results, HostFailure& failure);
  // Blocks until callback `id`, the innermost one waiting, has its reply.
  // The host answers callbacks innermost first: a reply to any other id is a
  // violation.
  Reply awaitReply(std::uint32_t id);
  // Throws ProtocolViolation unless `answered` is `innermost`.
  void checkAnswers(std::uint32_t answered, std::uint32_t innermost) const;
  std::uint32_t nextCallbackId();

  FrameChannel& channel_;
  InputReader& input_;
  NestedRequests& requests_;
  CallbackSettings settings_;
  std::uint32_t lastCallbackId_ = 0;
  // Callbacks waiting for their reply, innermost last.
  std::vector<std::uint32_t> waiting_;
};

}  // namespace luaward::worker
