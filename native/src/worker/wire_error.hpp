// The content of the worker's `error` message (docs/protocol.md, "Errors"),
// and how a failure of the core maps onto it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "../core/error.hpp"

namespace luaward::worker {

enum class WireErrorCode { Syntax, Runtime, MemoryLimit, InstructionLimit, OutputLimit, Conversion, Aborted, Protocol };

// `ERR_LUAWARD_SYNTAX` and so on.
const char* wireErrorCodeName(WireErrorCode code);

// The content of an `error` message. Empty strings, a zero line and unset
// optionals are left out of the frame.
struct WireError {
  WireErrorCode code = WireErrorCode::Runtime;
  std::string message;
  std::string traceback;
  std::string chunkName;
  std::uint32_t line = 0;
  std::string path;
  std::optional<std::uint64_t> limit;
  std::optional<std::uint32_t> callbackId;
};

// The `error` content for a failure of the core: its kind as the code, its
// fields where the code has them, and the host callback it came from as
// callbackId. Text a script controls is made valid UTF-8.
WireError wireErrorOf(const Error& error);

}  // namespace luaward::worker
