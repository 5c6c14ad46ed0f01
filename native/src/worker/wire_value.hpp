// Values on the wire, by the rules of docs/values.md: the items of a value
// field converted into the core's value tree, and value trees written back
// as MessagePack.
#pragma once

#include "../core/convert.hpp"
#include "../core/error.hpp"
#include "../core/value.hpp"
#include "../core/value_path.hpp"
#include "frame_buffer.hpp"
#include "wire_item.hpp"

namespace luaward::worker {

// Names a converted value in paths: `value`, or `args` with index 0 for
// `args[0]`. Indices are the host's (from 0), since the host built the value.
using WirePathRoot = PathRoot;

// Converts the item of a value field (an argument, a global's new value, a
// callback's result) into a value for Lua. Str and bin both become Lua
// strings; a map whose keys are all str becomes an Object, any other map a
// Map. Fails, with `error` a Conversion error naming the path, on what Lua
// cannot hold (an integer above 2^63 - 1, a nil or NaN table key) and past
// `limits` (nesting depth, total entries, total string bytes), as the addon
// does for JavaScript values. Adds what it converts to `tally`: the
// arguments of one call share one. Moves the item's strings out.
bool valueFromWire(WireItem&& item, const ConversionLimits& limits, WirePathRoot root, ConversionTally& tally,
                   Value& out, Error& error);

// Writes `value`: integers in their shortest form, floats always as float 64
// (so 1.0 stays a float), strings as str when they are valid UTF-8 and as
// bin otherwise, arrays, and objects and maps as maps in their entries'
// order.
void writeValue(FrameBuffer& out, const Value& value);

}  // namespace luaward::worker
