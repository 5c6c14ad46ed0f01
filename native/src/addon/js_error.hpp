// The one place where core errors become JavaScript errors. The TypeScript
// wrapper registered createError (addon.hpp); it maps a plain record to the
// error classes of @luaward/protocol.
#pragma once

#include <napi.h>

#include "../core/error.hpp"

namespace luaward::addon {

// The JavaScript error for `error`, with `cause` (may be null) attached.
// Returns null with an exception pending if the factory threw.
napi_value createJsError(Napi::Env env, const Error& error, napi_value cause);

// Throws the JavaScript error for `error`.
void throwJsError(Napi::Env env, const Error& error, napi_value cause = nullptr);

}  // namespace luaward::addon
