// MessagePack as the protocol uses it (docs/protocol.md), before any field
// or value has a meaning: a frame body decoded into items (msgpack-c's
// parser, checked against the protocol's subset of MessagePack), and single
// items written into a frame. The layers above give the items their meaning:
// host_messages.hpp the fields of host messages, wire_value.hpp values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <msgpack.hpp>

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

// msgpack-c's writer over a frame; it holds only a reference, so one is made
// wherever it is needed.
using Packer = msgpack::packer<FrameBuffer>;

// The length of a str, bin, array or map: MessagePack lengths are 32-bit,
// and anything longer cannot be in a frame (throws FrameTooLong).
std::uint32_t wireLength(std::size_t length);

// Writes bytes as str when they are valid UTF-8, else as bin.
void writeBytes(FrameBuffer& out, std::string_view bytes);

// Writes text that is known to be valid UTF-8 as str.
void writeText(FrameBuffer& out, std::string_view text);

// Writes a float 64 (msgpack::packer would write an integral double as an
// integer).
void writeFloat(FrameBuffer& out, double number);

}  // namespace luaward::worker
