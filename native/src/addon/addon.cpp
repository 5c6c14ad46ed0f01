#include "addon.hpp"

#include <lua.hpp>

#include "engine_object.hpp"

namespace luaward::addon {

Addon::Addon(Napi::Env env, Napi::Object exports) {
  // Looked up once: conversions need them for every Map and object.
  Napi::Object global = env.Global();
  Napi::Function map = global.Get("Map").As<Napi::Function>();
  mapConstructor = Napi::Persistent(map);
  mapSet = Napi::Persistent(map.Get("prototype").As<Napi::Object>().Get("set").As<Napi::Function>());
  objectPrototype = Napi::Persistent(global.Get("Object").As<Napi::Object>().Get("prototype").As<Napi::Object>());
  DefineAddon(exports, {
                           InstanceMethod("configure", &Addon::configure),
                           InstanceValue("LuaState", EngineObject::defineClass(env)),
                           // The release compiled in, such as "Lua 5.4.9" (_VERSION says only "Lua 5.4").
                           InstanceValue("luaRelease", Napi::String::New(env, LUA_RELEASE)),
                       });
}

void Addon::configure(const Napi::CallbackInfo& info) {
  Napi::Object hooks = info[0].As<Napi::Object>();
  createError = Napi::Persistent(hooks.Get("createError").As<Napi::Function>());
  flattenMap = Napi::Persistent(hooks.Get("flattenMap").As<Napi::Function>());
}

}  // namespace luaward::addon

// The registration macro needs an unqualified class name.
using luaward::addon::Addon;
NODE_API_ADDON(Addon)
