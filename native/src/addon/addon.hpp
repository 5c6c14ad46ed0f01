// Per-environment state of the addon (one per Node.js main thread or
// worker_threads Worker): references into that environment's JavaScript
// world. Node-API deletes it when the environment shuts down.
#pragma once

#include <napi.h>

namespace luaward::addon {

class Addon : public Napi::Addon<Addon> {
 public:
  Addon(Napi::Env env, Napi::Object exports);

  static Addon& of(Napi::Env env) { return *env.GetInstanceData<Addon>(); }

  // Set by configure(): builds the JavaScript error for a core error record.
  Napi::FunctionReference createError;
  // Set by configure(): turns a Map into [k0, v0, k1, v1, ...].
  Napi::FunctionReference flattenMap;
  Napi::FunctionReference mapConstructor;
  Napi::FunctionReference mapSet;
  Napi::ObjectReference objectPrototype;

 private:
  // configure({ createError, flattenMap }): called once by the TypeScript
  // wrapper when it loads the addon.
  void configure(const Napi::CallbackInfo& info);
};

}  // namespace luaward::addon
