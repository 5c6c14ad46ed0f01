import { afterEach } from 'vitest';
import { LuaEngine, type LuaEngineOptions } from '../src/index.js';

const open: LuaEngine[] = [];

afterEach(() => {
  for (const engine of open.splice(0)) engine.close();
});

/** A LuaEngine closed after the test; print output goes to `lines`. */
export function createEngine(options: LuaEngineOptions = {}): LuaEngine & { lines: string[] } {
  const lines: string[] = [];
  const engine = Object.assign(new LuaEngine({ onPrint: (text) => lines.push(text), ...options }), { lines });
  open.push(engine);
  return engine;
}

/** The error `run` throws (fails the test when it does not throw). */
export function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error, nothing was thrown');
}
