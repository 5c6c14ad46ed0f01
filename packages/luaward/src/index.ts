export { IsolatedLuaVM, type IsolatedLuaVMEvents, type IsolatedLuaVMStats } from './isolated-vm.js';
export { currentRequest, type RequestContext } from '@luaward/host';
export { DEFAULT_VM_OPTIONS, type IsolatedLuaVMOptions, type LuaCallback, type WorkerKind } from './options.js';
export type { CallOptions, ExecuteOptions, RequestOptions } from './request-options.js';
export type { LuaInput, LuaValue } from '@luaward/engine';
export type { LuaLibrary } from '@luaward/protocol';
// Every error LuaWard raises, so that users import everything from one place.
export {
  AbortError,
  ClosedError,
  ConversionError,
  InstructionLimitError,
  LuaRuntimeError,
  LuaSyntaxError,
  LuaWardError,
  MemoryLimitError,
  OutputLimitError,
  ProtocolError,
  TimeoutError,
  WorkerCrashedError,
} from '@luaward/protocol';
