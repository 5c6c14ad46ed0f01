import { WIRE_ERROR_CODES, type WireErrorCode } from '../constants.js';
import type { ErrorMessage } from '../messages/types.js';
import {
  AbortError,
  ConversionError,
  InstructionLimitError,
  LuaRuntimeError,
  LuaSyntaxError,
  LuaWardError,
  MemoryLimitError,
  OutputLimitError,
  ProtocolError,
} from './errors.js';

/**
 * Rebuilds the error class a worker's `error` message stands for, with the fields that class
 * carries. `cause` is attached as the error's cause: the JavaScript error a host callback threw,
 * when the message's `callbackId` names that callback.
 */
export function errorFromWire(message: ErrorMessage, cause?: unknown): LuaWardError {
  const text = message.message;
  const base = cause === undefined ? {} : { cause };
  switch (message.code) {
    case 'ERR_LUAWARD_SYNTAX':
      return new LuaSyntaxError(text, { ...base, chunkName: message.chunkName, line: message.line });
    case 'ERR_LUAWARD_RUNTIME':
      return new LuaRuntimeError(text, { ...base, traceback: message.traceback, chunkName: message.chunkName, line: message.line });
    case 'ERR_LUAWARD_MEMORY_LIMIT':
      return new MemoryLimitError(text, { ...base, limit: message.limit });
    case 'ERR_LUAWARD_INSTRUCTION_LIMIT':
      return new InstructionLimitError(text, { ...base, limit: message.limit });
    case 'ERR_LUAWARD_OUTPUT_LIMIT':
      return new OutputLimitError(text, { ...base, limit: message.limit });
    case 'ERR_LUAWARD_CONVERSION':
      return new ConversionError(text, { ...base, path: message.path });
    case 'ERR_LUAWARD_ABORTED':
      return new AbortError(text, base);
    case 'ERR_LUAWARD_PROTOCOL':
      return new ProtocolError(`the worker refused the request: ${text}`, base);
  }
}

/**
 * Describes an error as the `error` reply to request `id`, for a worker written in JavaScript.
 * LuaWard errors whose code may travel keep their code and fields; anything else (a plain
 * Error, a thrown string) becomes ERR_LUAWARD_RUNTIME with its message.
 */
export function errorToWire(id: number, error: unknown): ErrorMessage {
  if (!LuaWardError.isInstance(error) || !isWireCode(error.code)) {
    return { type: 'error', id, code: 'ERR_LUAWARD_RUNTIME', message: error instanceof Error ? error.message : String(error) };
  }
  const message: ErrorMessage = { type: 'error', id, code: error.code, message: error.message };
  const fields = error as unknown as Partial<Record<'traceback' | 'chunkName' | 'path', unknown> & Record<'line' | 'limit', unknown>>;
  if (typeof fields.traceback === 'string') message.traceback = fields.traceback;
  if (typeof fields.chunkName === 'string') message.chunkName = fields.chunkName;
  if (Number.isSafeInteger(fields.line) && (fields.line as number) >= 1) message.line = fields.line as number;
  if (typeof fields.path === 'string') message.path = fields.path;
  if (Number.isSafeInteger(fields.limit) && (fields.limit as number) >= 0) message.limit = fields.limit as number;
  return message;
}

const WIRE_CODES: ReadonlySet<string> = new Set(WIRE_ERROR_CODES);

function isWireCode(code: string): code is WireErrorCode {
  return WIRE_CODES.has(code);
}
