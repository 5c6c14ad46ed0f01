import { ClosedError, checkArgs, checkCode, checkGlobalName } from '@luaward/protocol';
import { NativeLuaState } from './native.js';
import { type CallOptions, type ExecuteOptions, type LuaEngineOptions, resolveEngineOptions, resolveRequestOptions } from './options.js';
import type { LuaCallback, LuaInput, LuaValue } from './values.js';

/**
 * A sandboxed Lua 5.4 state in this process, with memory, instruction and
 * output limits. Every method is synchronous. Host callbacks may call back
 * into the same engine, up to 16 levels deep.
 *
 * It runs in the calling thread: a single long C call (a catastrophic
 * pattern match) cannot be interrupted. For untrusted code, prefer the
 * isolated VM of the `luaward` package, which adds a wall-clock timeout
 * (docs/limits.md).
 */
export class LuaEngine implements Disposable {
  readonly #native: NativeLuaState;
  // The addon holds these weakly (a callback that closes over the engine must
  // not keep it alive): the engine keeps them alive.
  readonly #callbacks: readonly LuaCallback[];
  readonly #onPrint: (text: string) => void;
  #closed = false;

  constructor(options?: LuaEngineOptions) {
    const resolved = resolveEngineOptions(options);
    const names = Object.keys(resolved.callbacks);
    this.#callbacks = names.map((name) => resolved.callbacks[name] as LuaCallback);
    this.#onPrint = resolved.onPrint;
    // The addon reads the limits and the libraries it knows from the resolved options.
    this.#native = new NativeLuaState(resolved, names, this.#callbacks, this.#onPrint);
  }

  /** True once `close()` was called; every other method then throws `ClosedError`. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Compiles and runs `code` (Lua source text; binary chunks are refused) and
   * returns its first result, `undefined` when it returns nothing, or with
   * `{ results: 'all' }` an array of all its results. `T` types the result for the caller;
   * nothing checks it at run time (docs/values.md shows how to validate one).
   */
  execute<T = LuaValue>(code: string | Uint8Array, options: ExecuteOptions & { results: 'all' }): T[];
  execute<T = LuaValue>(code: string | Uint8Array, options?: ExecuteOptions & { results?: 'first' }): T | undefined;
  execute(code: string | Uint8Array, options?: ExecuteOptions): LuaValue | LuaValue[] | undefined;
  execute(code: string | Uint8Array, options?: ExecuteOptions): LuaValue | LuaValue[] | undefined {
    const native = this.#open();
    const source = checkCode(code);
    const request = resolveRequestOptions(options, true);
    return native.execute(source, request.chunkName, request.instructionLimit, request.allResults);
  }

  /**
   * Calls the global function `name` with `args` and returns its first
   * result (`undefined` when it returns nothing). A global that is not a
   * function throws `LuaRuntimeError` ("attempt to call a nil value (global 'x')").
   */
  call<T = LuaValue>(name: string, ...args: LuaInput[]): T | undefined {
    return this.#open().call(checkGlobalName(name), args as LuaValue[], undefined, false) as T | undefined;
  }

  /** `call` with its arguments as an array, and request options. */
  callWith<T = LuaValue>(name: string, args: readonly LuaInput[], options: CallOptions & { results: 'all' }): T[];
  callWith<T = LuaValue>(name: string, args: readonly LuaInput[], options?: CallOptions & { results?: 'first' }): T | undefined;
  callWith(name: string, args: readonly LuaInput[], options?: CallOptions): LuaValue | LuaValue[] | undefined;
  callWith(name: string, args: readonly LuaInput[], options?: CallOptions): LuaValue | LuaValue[] | undefined {
    const native = this.#open();
    checkGlobalName(name);
    checkArgs(args);
    const request = resolveRequestOptions(options, false);
    return native.call(name, args as readonly LuaValue[], request.instructionLimit, request.allResults);
  }

  /** True when the global `name` is a function (Lua or built-in). Reads the global raw. */
  functionExists(name: string): boolean {
    return this.#open().functionExists(checkGlobalName(name));
  }

  /** The global `name` converted to JavaScript; `null` for nil. Reads raw: no `__index` runs. */
  getGlobal<T = LuaValue>(name: string): T {
    return this.#open().getGlobal(checkGlobalName(name)) as T;
  }

  /** Sets the global `name` (raw) to `value` converted to Lua; `null` or `undefined` removes it. */
  setGlobal(name: string, value: LuaInput): void {
    this.#open().setGlobal(checkGlobalName(name), value as LuaValue);
  }

  /** Bytes the Lua state currently holds (what `memoryLimit` caps). */
  memoryUsage(): number {
    return this.#open().memoryUsage();
  }

  /**
   * The most bytes the Lua state has held at once since the engine was created (the sandbox
   * itself included), as `memoryLimit` counts them. It never goes down: memory a script
   * allocated and freed still counts here.
   */
  memoryPeak(): number {
    return this.#open().memoryPeak();
  }

  /**
   * VM instructions charged to the last request that finished: an `execute`, `call` or
   * `callWith` made from outside any callback, with the requests its callbacks made; 0 before
   * the first. The instruction budget's hook counts in intervals of up to 10 000 instructions
   * (the budget, when smaller), and the interval under way when the request ends counts whole:
   * a request that runs on the main thread counts at least the instructions it ran and less
   * than one interval more, or exactly its limit when its budget stopped it. What a coroutine
   * ran since its last hook is not counted. With `instructionLimit: Infinity` the request runs
   * without the hook and counts 0. A C function counts as one instruction (docs/limits.md).
   */
  instructionsUsed(): number {
    return this.#open().instructionsUsed();
  }

  /**
   * Frees the Lua state. Idempotent. Called from a host callback during a
   * request, the running script stops at its next instruction or host call
   * and that request throws `ClosedError`.
   */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#native.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  #open(): NativeLuaState {
    if (this.#closed) throw new ClosedError('the engine is closed');
    return this.#native;
  }
}
