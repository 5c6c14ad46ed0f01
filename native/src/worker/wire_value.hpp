// MessagePack as the protocol uses it (docs/protocol.md): decoding a frame
// body into items, converting the items of value fields into the core's value
// tree, and writing value trees back, by the rules of docs/values.md.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <msgpack.hpp>

#include "../core/convert.hpp"
#include "../core/error.hpp"
#include "../core/value.hpp"
#include "../core/value_path.hpp"
#include "frame_buffer.hpp"
#include "protocol.hpp"

namespace luaward::worker {

// A frame body the protocol does not allow. The message names the problem.
class ProtocolViolation : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One decoded MessagePack item, before the protocol gives it a meaning.
struct WireItem {
  enum class Kind : std::uint8_t {
    Nil,
    Boolean,
    Integer,      // any int or uint format whose value fits in int64
    BigUnsigned,  // a uint 64 above INT64_MAX (no Lua integer holds it)
    Float,        // float 32 (widened) or float 64
    Str,          // valid UTF-8, checked while decoding
    Bin,
    Array,
    Map,
  };

  Kind kind = Kind::Nil;
  union {
    bool boolean;
    std::int64_t integer = 0;
    std::uint64_t bigUnsigned;
    double number;
  };
  // The bytes of a Str or Bin.
  std::string bytes;
  // The elements of an Array; the entries of a Map as key, value, key,
  // value, ... in wire order.
  std::vector<WireItem> items;

  bool isText() const { return kind == Kind::Str; }
  std::size_t mapSize() const { return items.size() / 2; }
};

// Decodes a frame body, which must be exactly one map. Rejects what plain
// MessagePack in this protocol does not allow: another top-level item,
// trailing or missing bytes, extension types, the byte 0xc1, a str that is
// not valid UTF-8, nesting deeper than kMaxNestingDepth. A container that
// declares more entries than the body holds fails when the body runs out:
// nothing is allocated from a declared count.
// Throws ProtocolViolation.
WireItem decodeBody(std::string_view body);

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

// msgpack-c's writer over a frame; it holds only a reference, so one is made
// wherever it is needed.
using Packer = msgpack::packer<FrameBuffer>;

// Writes `value`: integers in their shortest form, floats always as float 64
// (so 1.0 stays a float), strings as str when they are valid UTF-8 and as
// bin otherwise, arrays, and objects and maps as maps in their entries'
// order.
void writeValue(FrameBuffer& out, const Value& value);

// Writes bytes as str when they are valid UTF-8, else as bin.
void writeBytes(FrameBuffer& out, std::string_view bytes);

// Writes text that is known to be valid UTF-8 as str.
void writeText(FrameBuffer& out, std::string_view text);

// Writes a float 64 (msgpack::packer would write an integral double as an
// integer).
void writeFloat(FrameBuffer& out, double number);

}  // namespace luaward::worker
