// The protocol's constants as this worker holds them (docs/protocol.md),
// all in one place. Each has its twin in TypeScript
// (packages/protocol/src/constants.ts and src/limits/table.ts); the golden
// vectors (packages/protocol/golden) hold the two to each other: a frame at
// each bound is accepted and one past it refused, by both sides
// (native/test/golden_test.cpp here).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace luaward::worker {

// The protocol version this worker speaks.
constexpr std::uint32_t kProtocolVersion = 1;

// Bytes of the big-endian length prefix in front of every frame body.
constexpr std::size_t kFrameHeaderLength = 4;

// Bounds of a side's maxFrameLength: room for the handshake, and every size
// and count in a frame within a signed 32-bit integer.
constexpr std::uint32_t kMinMaxFrameLength = 256;
constexpr std::uint32_t kMaxMaxFrameLength = 0x7fffffff;
// What a side accepts unless it says otherwise (64 MiB).
constexpr std::uint32_t kDefaultMaxFrameLength = 64u * 1024 * 1024;

// Deepest nesting of arrays and maps in a frame, the message map being
// level 1. Fixed by the protocol so every implementation accepts the same
// frames.
constexpr std::size_t kMaxNestingDepth = 256;

// Largest maxValueDepth a host may ask for: a value sits at most two levels
// below the message map, so every value within this depth fits in a frame.
constexpr std::uint32_t kMaxValueDepth = 250;

// Request ids and callback ids run from 1 to this.
constexpr std::uint64_t kMaxRequestId = 0xffffffff;

// Integers in fields are counts and sizes a JavaScript host can hold: 2^53 - 1.
constexpr std::uint64_t kMaxSafeInteger = 9007199254740991;

// A limit in messages: nullopt (nil on the wire) means none.
using Limit = std::optional<std::uint64_t>;

// The limits of a Lua state as they travel in `init.options` and
// `ready.limits`. Those that cannot be lifted are always set once decoded.
struct WireLimits {
  Limit memoryLimit;       // bytes
  Limit instructionLimit;  // per request
  Limit outputLimit;       // bytes per request
  Limit maxValueDepth;     // table nesting levels
  Limit maxValueSize;      // table entries per value
  Limit maxCallbackDepth;  // callbacks waiting at once
};

// One limit of WireLimits: its field name and what the wire allows.
struct WireLimitField {
  const char* name;
  Limit WireLimits::*member;
  std::uint64_t min;
  std::uint64_t max;
  bool unlimited;  // nil allowed for none
};

// Every limit, in the order of `ready.limits` (the TypeScript table's order).
inline constexpr WireLimitField kWireLimitFields[] = {
    {"memoryLimit", &WireLimits::memoryLimit, 1, kMaxSafeInteger, true},
    {"instructionLimit", &WireLimits::instructionLimit, 1, kMaxSafeInteger, true},
    {"outputLimit", &WireLimits::outputLimit, 0, kMaxSafeInteger, true},
    {"maxValueDepth", &WireLimits::maxValueDepth, 1, kMaxValueDepth, false},
    {"maxValueSize", &WireLimits::maxValueSize, 1, kMaxSafeInteger, true},
    {"maxCallbackDepth", &WireLimits::maxCallbackDepth, 0, kMaxSafeInteger, false},
};

}  // namespace luaward::worker
