#include "worker_embedder.hpp"

#include <algorithm>
#include <new>

#include "wire_value.hpp"
#include "worker_exit.hpp"
#include "worker_messages.hpp"

namespace luaward::worker {

namespace {

// Ends the worker for whatever stopped a host call: the channel failed, the
// host broke the protocol, or the C++ heap ran out. A callback cannot fail
// its way out of these: the conversation with the host is lost.
[[noreturn]] void exitFromHostCall() noexcept {
  try {
    throw;
  } catch (const WorkerExit& failure) {
    exitWorker(failure);
  } catch (const ProtocolViolation& violation) {
    exitWorker(ExitStatus::ProtocolViolation, violation.what());
  } catch (const std::bad_alloc&) {
    exitWorker(ExitStatus::OutOfMemory, "out of memory while a host callback ran");
  } catch (const std::exception& error) {
    exitWorker(ExitStatus::InternalError, error.what());
  } catch (...) {
    exitWorker(ExitStatus::InternalError, "unexpected failure while a host callback ran");
  }
}

std::string tooLong(std::string_view what, std::uint32_t limit) {
  return std::string(what) + " does not fit in a frame the host accepts (maxFrameLength " + std::to_string(limit) +
         " bytes)";
}

}  // namespace

bool WorkerEmbedder::callHost(std::size_t index, std::vector<Value>&& args, std::vector<Value>& results,
                              HostFailure& failure) noexcept {
  try {
    return runCallback(index, args, results, failure);
  } catch (...) {
    exitFromHostCall();
  }
}

bool WorkerEmbedder::runCallback(std::size_t index, std::vector<Value>& args, std::vector<Value>& results,
                                 HostFailure& failure) {
  const std::string& name = settings_.names[index];
  if (waiting_.size() >= settings_.maxDepth) {
    failure.message = "callback '" + name + "' cannot run: " + std::to_string(waiting_.size()) +
                      " host callbacks already wait for a reply (maxCallbackDepth " +
                      std::to_string(settings_.maxDepth) + ")";
    return false;
  }
  const std::uint32_t id = nextCallbackId();
  const auto depth = static_cast<std::uint32_t>(waiting_.size() + 1);
  std::string frame;
  try {
    frame = encodeCallback(id, name, args, depth, settings_.peerMaxFrameLength);
  } catch (const FrameTooLong& error) {
    failure.message = tooLong("the arguments of callback '" + name + "'", error.limit());
    return false;
  }
  // The arguments are on the wire; their copy is not needed while waiting.
  args = std::vector<Value>();
  channel_.send(frame);
  frame = std::string();

  waiting_.push_back(id);
  Reply reply = awaitReply(id);
  waiting_.pop_back();

  if (auto* error = std::get_if<CallbackError>(&reply)) {
    failure.message = std::move(error->message);
    failure.id = id;
    return false;
  }
  // The callback returns exactly one value, nil included.
  results.assign(1, Value());
  Error error;
  ConversionTally tally;
  if (!valueFromWire(std::move(std::get<CallbackResult>(reply).value), settings_.limits, WirePathRoot{"result"}, tally,
                     results.back(), error)) {
    results.clear();
    failure.message = "callback '" + name + "' returned a value that cannot be converted: " + error.message;
    failure.id.reset();
    return false;
  }
  return true;
}

WorkerEmbedder::Reply WorkerEmbedder::awaitReply(std::uint32_t id) {
  HostMessage message;
  for (;;) {
    if (!input_.next(message)) throw WorkerExit(ExitStatus::Done, "");
    if (auto* result = std::get_if<CallbackResult>(&message)) {
      checkAnswers(result->id, id);
      return std::move(*result);
    }
    if (auto* error = std::get_if<CallbackError>(&message)) {
      checkAnswers(error->id, id);
      return std::move(*error);
    }
    requests_.serve(std::move(message));
  }
}

void WorkerEmbedder::checkAnswers(std::uint32_t answered, std::uint32_t innermost) const {
  if (answered == innermost) return;
  const bool waiting = std::find(waiting_.begin(), waiting_.end(), answered) != waiting_.end();
  throw ProtocolViolation("the host answered callback " + std::to_string(answered) +
                          (waiting ? " before callback " + std::to_string(innermost) + ", which waits inside it"
                                   : ", which is not waiting for a reply"));
}

std::uint32_t WorkerEmbedder::nextCallbackId() {
  // Ids run from 1 to 2^32 - 1 and wrap, skipping any still waiting.
  do {
    lastCallbackId_ = lastCallbackId_ == 0xffffffff ? 1 : lastCallbackId_ + 1;
  } while (std::find(waiting_.begin(), waiting_.end(), lastCallbackId_) != waiting_.end());
  return lastCallbackId_;
}

bool WorkerEmbedder::print(std::string_view line, HostFailure& failure) noexcept {
  try {
    std::string frame;
    try {
      frame = encodePrint(line, settings_.peerMaxFrameLength);
    } catch (const FrameTooLong& error) {
      failure.message = tooLong("a printed line of " + std::to_string(line.size()) + " bytes", error.limit());
      return false;
    }
    channel_.send(frame);
    return true;
  } catch (...) {
    exitFromHostCall();
  }
}

}  // namespace luaward::worker
