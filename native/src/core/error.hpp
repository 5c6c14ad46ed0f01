// The core's errors: plain data the addon turns into JavaScript errors and
// the worker into protocol messages. No exceptions cross the core's API.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>

namespace luaward {

enum class ErrorKind {
  Syntax,           // the source does not compile (or is a binary chunk)
  Runtime,          // a Lua error the script did not catch
  Memory,           // the allocator refused an allocation past the memory limit
  Instructions,     // the request used up its instruction budget
  Output,           // print output went past the output limit
  Conversion,       // a value could not cross between Lua and the host
  Closed,           // the state is closed, or was closed during the request
  Aborted,          // LuaState::interrupt stopped the request
  InvalidArgument,  // a name or option the host should have refused
};

// Stable lower-case names, shared by every binding of the core.
constexpr const char* errorKindName(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::Syntax:
      return "syntax";
    case ErrorKind::Runtime:
      return "runtime";
    case ErrorKind::Memory:
      return "memory";
    case ErrorKind::Instructions:
      return "instructions";
    case ErrorKind::Output:
      return "output";
    case ErrorKind::Conversion:
      return "conversion";
    case ErrorKind::Closed:
      return "closed";
    case ErrorKind::Aborted:
      return "aborted";
    case ErrorKind::InvalidArgument:
      return "invalid-argument";
  }
  return "runtime";
}

struct Error {
  ErrorKind kind = ErrorKind::Runtime;
  std::string message;
  // Lua's "stack traceback:" text for runtime errors; empty otherwise.
  std::string traceback;
  // Chunk and line where the error was raised (syntax and runtime errors);
  // empty and 0 when unknown.
  std::string chunkName;
  int line = 0;
  // Where in the value a conversion failed, such as `result.items[3].owner`.
  std::string path;
  // The limit that was reached (bytes or instructions) for the limit kinds.
  std::uint64_t limit = 0;
  // Set when the error is the failure a host callback reported: the id the
  // host gave it (see Embedder), so the host can attach its original error.
  std::optional<std::size_t> hostFailure;

  static Error make(ErrorKind kind, std::string message) {
    Error error;
    error.kind = kind;
    error.message = std::move(message);
    return error;
  }
};

}  // namespace luaward
