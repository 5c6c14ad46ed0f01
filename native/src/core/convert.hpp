// Lua values <-> the value tree (value.hpp). The rules are normative and
// written down in docs/values.md.
#pragma once

#include <cstdint>

#include <lua.hpp>

#include "conversion_budget.hpp"
#include "error.hpp"
#include "value.hpp"
#include "value_path.hpp"

namespace luaward {

// Hard ceiling on nesting, whatever the options say: conversion recurses on
// the C stack.
constexpr std::uint32_t kMaxValueDepthCeiling = 1000;

// Reads the Lua value at `index` into `out`. It reads tables raw (lua_next,
// lua_rawgeti): no metamethod runs, and it never raises a Lua error, so it is
// safe outside protected mode. Leaves the stack as it found it. On failure
// (a cycle, the depth or size cap, a function, thread or userdata) it returns
// false with `error` set to a Conversion error whose path starts at `root`.
// Adds what it converts to `tally`.
bool readLuaValue(lua_State* L, int index, const ConversionLimits& limits, PathRoot root, ConversionTally& tally,
                  Value& out, Error& error);

// Pushes `value`. Allocates, so it may raise a Lua memory error: call it in
// protected mode only. Nil elements of arrays and nil values of objects and
// maps leave the key out.
void pushValue(lua_State* L, const Value& value);

}  // namespace luaward
