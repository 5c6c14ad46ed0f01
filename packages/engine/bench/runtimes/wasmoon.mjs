// wasmoon: PUC-Rio Lua 5.4 compiled to WebAssembly. Lua functions are called
// through the JS functions `lua.global.get` returns, and the host function is
// a plain JS function set with `lua.global.set`, as its documentation shows.
import { createRequire } from 'node:module';
import { LuaFactory } from 'wasmoon';
import { inProcessRuntime } from './in-process.mjs';

const { version } = createRequire(import.meta.url)('wasmoon/package.json');

export async function createWasmoonRuntime(source) {
  const lua = await new LuaFactory().createEngine();
  lua.global.set('js_add', (a, b) => a + b);
  lua.doStringSync(source);
  return inProcessRuntime({
    id: 'wasmoon',
    label: 'wasmoon',
    version: `wasmoon ${version}, ${lua.doStringSync('return _VERSION')} compiled to WebAssembly`,
    bind: (name) => lua.global.get(name),
    close: () => lua.global.close(),
  });
}
