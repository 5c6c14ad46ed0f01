#include "js_error.hpp"

#include "addon.hpp"

namespace luaward::addon {

napi_value createJsError(Napi::Env env, const Error& error, napi_value cause) {
  Napi::Object record = Napi::Object::New(env);
  record.Set("kind", errorKindName(error.kind));
  record.Set("message", Napi::String::New(env, error.message));
  if (!error.traceback.empty()) record.Set("traceback", Napi::String::New(env, error.traceback));
  if (!error.chunkName.empty()) record.Set("chunkName", Napi::String::New(env, error.chunkName));
  if (error.line > 0) record.Set("line", error.line);
  if (!error.path.empty()) record.Set("path", Napi::String::New(env, error.path));
  if (error.limit > 0) record.Set("limit", static_cast<double>(error.limit));
  if (cause != nullptr) record.Set("cause", cause);
  napi_value result = nullptr;
  napi_value argv[] = {record};
  if (napi_call_function(env, env.Undefined(), Addon::of(env).createError.Value(), 1, argv, &result) != napi_ok)
    return nullptr;
  return result;
}

void throwJsError(Napi::Env env, const Error& error, napi_value cause) {
  napi_value jsError = createJsError(env, error, cause);
  if (jsError != nullptr) napi_throw(env, jsError);
}

}  // namespace luaward::addon
