// Every error class LuaWard raises. Each has a stable string `code` (`ERR_LUAWARD_*`, as Node's
// own errors have) and a marker, `Symbol.for('luaward.error.<Name>')`, on its prototype (the base
// class's is `Symbol.for('luaward.error')`). `instanceof` and the static `isInstance` look for the
// marker, so an error made by another copy of this package (a second install, a bundled copy, an
// earlier version: they all mark their errors the same way) is recognised as well.

/** Longest message an error carries; longer text (a script controls it) is cut. */
export const MAX_ERROR_MESSAGE_LENGTH = 4096;

/** Cuts `text` to the message cap, saying how much was cut. */
export function capMessage(text: string, max = MAX_ERROR_MESSAGE_LENGTH): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

export interface LuaWardErrorOptions {
  cause?: unknown;
}

/** The marker of the class called `name`. */
function markerOf(name: string): symbol {
  return Symbol.for(name === 'LuaWardError' ? 'luaward.error' : `luaward.error.${name}`);
}

function hasMarker(value: unknown, marker: symbol): boolean {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[marker] === true;
}

/** The markers of LuaWard's own classes; a subclass made elsewhere has none and is matched as usual. */
const MARKERS = new WeakMap<object, symbol>();
const NAMES = new WeakMap<object, string>();

/**
 * Gives `Class` its name and marker: its instances (and its subclasses') carry the marker, and
 * `instanceof Class` and `Class.isInstance` look for it. `isInstance` works unbound too.
 */
function register<C extends abstract new (...args: never[]) => LuaWardError>(Class: C, name: string): C {
  const marker = markerOf(name);
  Object.defineProperty(Class.prototype, marker, { value: true });
  Object.defineProperty(Class, 'name', { value: name });
  Object.defineProperty(Class, 'isInstance', { value: (error: unknown) => hasMarker(error, marker), writable: true, configurable: true });
  MARKERS.set(Class, marker);
  NAMES.set(Class, name);
  return Class;
}

/**
 * Base class of every error LuaWard raises. Each carries a stable string `code`. `instanceof`
 * and the static `isInstance` both recognise errors from another copy of the package.
 */
export class LuaWardError extends Error {
  static {
    // biome-ignore lint/complexity/noThisInStatic: the class being defined, named before its binding exists
    register(this, 'LuaWardError');
  }

  readonly code: string = 'ERR_LUAWARD';

