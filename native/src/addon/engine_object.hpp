// The JavaScript class behind LuaEngine: one LuaState, with the host
// callbacks and print routed to JavaScript functions.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <napi.h>

#include "../core/embedder.hpp"
#include "../core/lua_state.hpp"

namespace luaward::addon {

class EngineObject : public Napi::ObjectWrap<EngineObject>, private Embedder {
 public:
  static Napi::Function defineClass(Napi::Env env);

  // new LuaState(options, callbackNames, callbacks, onPrint)
  explicit EngineObject(const Napi::CallbackInfo& info);

 private:
  class ActiveCall;

  // execute(code, chunkName, instructionLimit | undefined, allResults)
  Napi::Value execute(const Napi::CallbackInfo& info);
  // call(name, args, instructionLimit | undefined, allResults)
  Napi::Value call(const Napi::CallbackInfo& info);
  Napi::Value functionExists(const Napi::CallbackInfo& info);
  Napi::Value getGlobal(const Napi::CallbackInfo& info);
  Napi::Value setGlobal(const Napi::CallbackInfo& info);
  Napi::Value memoryUsage(const Napi::CallbackInfo& info);
  Napi::Value memoryPeak(const Napi::CallbackInfo& info);
  Napi::Value instructionsUsed(const Napi::CallbackInfo& info);
  Napi::Value close(const Napi::CallbackInfo& info);

  bool callHost(std::size_t index, std::vector<luaward::Value>&& args, std::vector<luaward::Value>& results,
                HostFailure& failure) noexcept override;
  bool print(std::string_view line, HostFailure& failure) noexcept override;

  // The request's results as JavaScript, or an exception thrown.
  Napi::Value returnResults(Napi::Env env, std::vector<luaward::Value>& results, ResultsMode mode);
  // Throws `error`, with the host failure it stands for as its cause.
  Napi::Value fail(Napi::Env env, const Error& error);
  // Keeps `cause` (may be null) for the rest of the request and fills
  // `failure` with the message the script will see.
  void recordFailure(napi_value cause, std::string message, HostFailure& failure);

  std::unique_ptr<LuaState> state_;
  std::vector<std::string> callbackNames_;
  // Weak: the wrapper object holds the functions; a callback that closes over
  // the engine must not keep it alive for ever.
  std::vector<Napi::FunctionReference> callbacks_;
  Napi::FunctionReference onPrint_;
  // The JavaScript errors behind the host failures of the current outermost
  // call (an array: a thrown value need not be an object).
  Napi::Reference<Napi::Array> failures_;
  std::uint32_t failureCount_ = 0;
  ConversionLimits limits_;
  int activeCalls_ = 0;
};

}  // namespace luaward::addon
