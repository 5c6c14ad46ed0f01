// What one conversion of a value may use, and the errors it reports. Shared
// by the core (Lua values) and its bindings (host values), so the limits
// apply, and their messages read, the same way on every side.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "error.hpp"

namespace luaward {

struct ConversionLimits {
  // Tables nested deeper than this fail (the outermost table is depth 1).
  std::uint32_t maxDepth = 64;
  // Total table entries, over all levels, of one converted value.
  std::uint64_t maxSize = 1000000;
  // What one converted value may cost the other side, in bytes, twice: its
  // strings (keys included) may add up to this, and so may its table
  // entries at kEntryBytes each. A string or table referenced from many
  // places is counted at each: the conversion copies it each time, so a
  // small state could otherwise make the host allocate without bound (a
  // grid of references to one row). EngineOptions::conversionLimits() sets
  // it to the memory limit: a value costs the host about what the VM's own
  // memory could have held without sharing, twice over at most.
  std::uint64_t maxBytes = UINT64_MAX;
};

// What a table entry counts against ConversionLimits::maxBytes: about what
// one entry of a converted value takes on the host.
constexpr std::uint64_t kEntryBytes = 16;

// What a conversion has produced so far. The values of one request (all its
// results) or of one callback call (all its arguments) share one tally: they
// count as one value against the limits.
struct ConversionTally {
  std::uint64_t entries = 0;
  std::uint64_t bytes = 0;
};

// Checks one conversion against its limits: the nesting depth of the value
// being read, and the entries and string bytes added to a shared tally. A
// check that fails returns false and leaves its message in failure(); the
// converter adds the path.
class ConversionBudget {
 public:
  // What the messages call the containers: Lua tables, or the arrays,
  // objects and maps of a host value.
  enum class Containers { Tables, Values };

  ConversionBudget(const ConversionLimits& limits, ConversionTally& tally, Containers containers)
      : limits_(limits), tally_(tally), containers_(containers) {}

  // Before entering a container: false when it would nest deeper than
  // maxDepth.
  bool checkDepth();
  // Adds the entries of a container about to be entered: false past maxSize.
  bool countEntries(std::uint64_t count);
  // Adds the bytes of a string (a key or a value): false past maxBytes.
  bool countBytes(std::uint64_t length);

  // Around reading the entries of a container.
  void enter() { ++depth_; }
  void leave() { --depth_; }

  const std::string& failure() const { return failure_; }

 private:
  bool fail(std::string message);

  const ConversionLimits& limits_;
  ConversionTally& tally_;
  Containers containers_;
  std::uint32_t depth_ = 0;
  std::string failure_;
};

// The Conversion error for `message` at `path`: `<message> at <path>`, with
// the path also on its own.
Error conversionError(std::string_view message, std::string path);

}  // namespace luaward
