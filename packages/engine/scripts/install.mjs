// npm's install step for @luaward/engine. Where a prebuild fits this platform
// (its addon loads and its worker runs), it only makes sure the worker is
// executable: no compiler runs and nothing is downloaded. Elsewhere, or with
// --build-from-source, it builds from the sources the package carries
// (scripts/build.mjs), and a missing toolchain or library fails with a message
// that names what to install.
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

/** The prebuild's worker when the prebuild for this platform loads and runs here, else `{ reason }`. */
function usablePrebuild() {
  let addon;
  try {
    addon = require('node-gyp-build').path(packageDir);
  } catch {
    return { reason: 'no prebuilt binary fits this platform' };
  }
  const worker = join(dirname(addon), 'luaward-worker');
  if (!existsSync(worker)) return { reason: `the prebuild has no worker beside ${addon}` };
  // Load it in a child, as node-gyp-build-test does: a binary for another libc fails here.
  const loads = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(addon)})`], { encoding: 'utf8' });
  if (loads.status !== 0) return { reason: `the prebuilt addon does not load here: ${firstLine(loads.stderr)}` };
  // The worker needs a newer C library than the addon (docs/building.md): run it too.
  ensureExecutable(worker);
  const runs = spawnSync(worker, ['--version'], { encoding: 'utf8' });
  if (runs.status !== 0) return { reason: `the prebuilt worker does not run here: ${firstLine(runs.stderr || runs.error?.message)}` };
  return { worker };
}

function firstLine(text) {
  return (text ?? '').trim().split('\n')[0];
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
  const prebuild = forced ? { reason: 'npm_config_build_from_source is set' } : usablePrebuild();
  if (!prebuild.worker) {
    try {
      console.log(`@luaward/engine: ${prebuild.reason}; building from source.`);
      buildNative();
    } catch (error) {
      if (!(error instanceof BuildError)) throw error;
      console.error(error.message);
      process.exit(1);
    }
  }
}
