#include "request_loop.hpp"

#include <new>
#include <type_traits>
#include <utility>

#include "../core/allocator.hpp"
#include "../core/engine_options.hpp"
#include "../core/instruction_budget.hpp"
#include "../core/output_budget.hpp"
#include "wire_value.hpp"
#include "worker_exit.hpp"

namespace luaward::worker {

namespace {

template <class Unsigned>
Unsigned coreLimit(const Limit& limit, Unsigned unlimited) {
  return limit ? static_cast<Unsigned>(*limit) : unlimited;
}

// The engine's options for an init: every limit the core has (the others,
// such as maxCallbackDepth, are the worker's own), the libraries, the callbacks.
EngineOptions engineOptions(const InitOptions& options) {
  EngineOptions engine;
  for (const WireLimitField& limit : kWireLimitFields) setLimit(engine, limit.name, options.limits.*limit.member);
  engine.libraries = options.libraries;
  engine.callbackNames = options.callbacks;
  return engine;
}

ProtocolViolation unexpectedReply(std::uint32_t id) {
  return ProtocolViolation("the host answered callback " + std::to_string(id) + ", which is not waiting for a reply");
}

// The core takes the name Lua shows and gives it lua_load's "=" prefix; the
// protocol passes lua_load's chunk name itself ("=input", "@script.lua").
// Either prefix is taken off; a name without one is shown as it is.
std::string_view displayName(std::string_view chunkName) {
  if (!chunkName.empty() && (chunkName[0] == '=' || chunkName[0] == '@')) chunkName.remove_prefix(1);
  return chunkName;
}

}  // namespace

void RequestLoop::run() noexcept {
  try {
    // Before the confinement, which forbids creating threads.
    input_.start();
    send(encodeHello(hello_, peerMaxFrameLength_));
    HostMessage message;
    while (input_.next(message)) serve(std::move(message));
    exitWorker(ExitStatus::Done, "");
  } catch (const WorkerExit& failure) {
    exitWorker(failure);
  } catch (const ProtocolViolation& violation) {
    exitWorker(ExitStatus::ProtocolViolation, violation.what());
  } catch (const std::bad_alloc&) {
    exitWorker(ExitStatus::OutOfMemory, "out of memory outside the Lua state");
  } catch (const std::exception& error) {
    exitWorker(ExitStatus::InternalError, error.what());
  }
}

void RequestLoop::serve(HostMessage&& message) {
  if (auto* request = std::get_if<InitRequest>(&message)) {
    if (phase_ != Phase::AwaitingInit) throw ProtocolViolation("the host sent init twice");
    init(*request);
    return;
  }
  // Replies to callbacks are taken by the callback that waits for them.
  if (auto* reply = std::get_if<CallbackResult>(&message)) throw unexpectedReply(reply->id);
  if (auto* reply = std::get_if<CallbackError>(&message)) throw unexpectedReply(reply->id);
  if (phase_ != Phase::Ready) {
    throw ProtocolViolation(phase_ == Phase::AwaitingInit
                                ? "the host sent a message other than init before init"
                                : "the host sent a message other than shutdown after init failed");
  }
  std::visit(
      [this](auto& request) {
        using Request = std::decay_t<decltype(request)>;
        if constexpr (std::is_same_v<Request, ExecuteRequest>) {
          execute(request);
        } else if constexpr (std::is_same_v<Request, CallRequest>) {
          call(request);
        } else if constexpr (std::is_same_v<Request, ExistsRequest>) {
          exists(request);
        } else if constexpr (std::is_same_v<Request, GetGlobalRequest>) {
          getGlobal(request);
        } else if constexpr (std::is_same_v<Request, SetGlobalRequest>) {
          setGlobal(request);
        } else if constexpr (std::is_same_v<Request, StatsRequest>) {
          stats(request);
        }
        // init and callback replies were handled above. Once the worker is
        // ready the input thread handles interrupt and shutdown itself:
        // neither gets here (an interrupt before that is refused above).
      },
      message);
}

void RequestLoop::init(InitRequest& request) {
  const InitOptions& options = request.options;
  // The reply to init already goes to the host's limit.
  peerMaxFrameLength_ = options.maxFrameLength;
  const EngineOptions engine = engineOptions(options);
  // The same limits as the core applies to values from Lua.
  limits_ = engine.conversionLimits();
  CallbackSettings callbacks{options.callbacks, *options.limits.maxCallbackDepth, limits_, peerMaxFrameLength_};
  auto embedder = std::make_unique<WorkerEmbedder>(channel_, input_, *this, std::move(callbacks));
  Error error;
  std::unique_ptr<LuaState> state = LuaState::create(engine, *embedder, error);
  if (!state) {
    phase_ = Phase::InitFailed;
    replyError(request.id, wireErrorOf(error));
    return;
  }
  embedder_ = std::move(embedder);
  state_ = std::move(state);
  confine_(options);
  // Before `ready`: the host may interrupt as soon as it has read it.
  input_.acceptInterrupts(*state_);
  phase_ = Phase::Ready;
  // This worker enforces exactly the limits asked for.
  send(encodeReady(request.id, options.limits, peerMaxFrameLength_));
}

RequestOptions RequestLoop::requestOptions(const std::optional<Limit>& instructionLimit) {
  RequestOptions options;
  if (instructionLimit)
    options.instructionLimit = coreLimit<std::uint64_t>(*instructionLimit, InstructionBudget::kUnlimited);
  options.results = ResultsMode::All;
  return options;
}

template <class Work>
bool RequestLoop::runInState(std::uint32_t id, Error& error, Work work) {
  // Done with the state when this returns, however it returns.
  struct Finish {
    InputReader& input;
    std::uint32_t id;
    ~Finish() { input.finishRequest(id); }
  } finish{input_, id};
  const int level = input_.startRequest(id);
  if (level == 0) {
    error = Error::make(ErrorKind::Aborted, "the request was interrupted");
    return false;
  }
  return work(error);
}

void RequestLoop::execute(ExecuteRequest& request) {
  std::vector<Value> results;
  Error error;
  const bool ok = runInState(request.id, error, [&](Error& failure) {
    return state_->execute(request.code, displayName(request.chunkName), requestOptions(request.instructionLimit),
                           results, failure);
  });
  // The source can be large; it is not needed any more.
  request.code = std::string();
  if (!ok) {
    replyError(request.id, wireErrorOf(error));
    return;
  }
  replyResult(request.id, results);
}

void RequestLoop::call(CallRequest& request) {
  std::vector<Value> args(request.args.size());
  // The arguments count as one value against the limits.
  ConversionTally tally;
  for (std::size_t i = 0; i < args.size(); ++i) {
    Error error;
    if (!valueFromWire(std::move(request.args[i]), limits_, WirePathRoot{"args", static_cast<std::int64_t>(i)}, tally,
                       args[i], error)) {
      input_.finishRequest(request.id);
      replyError(request.id, wireErrorOf(error));
      return;
    }
  }
  request.args = std::vector<WireItem>();
  std::vector<Value> results;
  Error error;
  const bool ok = runInState(request.id, error, [&](Error& failure) {
    return state_->call(request.name, args, requestOptions(request.instructionLimit), results, failure);
  });
  if (!ok) {
    replyError(request.id, wireErrorOf(error));
    return;
  }
  replyResult(request.id, results);
}

void RequestLoop::exists(const ExistsRequest& request) {
  bool exists = false;
  Error error;
  if (!state_->functionExists(request.name, exists, error)) {
    replyError(request.id, wireErrorOf(error));
    return;
  }
  std::vector<Value> values;
  values.push_back(Value::boolean(exists));
  replyResult(request.id, values);
}

void RequestLoop::getGlobal(const GetGlobalRequest& request) {
  std::vector<Value> values(1);
  Error error;
  if (!state_->getGlobal(request.name, values[0], error)) {
    replyError(request.id, wireErrorOf(error));
    return;
  }
  replyResult(request.id, values);
}

void RequestLoop::setGlobal(SetGlobalRequest& request) {
  Value value;
  Error error;
  ConversionTally tally;
  if (!valueFromWire(std::move(request.value), limits_, WirePathRoot{request.name}, tally, value, error) ||
      !state_->setGlobal(request.name, value, error)) {
    replyError(request.id, wireErrorOf(error));
    return;
  }
  replyResult(request.id, {});
}

void RequestLoop::stats(const StatsRequest& request) {
  Stats stats;
  stats.memory = state_->memoryUsage();
  stats.memoryPeak = state_->memoryPeak();
  stats.instructions = state_->instructionsUsed();
  send(encodeStats(request.id, stats, peerMaxFrameLength_));
}

void RequestLoop::replyResult(std::uint32_t id, const std::vector<Value>& values) {
  std::string frame;
  try {
    frame = encodeResult(id, values, peerMaxFrameLength_);
  } catch (const FrameTooLong& error) {
    Error tooLong =
        Error::make(ErrorKind::Conversion, "the result does not fit in a frame the host accepts (maxFrameLength " +
                                               std::to_string(error.limit()) + " bytes)");
    replyError(id, wireErrorOf(tooLong));
    return;
  }
  send(frame);
}

void RequestLoop::replyError(std::uint32_t id, const WireError& error) {
  send(encodeError(id, error, peerMaxFrameLength_));
}

}  // namespace luaward::worker