  constructor(message: string, options?: LuaWardErrorOptions) {
    super(capMessage(message), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = NAMES.get(new.target) ?? new.target.name;
  }

  /** True for an error of this class (or a subclass), whichever copy of the package made it. */
  static isInstance(error: unknown): error is LuaWardError {
    return hasMarker(error, markerOf('LuaWardError'));
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    // `instanceof` asks the class on its right, a subclass included: `this` is that class.
    // biome-ignore-start lint/complexity/noThisInStatic: see above
    const marker = MARKERS.get(this);
    return marker === undefined ? Function.prototype[Symbol.hasInstance].call(this, value) : hasMarker(value, marker);
    // biome-ignore-end lint/complexity/noThisInStatic: see above
  }
}

/** The type of a class made by {@link errorClass}. */
export interface LuaWardErrorClass<E extends LuaWardError, Options extends LuaWardErrorOptions = LuaWardErrorOptions> {
  new (message: string, options?: Options): E;
  readonly prototype: E;
  /** True for an error of this class, whichever copy of the package made it. */
  isInstance(error: unknown): error is E;
  [Symbol.hasInstance](value: unknown): value is E;
}

/**
 * The error class `name`: a LuaWardError with its own `code`, and `fields` copied from the
 * constructor's options (each one own property, undefined when not given).
 */
function errorClass<E extends LuaWardError, Options extends LuaWardErrorOptions = LuaWardErrorOptions>(
  name: string,
  code: E['code'],
  fields: readonly (keyof Options & keyof E & string)[] = [],
): LuaWardErrorClass<E, Options> {
  const ErrorClass = class extends LuaWardError {
    override readonly code: string = code;

    constructor(message: string, options?: Options) {
      super(message, options);
      for (const field of fields) {
        const value = options?.[field];
        // A script chooses the text of a traceback and a chunk name too: cut like the message.
        (this as Record<string, unknown>)[field] = typeof value === 'string' ? capMessage(value) : value;
      }
    }
  };
  return register(ErrorClass, name) as unknown as LuaWardErrorClass<E, Options>;
}

/** An error that carries nothing beyond its message, code and cause. */
export interface PlainError<Code extends string> extends LuaWardError {
  readonly code: Code;
}

export interface LimitErrorOptions extends LuaWardErrorOptions {
  /** The limit that was reached. */
  limit?: number;
}

/** A limit of the Lua state was reached. The VM or engine stays usable. */
export interface LimitError<Code extends string> extends PlainError<Code> {
  /** The limit that was reached (bytes or instructions), when known. */
  readonly limit: number | undefined;
}

/** The error class of a limit: the limit errors differ only by their name and code. */
function limitError<Code extends string>(name: string, code: Code): LuaWardErrorClass<LimitError<Code>, LimitErrorOptions> {
  return errorClass<LimitError<Code>, LimitErrorOptions>(name, code, ['limit']);
}

// ---------------------------------------------------------------- what a script did

export interface LuaSyntaxErrorOptions extends LuaWardErrorOptions {
  chunkName?: string;
  line?: number;
}

/** The Lua source does not compile. `chunkName` and `line` locate the problem when Lua reports them. */
export interface LuaSyntaxError extends PlainError<'ERR_LUAWARD_SYNTAX'> {
  /** Name of the chunk that failed to compile. */
  readonly chunkName: string | undefined;
  /** Line of the error, when Lua reports one. */
  readonly line: number | undefined;
}
export const LuaSyntaxError = errorClass<LuaSyntaxError, LuaSyntaxErrorOptions>('LuaSyntaxError', 'ERR_LUAWARD_SYNTAX', [
  'chunkName',
  'line',
]);

export interface LuaRuntimeErrorOptions extends LuaSyntaxErrorOptions {
  traceback?: string;
}

/**
 * A Lua error that the script did not catch. `traceback` is Lua's stack traceback at the point of
 * the error; `cause` is the JavaScript error when a host callback threw it.
 */
export interface LuaRuntimeError extends PlainError<'ERR_LUAWARD_RUNTIME'> {
  /** Lua's stack traceback where the error was raised. */
  readonly traceback: string | undefined;
  /** Chunk where the error was raised, when known. */
  readonly chunkName: string | undefined;
  /** Line where the error was raised, when known. */
  readonly line: number | undefined;
}
export const LuaRuntimeError = errorClass<LuaRuntimeError, LuaRuntimeErrorOptions>('LuaRuntimeError', 'ERR_LUAWARD_RUNTIME', [
  'traceback',
  'chunkName',
  'line',
]);

/** The script needed more memory than `memoryLimit` allows. The VM stays usable. */
export const MemoryLimitError = limitError('MemoryLimitError', 'ERR_LUAWARD_MEMORY_LIMIT');
export type MemoryLimitError = LimitError<'ERR_LUAWARD_MEMORY_LIMIT'>;
export type MemoryLimitErrorOptions = LimitErrorOptions;

/** The request used up its instruction budget. The VM stays usable. */
export const InstructionLimitError = limitError('InstructionLimitError', 'ERR_LUAWARD_INSTRUCTION_LIMIT');
export type InstructionLimitError = LimitError<'ERR_LUAWARD_INSTRUCTION_LIMIT'>;
export type InstructionLimitErrorOptions = LimitErrorOptions;

/** The script printed more than the output limit allows during one request. */
export const OutputLimitError = limitError('OutputLimitError', 'ERR_LUAWARD_OUTPUT_LIMIT');
export type OutputLimitError = LimitError<'ERR_LUAWARD_OUTPUT_LIMIT'>;
export type OutputLimitErrorOptions = LimitErrorOptions;

export interface ConversionErrorOptions extends LuaWardErrorOptions {
  path?: string;
}

/**
 * A value could not cross between Lua and JavaScript: a cycle, a table nested or sized past the
 * caps, or a type with no mapping. `path` names where, such as `result.items[3].owner`.
 */
export interface ConversionError extends PlainError<'ERR_LUAWARD_CONVERSION'> {
  /** Where in the value the problem is, such as `result.items[3].owner`. */
  readonly path: string | undefined;
}
export const ConversionError = errorClass<ConversionError, ConversionErrorOptions>('ConversionError', 'ERR_LUAWARD_CONVERSION', ['path']);

// ---------------------------------------------------------------- what happened to the worker or the request

/** The VM or engine is closed (or its worker died and was not restarted): its Lua state is gone. */
export const ClosedError = errorClass<ClosedError>('ClosedError', 'ERR_LUAWARD_CLOSED');
export type ClosedError = PlainError<'ERR_LUAWARD_CLOSED'>;

/** The request was stopped by its AbortSignal. `cause` is the signal's reason. */
export const AbortError = errorClass<AbortError>('AbortError', 'ERR_LUAWARD_ABORTED');
export type AbortError = PlainError<'ERR_LUAWARD_ABORTED'>;

/**
 * A frame broke the wire protocol: too long, not MessagePack, trailing bytes, an unknown type, a
 * bad field, or a reply to an id that was never sent.
 */
export const ProtocolError = errorClass<ProtocolError>('ProtocolError', 'ERR_LUAWARD_PROTOCOL');
export type ProtocolError = PlainError<'ERR_LUAWARD_PROTOCOL'>;

export interface TimeoutErrorOptions extends LuaWardErrorOptions {
  timeout?: number;
}

/** A request ran past its wall-clock `timeout`; the worker running it was killed. */
export interface TimeoutError extends PlainError<'ERR_LUAWARD_TIMEOUT'> {
  /** The timeout in milliseconds that expired. */
  readonly timeout: number | undefined;
}
export const TimeoutError = errorClass<TimeoutError, TimeoutErrorOptions>('TimeoutError', 'ERR_LUAWARD_TIMEOUT', ['timeout']);

export interface WorkerCrashedErrorOptions extends LuaWardErrorOptions {
  exitCode?: number | null;
  signal?: string | null;
}

/** The worker process died (a signal, an exit, a broken pipe or a protocol violation) with the request pending. */
export interface WorkerCrashedError extends PlainError<'ERR_LUAWARD_WORKER_CRASHED'> {
  /** The worker's exit code, or null when a signal ended it. */
  readonly exitCode: number | null | undefined;
  /** The signal that ended the worker, such as `SIGSEGV`, or null. */
  readonly signal: string | null | undefined;
}
export const WorkerCrashedError = errorClass<WorkerCrashedError, WorkerCrashedErrorOptions>(
  'WorkerCrashedError',
  'ERR_LUAWARD_WORKER_CRASHED',
  ['exitCode', 'signal'],
);
