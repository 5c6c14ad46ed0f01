// Where this package's native binaries are, found without loading them:
// build/Release when the package was built here (a clone, or an install that
// compiled from source), else the prebuild for this platform under
// prebuilds/<platform>-<arch>/ (node-gyp-build's layout and choice rules).
// The worker executable sits beside the addon in either place.
import { accessSync, chmodSync, constants, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const nodeGypBuild = require('node-gyp-build') as { path(dir: string): string };

const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));
const WORKER_NAME = 'luaward-worker';

function findAddon(): string | undefined {
  try {
    return nodeGypBuild.path(PACKAGE_ROOT);
  } catch {
    return undefined;
  }
}

/** The addon for this platform, or undefined when the package has none. */
export const ADDON_PATH: string | undefined = findAddon();

/** What to tell a user whose platform has neither a prebuild nor a build. */
export const MISSING_BINARIES_MESSAGE =
  `@luaward/engine has no native build for ${platform}-${arch} (looked in ${join(PACKAGE_ROOT, 'build', 'Release')} and ${join(PACKAGE_ROOT, 'prebuilds')}). ` +
  'Reinstall it where a C++ toolchain, Python 3, make and libseccomp (Linux) are installed so it builds from source: ' +
  'npm rebuild @luaward/engine. See docs/building.md.';

/**
 * Tarballs packed by pnpm carry no mode bits, and the install step that
 * restores the worker's is skipped where install scripts are not allowed
 * (pnpm's default for dependencies); so the bit is checked here once too.
 */
function ensureExecutable(file: string): void {
  if (!existsSync(file)) return;
  try {
    accessSync(file, constants.X_OK);
  } catch {
    try {
      chmodSync(file, 0o755);
    } catch {
      // A read-only install: spawning the worker will report EACCES with its path.
    }
  }
}

/** The native worker executable; where a build would put it when there is none. */
export const WORKER_BINARY_PATH: string = join(ADDON_PATH ? dirname(ADDON_PATH) : join(PACKAGE_ROOT, 'build', 'Release'), WORKER_NAME);
ensureExecutable(WORKER_BINARY_PATH);
