// Checks the built artefact (dist/ and the compiled addon) as a user imports
// it, by package name.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('the built package @luaward/engine', () => {
  it('resolves to dist/ and ships its type declarations', () => {
    const entry = fileURLToPath(import.meta.resolve('@luaward/engine'));
    expect(entry.endsWith('/packages/engine/dist/index.js')).toBe(true);
    expect(existsSync(entry.replace(/index\.js$/, 'index.d.ts'))).toBe(true);
  });

  it('runs a script with its limits, errors and values', async () => {
    const { LuaEngine, InstructionLimitError, DEFAULT_ENGINE_OPTIONS } = await import('@luaward/engine');
    const lines: string[] = [];
    const engine = new LuaEngine({
      instructionLimit: 10_000,
      onPrint: (text) => lines.push(text),
      callbacks: { add: (a, b) => (a as number) + (b as number) },
    });
    try {
      expect(engine.execute('print("hi") return { sum = add(1, 2), list = { 1, 2 } }')).toEqual({ sum: 3, list: [1, 2] });
      expect(lines).toEqual(['hi']);
      expect(() => engine.execute('while true do end')).toThrow(InstructionLimitError);
      expect(DEFAULT_ENGINE_OPTIONS.memoryLimit).toBe(64 * 1024 * 1024);
    } finally {
      engine.close();
    }
  });

  it('names the Lua release it was compiled with, the pinned one', async () => {
    const { LUA_RELEASE } = await import('@luaward/engine');
    // A build script in plain JavaScript, without types: the part read here is typed by the cast.
    const pinned = (await import(new URL('../scripts/lua-source.mjs', import.meta.url).href)) as { LUA_RELEASE: { version: string } };
    expect(LUA_RELEASE).toBe(`Lua ${pinned.LUA_RELEASE.version}`);
  });
});
