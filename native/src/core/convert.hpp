// Lua values <-> the value tree (value.hpp). The rules are normative and
// written down in docs/values.md.
#pragma once

#include <cstdint>
#include <string_view>

#include <lua.hpp>

#include "error.hpp"
#include "value.hpp"

namespace luaward {

// Hard ceiling on nesting, whatever the options say: conversion recurses on
// the C stack.
constexpr std::uint32_t kMaxValueDepthCeiling = 1000;

// Names the converted value in paths: `result`, or `args` with index 2 for
// `args[2]`.
struct PathRoot {
  std::string_view name;
  std::int64_t index = -1;  // none when negative
};

struct ConversionLimits {
  // Tables nested deeper than this fail (the outermost table is depth 1).
  std::uint32_t maxDepth = 64;
  // Total table entries, over all levels, of one converted value.
  std::uint64_t maxSize = 1000000;
  // Total bytes of the strings (keys included) of one converted value. A
  // string referenced from many places is counted at each: the conversion
  // copies it each time, so a small state could otherwise make the host
  // allocate without bound. EngineOptions::conversionLimits() sets it to
  // the memory limit.
  std::uint64_t maxBytes = UINT64_MAX;
};

// What a conversion has produced so far. The values of one request (all its
// results) or of one callback call (all its arguments) share one tally: they
// count as one value against the limits.
struct ConversionTally {
  std::uint64_t entries = 0;
  std::uint64_t bytes = 0;
};

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
