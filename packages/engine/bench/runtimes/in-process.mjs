// The shape every runtime running inside this Node process shares. A runtime
// provides `bind(name)`, a JS function that calls the Lua global `name` with
// its arguments and returns the first result, the way a user of that runtime
// would call Lua; everything else is built on it.
import { timeSync } from '../timing.mjs';

/**
 * @param {object} runtime
 * @param {string} runtime.id       short key used in tables
 * @param {string} runtime.label    column heading
 * @param {string} runtime.version  what runs the Lua code, with versions
 * @param {string} [runtime.detail] how it is configured
 * @param {(name: string) => (...args: number[]) => unknown} runtime.bind
 * @param {() => void} [runtime.collectGarbage] a full collection, untimed before each
 *   workload; by default the Lua function bench_prepare
 * @param {() => void} runtime.close
 */
export function inProcessRuntime({ id, label, version, detail, bind, collectGarbage, close }) {
  const bound = new Map();
  const global = (name) => {
    if (!bound.has(name)) bound.set(name, bind(name));
    return bound.get(name);
  };
  return {
    id,
    label,
    version,
    detail,
    async measureWorkload(name, size) {
      (collectGarbage ?? global('bench_prepare'))();
      const run = global(name);
      const { ms, value } = timeSync(() => run(size));
      return { ms, checksum: String(value) };
    },
    calls: {
      add: global('add'),
      callbackLoop: global('callback_loop'),
      emptyLoop: global('empty_loop'),
    },
    async close() {
      close();
    },
  };
}
