// `luaward` runs Lua only in worker processes: importing it and running a VM
// must never load the engine's addon (and so never Lua) into the user's
// process. Each case runs in a fresh Node process that records every native
// module it loads, against the built packages.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Runs `body` (an ES module's code) in a new Node process; returns the native modules it loaded. */
function nativeModulesLoadedBy(body: string): string[] {
  const script = `
    const loaded = [];
    const dlopen = process.dlopen;
    process.dlopen = function (module, filename, ...rest) {
      loaded.push(filename);
      return dlopen.call(this, module, filename, ...rest);
    };
    ${body}
    process.stdout.write(JSON.stringify(loaded));
  `;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: new URL('..', import.meta.url),
    encoding: 'utf8',
  });
  expect(child.stderr).toBe('');
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout) as string[];
}

const isEngineAddon = (file: string) => /luaward_engine\.node$|[/\\]prebuilds[/\\].*\.node$/.test(file);

describe('the luaward package', () => {
  it('never loads the engine addon, from import to a finished request', () => {
    const loaded = nativeModulesLoadedBy(`
      const { IsolatedLuaVM } = await import('luaward');
      const vm = await IsolatedLuaVM.create();
      if (await vm.execute('return 6 * 7') !== 42) throw new Error('wrong result');
      await vm.close();
    `);
    expect(loaded.filter(isEngineAddon)).toEqual([]);
  });

  it('is checked by a probe that does see the addon when the engine is imported', () => {
    const loaded = nativeModulesLoadedBy(`await import('@luaward/engine');`);
    expect(loaded.filter(isEngineAddon)).toHaveLength(1);
  });
});
