// Loads the addon for this environment (the main thread or a worker thread)
// and gives it what it needs from JavaScript.
import { createRequire } from 'node:module';
import { ADDON_PATH, MISSING_BINARIES_MESSAGE } from './binaries.js';
import { createError } from './errors.js';
import type { EngineLimit } from './options.js';
import type { LuaValue } from './values.js';

/**
 * Limits as the addon takes them, checked and filled in by options.ts: each limit of the table by
 * its name (Infinity for none; native/src/core/engine_options.hpp reads them), and the libraries.
 */
export interface NativeOptions extends Readonly<Record<EngineLimit, number>> {
  readonly libs: readonly string[];
}

/** The addon's class (native/src/addon/engine_object.hpp). */
export interface NativeLuaState {
  execute(
    code: string | Uint8Array,
    chunkName: string,
    instructionLimit: number | undefined,
    allResults: boolean,
  ): LuaValue | LuaValue[] | undefined;
  call(
    name: string,
    args: readonly LuaValue[],
    instructionLimit: number | undefined,
    allResults: boolean,
  ): LuaValue | LuaValue[] | undefined;
  functionExists(name: string): boolean;
  getGlobal(name: string): LuaValue;
  setGlobal(name: string, value: LuaValue): void;
  memoryUsage(): number;
  memoryPeak(): number;
  instructionsUsed(): number;
  close(): void;
}

interface Binding {
  configure(hooks: { createError: typeof createError; flattenMap: typeof flattenMap }): void;
  luaRelease: string;
  LuaState: new (
    options: NativeOptions,
    callbackNames: readonly string[],
    callbacks: readonly ((...args: LuaValue[]) => unknown)[],
    onPrint: (text: string) => void,
  ) => NativeLuaState;
}

/** [k0, v0, k1, v1, ...]: how the addon reads a Map. */
function flattenMap(map: Map<unknown, unknown>): unknown[] {
  const flat: unknown[] = [];
  for (const [key, value] of map) flat.push(key, value);
  return flat;
}

const require = createRequire(import.meta.url);
if (ADDON_PATH === undefined) throw new Error(MISSING_BINARIES_MESSAGE);
const binding = require(ADDON_PATH) as Binding;
binding.configure({ createError, flattenMap });

export const NativeLuaState = binding.LuaState;

/** The Lua release the addon was compiled with, such as `Lua 5.4.9` (`_VERSION` says only `Lua 5.4`). */
export const LUA_RELEASE: string = binding.luaRelease;
