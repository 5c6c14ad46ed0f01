#include "engine_object.hpp"

#include <cmath>
#include <optional>
#include <utility>

#include "addon.hpp"
#include "js_error.hpp"
#include "js_value.hpp"

namespace luaward::addon {

namespace {

// Messages of host errors as the script sees them are cut to this length.
constexpr std::size_t kMaxHostMessageBytes = 4096;

std::string utf8(Napi::Env env, napi_value value) {
  std::size_t length = 0;
  if (napi_get_value_string_utf8(env, value, nullptr, 0, &length) != napi_ok) return {};
  std::string text(length, '\0');
  napi_get_value_string_utf8(env, value, text.data(), length + 1, &length);
  return text;
}

// The message of a thrown value: an Error's message, or the value as a
// string. Never leaves an exception pending.
std::string messageOf(Napi::Env env, napi_value thrown) {
  napi_valuetype type;
  napi_value message;
  std::string text;
  if (napi_typeof(env, thrown, &type) == napi_ok && type == napi_object &&
      napi_get_named_property(env, thrown, "message", &message) == napi_ok &&
      napi_typeof(env, message, &type) == napi_ok && type == napi_string) {
    text = utf8(env, message);
  } else if (napi_coerce_to_string(env, thrown, &message) == napi_ok) {
    text = utf8(env, message);
  } else {
    text = "a value that is not an Error was thrown";
  }
  napi_value ignored;
  napi_get_and_clear_last_exception(env, &ignored);
  if (text.size() > kMaxHostMessageBytes) text.resize(kMaxHostMessageBytes);
  return text;
}

// A limit from JavaScript, checked there: Infinity means none.
LimitValue limitFrom(Napi::Value value) {
  const double number = value.As<Napi::Number>().DoubleValue();
  if (std::isinf(number)) return std::nullopt;
  return static_cast<std::uint64_t>(number);
}

unsigned librariesFrom(Napi::Array names) {
  unsigned libraries = kLibraryBase;
  for (std::uint32_t i = 0; i < names.Length(); ++i) {
    const std::string name = names.Get(i).As<Napi::String>().Utf8Value();
    if (name == "string")
      libraries |= kLibraryString;
    else if (name == "table")
      libraries |= kLibraryTable;
    else if (name == "math")
      libraries |= kLibraryMath;
    else if (name == "utf8")
      libraries |= kLibraryUtf8;
    else if (name == "coroutine")
      libraries |= kLibraryCoroutine;
    else if (name != "base")
      throw Napi::TypeError::New(names.Env(), "unknown Lua library '" + name + "'");
  }
  return libraries;
}

RequestOptions requestOptions(const Napi::CallbackInfo& info, std::size_t limitIndex) {
  RequestOptions options;
  if (!info[limitIndex].IsUndefined()) {
    options.instructionLimit = limitFrom(info[limitIndex]).value_or(InstructionBudget::kUnlimited);
  }
  options.results = info[limitIndex + 1].ToBoolean().Value() ? ResultsMode::All : ResultsMode::First;
  return options;
}

}  // namespace

// Counts the native calls in progress on this engine (host callbacks can
// nest them). An outermost call starts by forgetting the failures of the
// previous one: at the end of a call an exception may be pending, and
// JavaScript cannot be touched then.
class EngineObject::ActiveCall {
 public:
  explicit ActiveCall(EngineObject& engine) : engine_(engine) {
    if (engine_.activeCalls_++ == 0 && engine_.failureCount_ > 0) {
      engine_.failures_.Value().Set("length", 0.0);
      engine_.failureCount_ = 0;
    }
  }
  ~ActiveCall() { --engine_.activeCalls_; }
  ActiveCall(const ActiveCall&) = delete;
  ActiveCall& operator=(const ActiveCall&) = delete;

