// Options of one Lua state. Bindings validate what users give them; the core
// trusts these values but still refuses names that would break the sandbox.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "allocator.hpp"
#include "convert.hpp"
#include "instruction_budget.hpp"
#include "output_budget.hpp"

namespace luaward {

// Standard libraries a sandbox may open. Base is always open.
enum Library : unsigned {
  kLibraryBase = 1u << 0,
  kLibraryString = 1u << 1,
  kLibraryTable = 1u << 2,
  kLibraryMath = 1u << 3,
  kLibraryUtf8 = 1u << 4,
  kLibraryCoroutine = 1u << 5,
};

struct EngineOptions {
  // Bytes the Lua state may hold; MemoryAccount::kUnlimited for no cap.
  std::size_t memoryLimit = 64u * 1024 * 1024;
  // VM instructions per request; InstructionBudget::kUnlimited for none
  // (then the main thread runs without a hook and pays nothing for it).
  std::uint64_t instructionLimit = 100000000;
  // Bytes of print output per request (each line counts its newline);
  // OutputBudget::kUnlimited for no cap.
  std::uint64_t outputLimit = 1024 * 1024;
  unsigned libraries = kLibraryBase | kLibraryString | kLibraryTable | kLibraryMath;
  // Globals that call Embedder::callHost with their position in this list.
  std::vector<std::string> callbackNames;
  ConversionLimits conversion;

  // The limits conversions apply in both directions: `conversion`, with the
  // string bytes capped at the memory limit (a value that carries more
  // string data than the state may hold can only come from repeating one
  // string).
  ConversionLimits conversionLimits() const {
    ConversionLimits limits = conversion;
    if (memoryLimit < limits.maxBytes) limits.maxBytes = memoryLimit;
    return limits;
  }
};

// A limit's value as a binding gives it: nullopt for none.
using LimitValue = std::optional<std::uint64_t>;

// The limits of EngineOptions by the names JavaScript and the wire give them
// (the limits table, packages/protocol/src/limits/table.ts, owns their units,
// ranges and defaults; bindings check values against it). The addon and the
// worker set every limit through this list, so a new limit is one entry here.
struct NamedLimit {
  std::string_view name;
  void (*set)(EngineOptions& options, LimitValue value);
};

inline constexpr NamedLimit kEngineLimits[] = {
    {"memoryLimit", [](EngineOptions& o,
                       LimitValue v) { o.memoryLimit = v ? static_cast<std::size_t>(*v) : MemoryAccount::kUnlimited; }},
    {"instructionLimit",
     [](EngineOptions& o, LimitValue v) { o.instructionLimit = v.value_or(InstructionBudget::kUnlimited); }},
    {"outputLimit", [](EngineOptions& o, LimitValue v) { o.outputLimit = v.value_or(OutputBudget::kUnlimited); }},
    // Never lifted: the bindings always give it.
    {"maxValueDepth",
     [](EngineOptions& o, LimitValue v) { o.conversion.maxDepth = static_cast<std::uint32_t>(v.value_or(0)); }},
    {"maxValueSize", [](EngineOptions& o, LimitValue v) { o.conversion.maxSize = v.value_or(UINT64_MAX); }},
};

// Sets the limit called `name`; false when the engine has none of that name
// (such as the worker's own maxCallbackDepth).
inline bool setLimit(EngineOptions& options, std::string_view name, LimitValue value) {
  for (const NamedLimit& limit : kEngineLimits) {
    if (limit.name == name) {
      limit.set(options, value);
      return true;
    }
  }
  return false;
}

}  // namespace luaward
