export { LuaEngine } from './lua-engine.js';
export { LUA_RELEASE } from './native.js';
export {
  DEFAULT_ENGINE_OPTIONS,
  type CallOptions,
  type ExecuteOptions,
  type LuaEngineOptions,
  type LuaLibrary,
  type ResolvedEngineOptions,
} from './options.js';
export type { LuaCallback, LuaInput, LuaValue } from './values.js';
// The errors LuaEngine throws, so that the engine can be used on its own.
export {
  ClosedError,
  ConversionError,
  InstructionLimitError,
  LuaRuntimeError,
  LuaSyntaxError,
  LuaWardError,
  MemoryLimitError,
  OutputLimitError,
} from '@luaward/protocol';
export { NATIVE_WORKER_PATH, NODE_WORKER_PATH } from './worker-paths.js';
