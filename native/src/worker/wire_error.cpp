#include "wire_error.hpp"

#include "../core/utf8.hpp"

namespace luaward::worker {

const char* wireErrorCodeName(WireErrorCode code) {
  switch (code) {
    case WireErrorCode::Syntax:
      return "ERR_LUAWARD_SYNTAX";
    case WireErrorCode::Runtime:
      return "ERR_LUAWARD_RUNTIME";
    case WireErrorCode::MemoryLimit:
      return "ERR_LUAWARD_MEMORY_LIMIT";
    case WireErrorCode::InstructionLimit:
      return "ERR_LUAWARD_INSTRUCTION_LIMIT";
    case WireErrorCode::OutputLimit:
      return "ERR_LUAWARD_OUTPUT_LIMIT";
    case WireErrorCode::Conversion:
      return "ERR_LUAWARD_CONVERSION";
    case WireErrorCode::Aborted:
      return "ERR_LUAWARD_ABORTED";
    case WireErrorCode::Protocol:
      return "ERR_LUAWARD_PROTOCOL";
  }
  return "ERR_LUAWARD_RUNTIME";
}

WireError wireErrorOf(const Error& error) {
  WireError wire;
  bool hasLimit = false;
  switch (error.kind) {
    case ErrorKind::Syntax:
      wire.code = WireErrorCode::Syntax;
      break;
    case ErrorKind::Memory:
      wire.code = WireErrorCode::MemoryLimit;
      hasLimit = true;
      break;
    case ErrorKind::Instructions:
      wire.code = WireErrorCode::InstructionLimit;
      hasLimit = true;
      break;
    case ErrorKind::Output:
      wire.code = WireErrorCode::OutputLimit;
      hasLimit = true;
      break;
    case ErrorKind::Conversion:
      wire.code = WireErrorCode::Conversion;
      break;
    case ErrorKind::Aborted:
      wire.code = WireErrorCode::Aborted;
      break;
    case ErrorKind::InvalidArgument:
      // A name or option the protocol's checks let through but the core
      // refuses, such as a callback named like a sandbox global.
      wire.code = WireErrorCode::Protocol;
      break;
    case ErrorKind::Runtime:
    case ErrorKind::Closed:
      // The worker never closes its state; should the core report it
      // closed, the request failed at run time all the same.
      wire.code = WireErrorCode::Runtime;
      break;
  }
  wire.message = toValidUtf8(error.message);
  wire.traceback = toValidUtf8(error.traceback);
  wire.chunkName = toValidUtf8(error.chunkName);
  wire.line = error.line > 0 ? static_cast<std::uint32_t>(error.line) : 0;
  wire.path = toValidUtf8(error.path);
  if (hasLimit) wire.limit = error.limit;
  if (error.hostFailure) wire.callbackId = static_cast<std::uint32_t>(*error.hostFailure);
  return wire;
}

}  // namespace luaward::worker