 private:
  EngineObject& engine_;
};

Napi::Function EngineObject::defineClass(Napi::Env env) {
  return DefineClass(env, "LuaState",
                     {
                         InstanceMethod("execute", &EngineObject::execute),
                         InstanceMethod("call", &EngineObject::call),
                         InstanceMethod("functionExists", &EngineObject::functionExists),
                         InstanceMethod("getGlobal", &EngineObject::getGlobal),
                         InstanceMethod("setGlobal", &EngineObject::setGlobal),
                         InstanceMethod("memoryUsage", &EngineObject::memoryUsage),
                         InstanceMethod("memoryPeak", &EngineObject::memoryPeak),
                         InstanceMethod("instructionsUsed", &EngineObject::instructionsUsed),
                         InstanceMethod("close", &EngineObject::close),
                     });
}

EngineObject::EngineObject(const Napi::CallbackInfo& info) : Napi::ObjectWrap<EngineObject>(info) {
  Napi::Env env = info.Env();
  Napi::Object options = info[0].As<Napi::Object>();
  Napi::Array names = info[1].As<Napi::Array>();
  Napi::Array functions = info[2].As<Napi::Array>();

  EngineOptions engineOptions;
  for (const NamedLimit& limit : kEngineLimits) {
    limit.set(engineOptions, limitFrom(options.Get(std::string(limit.name))));
  }
  engineOptions.libraries = librariesFrom(options.Get("libs").As<Napi::Array>());
  for (std::uint32_t i = 0; i < names.Length(); ++i) {
    engineOptions.callbackNames.push_back(names.Get(i).As<Napi::String>().Utf8Value());
    callbacks_.push_back(Napi::Weak(functions.Get(i).As<Napi::Function>()));
  }
  callbackNames_ = engineOptions.callbackNames;
  onPrint_ = Napi::Weak(info[3].As<Napi::Function>());
  failures_ = Napi::Persistent(Napi::Array::New(env));
  limits_ = engineOptions.conversionLimits();

  Error error;
  state_ = LuaState::create(engineOptions, *this, error);
  if (!state_) throwJsError(env, error);
}

Napi::Value EngineObject::execute(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ActiveCall active(*this);
  std::string text;
  std::string_view code;
  if (info[0].IsTypedArray()) {
    // Lua parses the whole chunk before any script code can run, so the
    // bytes are read in place.
    Napi::Uint8Array bytes = info[0].As<Napi::Uint8Array>();
    code = std::string_view(reinterpret_cast<const char*>(bytes.Data()), bytes.ByteLength());
  } else {
    text = info[0].As<Napi::String>().Utf8Value();
    code = text;
  }
  const std::string chunkName = info[1].As<Napi::String>().Utf8Value();
  const RequestOptions options = requestOptions(info, 2);
  std::vector<luaward::Value> results;
  Error error;
  if (!state_->execute(code, chunkName, options, results, error)) return fail(env, error);
  return returnResults(env, results, options.results);
}

Napi::Value EngineObject::call(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ActiveCall active(*this);
  const std::string name = info[0].As<Napi::String>().Utf8Value();
  Napi::Array jsArgs = info[1].As<Napi::Array>();
  const RequestOptions options = requestOptions(info, 2);
  std::vector<luaward::Value> args(jsArgs.Length());
  ConversionTally tally;
  Error error;
  for (std::uint32_t i = 0; i < jsArgs.Length(); ++i) {
    if (!readJsValue(env, jsArgs.Get(i), limits_, JsPathRoot{"args", i}, tally, args[i], error)) {
      return env.IsExceptionPending() ? env.Undefined() : fail(env, error);
    }
  }
  std::vector<luaward::Value> results;
  if (!state_->call(name, args, options, results, error)) return fail(env, error);
  return returnResults(env, results, options.results);
}

Napi::Value EngineObject::functionExists(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ActiveCall active(*this);
  bool exists = false;
  Error error;
  if (!state_->functionExists(info[0].As<Napi::String>().Utf8Value(), exists, error)) return fail(env, error);
  return Napi::Boolean::New(env, exists);
}

Napi::Value EngineObject::getGlobal(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ActiveCall active(*this);
  luaward::Value value;
  Error error;
  if (!state_->getGlobal(info[0].As<Napi::String>().Utf8Value(), value, error)) return fail(env, error);
  napi_value result = writeJsValue(env, value, error);
  if (result == nullptr) return env.IsExceptionPending() ? env.Undefined() : fail(env, error);
  return Napi::Value(env, result);
}

Napi::Value EngineObject::setGlobal(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ActiveCall active(*this);
  const std::string name = info[0].As<Napi::String>().Utf8Value();
  luaward::Value value;
  ConversionTally tally;
  Error error;
  if (!readJsValue(env, info[1], limits_, JsPathRoot{name}, tally, value, error)) {
    return env.IsExceptionPending() ? env.Undefined() : fail(env, error);
  }
  if (!state_->setGlobal(name, value, error)) return fail(env, error);
  return env.Undefined();
}

Napi::Value EngineObject::memoryUsage(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(state_->memoryUsage()));
}

Napi::Value EngineObject::memoryPeak(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(state_->memoryPeak()));
}

Napi::Value EngineObject::instructionsUsed(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), static_cast<double>(state_->instructionsUsed()));
}

Napi::Value EngineObject::close(const Napi::CallbackInfo& info) {
  state_->close();
  return info.Env().Undefined();
}

