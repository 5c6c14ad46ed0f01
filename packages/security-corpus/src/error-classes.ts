import {
  AbortError,
  ClosedError,
  ConversionError,
  InstructionLimitError,
  LuaRuntimeError,
  LuaSyntaxError,
  MemoryLimitError,
  OutputLimitError,
  ProtocolError,
  TimeoutError,
  WorkerCrashedError,
  type LuaWardError,
} from '@luaward/protocol';

/** A shared error class, as the suites use it: to tell whether an error is of that class. */
export interface ErrorClass {
  isInstance(error: unknown): error is LuaWardError;
}

/**
 * Every shared error class, by its code: the codes a header may expect, and how the suites
 * check that an error of that code is of its class (by its marker, as users check).
 */
export const ERROR_CLASSES: ReadonlyMap<string, ErrorClass> = new Map<string, ErrorClass>(
  [
    LuaSyntaxError,
    LuaRuntimeError,
    MemoryLimitError,
    InstructionLimitError,
    OutputLimitError,
    ConversionError,
    ClosedError,
    TimeoutError,
    WorkerCrashedError,
    ProtocolError,
    AbortError,
  ].map((ErrorClass) => [new ErrorClass('').code, ErrorClass]),
);
