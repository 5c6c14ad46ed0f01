// JavaScript values <-> the core's value tree (docs/values.md).
#pragma once

#include <cstdint>
#include <string_view>

#include <napi.h>

#include "../core/convert.hpp"
#include "../core/error.hpp"
#include "../core/value.hpp"
#include "../core/value_path.hpp"

namespace luaward::addon {

// Names the converted value in paths: `args` with index 0 for `args[0]`.
using JsPathRoot = PathRoot;

// Converts `value`, adding what it converts to `tally` (the arguments of one
// call share one). Returns false on failure: either with `error` set (a
// Conversion error with its path), or with a JavaScript exception pending (a
// getter threw); check env.IsExceptionPending().
bool readJsValue(Napi::Env env, napi_value value, const ConversionLimits& limits, JsPathRoot root,
                 ConversionTally& tally, Value& out, Error& error);

// Converts `value` to JavaScript. Returns nullptr on failure, with `error`
// set or a JavaScript exception pending.
napi_value writeJsValue(Napi::Env env, const Value& value, Error& error);

}  // namespace luaward::addon
