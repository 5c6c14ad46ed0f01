import {
  ClosedError,
  ConversionError,
  InstructionLimitError,
  LuaRuntimeError,
  LuaSyntaxError,
  MemoryLimitError,
  OutputLimitError,
} from '@luaward/protocol';

/** What the addon reports for a failed request (native/src/core/error.hpp). */
export interface NativeErrorRecord {
  kind: 'syntax' | 'runtime' | 'memory' | 'instructions' | 'output' | 'conversion' | 'closed' | 'invalid-argument';
  message: string;
  traceback?: string;
  chunkName?: string;
  line?: number;
  path?: string;
  limit?: number;
  cause?: unknown;
}

/**
 * Builds the error a record stands for. The addon calls it (it is the one
 * place where native errors become JavaScript errors) and throws the result.
 */
export function createError(record: NativeErrorRecord): Error {
  const { message } = record;
  switch (record.kind) {
    case 'syntax':
      return new LuaSyntaxError(message, { chunkName: record.chunkName, line: record.line });
    case 'runtime':
      return new LuaRuntimeError(message, {
        traceback: record.traceback,
        chunkName: record.chunkName,
        line: record.line,
        cause: record.cause,
      });
    case 'memory':
      return new MemoryLimitError(message, { limit: record.limit });
    case 'instructions':
      return new InstructionLimitError(message, { limit: record.limit });
    case 'output':
      return new OutputLimitError(message, { limit: record.limit });
    case 'conversion':
      return new ConversionError(message, { path: record.path, cause: record.cause });
    case 'closed':
      return new ClosedError(message);
    case 'invalid-argument':
      return new TypeError(message);
  }
}