Napi::Value EngineObject::returnResults(Napi::Env env, std::vector<luaward::Value>& results, ResultsMode mode) {
  Error error;
  if (mode == ResultsMode::First) {
    if (results.empty()) return env.Undefined();
    napi_value value = writeJsValue(env, results.front(), error);
    if (value != nullptr) return Napi::Value(env, value);
  } else {
    Napi::Array array = Napi::Array::New(env, results.size());
    std::uint32_t i = 0;
    for (; i < results.size(); ++i) {
      napi_value value = writeJsValue(env, results[i], error);
      if (value == nullptr) break;
      array.Set(i, Napi::Value(env, value));
    }
    if (i == results.size()) return array;
  }
  return env.IsExceptionPending() ? env.Undefined() : fail(env, error);
}

Napi::Value EngineObject::fail(Napi::Env env, const Error& error) {
  napi_value cause = nullptr;
  if (error.hostFailure) {
    Napi::Value recorded = failures_.Value().Get(static_cast<std::uint32_t>(*error.hostFailure));
    if (!recorded.IsUndefined()) cause = recorded;
  }
  throwJsError(env, error, cause);
  return env.Undefined();
}

void EngineObject::recordFailure(napi_value cause, std::string message, HostFailure& failure) {
  failure.id = failureCount_;
  failures_.Value().Set(failureCount_++, cause != nullptr ? Napi::Value(Env(), cause) : Env().Undefined());
  failure.message = std::move(message);
}

bool EngineObject::callHost(std::size_t index, std::vector<luaward::Value>&& args, std::vector<luaward::Value>& results,
                            HostFailure& failure) noexcept {
  try {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    const std::string& name = callbackNames_[index];
    Napi::Function function = callbacks_[index].Value();
    if (function.IsEmpty()) {
      recordFailure(nullptr, "callback '" + name + "' is no longer available", failure);
      return false;
    }
    std::vector<napi_value> argv(args.size());
    for (std::size_t i = 0; i < args.size(); ++i) {
      Error error;
      argv[i] = writeJsValue(env, args[i], error);
      if (argv[i] == nullptr) {
        napi_value thrown = nullptr;
        if (env.IsExceptionPending()) napi_get_and_clear_last_exception(env, &thrown);
        recordFailure(thrown, "bad argument to callback '" + name + "': " + error.message, failure);
        return false;
      }
    }
    napi_value result;
    if (napi_call_function(env, env.Undefined(), function, argv.size(), argv.data(), &result) != napi_ok) {
      napi_value thrown = nullptr;
      napi_get_and_clear_last_exception(env, &thrown);
      recordFailure(thrown, "callback '" + name + "' failed: " + messageOf(env, thrown), failure);
      return false;
    }
    results.clear();
    napi_valuetype type;
    napi_typeof(env, result, &type);
    if (type == napi_undefined) return true;
    luaward::Value value;
    ConversionTally tally;
    Error error;
    if (!readJsValue(env, result, limits_, JsPathRoot{"result"}, tally, value, error)) {
      napi_value cause = nullptr;
      if (env.IsExceptionPending()) {
        napi_get_and_clear_last_exception(env, &cause);
        error.message = messageOf(env, cause);
      } else {
        cause = createJsError(env, error, nullptr);
      }
      recordFailure(cause, "callback '" + name + "' returned a value that cannot be converted: " + error.message,
                    failure);
      return false;
    }
    results.push_back(std::move(value));
    return true;
  } catch (...) {
    // A Node-API wrapper threw (the environment is shutting down) or the C++
    // heap is out of memory; nothing can be recorded.
  }
  failure.message = "callback '" + callbackNames_[index] + "' could not run";
  failure.id.reset();
  return false;
}

bool EngineObject::print(std::string_view line, HostFailure& failure) noexcept {
  try {
    Napi::Env env = Env();
    Napi::HandleScope scope(env);
    Napi::Function onPrint = onPrint_.Value();
    if (onPrint.IsEmpty()) return true;
    napi_value text;
    napi_value ignored;
    napi_create_string_utf8(env, line.data(), line.size(), &text);
    if (napi_call_function(env, env.Undefined(), onPrint, 1, &text, &ignored) != napi_ok) {
      napi_value thrown = nullptr;
      napi_get_and_clear_last_exception(env, &thrown);
      recordFailure(thrown, "onPrint failed: " + messageOf(env, thrown), failure);
      return false;
    }
    return true;
  } catch (...) {
  }
  failure.message = "onPrint could not run";
  failure.id.reset();
  return false;
}

}  // namespace luaward::addon
