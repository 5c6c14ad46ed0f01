// npm's install step for @luaward/engine. Where a prebuild fits this platform
// (and loads), it only makes sure the worker is executable: no compiler runs
// and nothing is downloaded. Elsewhere, or with --build-from-source, it builds
// from the sources the package carries (scripts/build.mjs), and a missing
// toolchain or library fails with a message that names what to install.
import { spawnSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { BuildError, buildNative } from './build.mjs';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(packageDir, 'package.json'));

// In a clone of the LuaWard repository the workspace's build compiles the native targets.
const inRepository = !existsSync(join(packageDir, 'native')) && existsSync(join(packageDir, '..', '..', 'native', 'src'));

function usablePrebuild() {
  let addon;
  try {
    addon = require('node-gyp-build').path(packageDir);
  } catch {
    return undefined;
  }
  const worker = join(dirname(addon), 'luaward-worker');
  if (!existsSync(worker)) return undefined;
  // Load it in a child, as node-gyp-build-test does: a binary for another libc fails here.
  const loads = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(addon)})`], { stdio: 'ignore' });
  return loads.status === 0 ? worker : undefined;
}

function ensureExecutable(file) {
  try {
    accessSync(file, constants.X_OK);
  } catch {
    chmodSync(file, statSync(file).mode | 0o755);
  }
}

if (!inRepository) {
  const forced = process.env.npm_config_build_from_source === 'true';
  const worker = forced ? undefined : usablePrebuild();
  if (worker) {
    ensureExecutable(worker);
  } else {
    try {
      console.log('@luaward/engine: no prebuilt binary fits this platform; building from source.');
      buildNative();
    } catch (error) {
      if (!(error instanceof BuildError)) throw error;
      console.error(error.message);
      process.exit(1);
    }
  }
}
