// Builds the engine's native targets (the addon, the worker executable and,
// in a clone, the C++ test program) with node-gyp, in the package directory.
//
// It decides what binding.gyp cannot: where the C++ sources are (native/
// beside binding.gyp in the published package, ../../native in a clone), which
// Lua to compile in (lua-source.mjs) and how libseccomp links. Node's headers
// come from the running Node's own install when present, since node-gyp
// cannot download them without network access. It configures again only when
// one of those choices changes and otherwise builds incrementally: `rebuild`
// would delete build/ and break anything using the addon or the worker meanwhile.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { bundledLuaSource, LUA_RELEASE, systemLua, systemLuaWarning } from './lua-source.mjs';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEBIAN_PACKAGES = 'g++ make python3 pkg-config libseccomp-dev libmsgpack-cxx-dev';

/** Stops the build with a message that says what to do. */
export class BuildError extends Error {}

function fail(message) {
  throw new BuildError(`${message}\n  On Debian or Ubuntu: apt-get install ${DEBIAN_PACKAGES}. See docs/building.md of luaward.`);
}

function output(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function nativeDir() {
  const packaged = join(packageDir, 'native');
  return existsSync(join(packaged, 'src')) ? packaged : resolve(packageDir, '../../native');
}

/**
 * Copies Lua's src/ into deps/lua of the package: gyp's make generator places
 * each object by its source's path relative to binding.gyp, so the sources must
 * sit below it. Returns that folder, relative to binding.gyp.
 */
function stageLuaSources(tree) {
  const staged = join(packageDir, 'deps', 'lua');
  const marker = join(staged, 'release');
  if (!existsSync(marker) || readFileSync(marker, 'utf8') !== LUA_RELEASE.sha256) {
    rmSync(staged, { recursive: true, force: true });
    cpSync(join(tree, 'src'), join(staged, 'src'), { recursive: true });
    writeFileSync(marker, LUA_RELEASE.sha256);
  }
  return relative(packageDir, staged);
}

function luaVariables() {
  const bundled = process.env.LUAWARD_SYSTEM_LUA === '1' ? { reason: 'LUAWARD_SYSTEM_LUA=1 asks for the system Lua' } : bundledLuaSource();
  if (bundled.dir) return { lua_mode: 'bundled', lua_dir: stageLuaSources(bundled.dir) };

  const system = systemLua();
  if (system.reason) {
    fail(
      `luaward: cannot build Lua ${LUA_RELEASE.version} (${bundled.reason}) and ${system.reason}.\n` +
        `  Give the build the upstream tarball with LUAWARD_LUA_TARBALL=/path/to/${LUA_RELEASE.tarball} (SHA-256 ${LUA_RELEASE.sha256}),\n` +
        '  or install a Lua 5.4 with its pkg-config file (Debian: liblua5.4-dev; macOS: brew install lua pkg-config).',
    );
  }
  console.warn(`${systemLuaWarning(system.version)}\n  (Lua ${LUA_RELEASE.version} could not be built: ${bundled.reason}.)`);
  return { lua_mode: 'system', lua_cflags: system.cflags, lua_libs: system.libs };
}

/** libseccomp for the worker's confinement (Linux only), statically when its archive is there. */
function seccompVariables() {
  if (process.platform !== 'linux') return {};
  if (output('pkg-config', ['--exists', 'libseccomp']) === undefined)
    fail('luaward: libseccomp is not installed (pkg-config finds no libseccomp).');
  const libdir = output('pkg-config', ['--variable=libdir', 'libseccomp']);
  const archive = libdir && join(libdir, 'libseccomp.a');
  return {
    seccomp_cflags: output('pkg-config', ['--cflags', 'libseccomp']),
    seccomp_libs: archive && existsSync(archive) ? archive : output('pkg-config', ['--libs', 'libseccomp']),
  };
}

function checkToolchain() {
  // On Linux pkg-config finds libseccomp (and, failing the pinned Lua, the system's).
  const tools = [process.env.CXX || 'c++', 'make', 'python3', ...(process.platform === 'linux' ? ['pkg-config'] : [])];
  const missing = tools.filter((tool) => output(tool, ['--version']) === undefined);
  if (missing.length > 0)
    fail(`luaward: building the native engine needs ${missing.join(', ')}, which ${missing.length > 1 ? 'are' : 'is'} not installed.`);
}

/** msgpack-cxx is headers only: unchecked, its absence shows as a compiler error deep in node-gyp's output. */
function checkHeaders() {
  const preprocess = spawnSync(process.env.CXX || 'c++', ['-E', '-x', 'c++', '-', '-o', '/dev/null'], {
    input: '#include <msgpack.hpp>\n',
    encoding: 'utf8',
  });
  if (preprocess.status !== 0) fail('luaward: the msgpack-cxx headers (msgpack.hpp) are not installed.');
}

function nodeGypCommand() {
  // npm hands its own node-gyp to install scripts; a clone has node-gyp as a dev dependency.
  if (process.env.npm_config_node_gyp) return process.env.npm_config_node_gyp;
  try {
    return createRequire(join(packageDir, 'package.json')).resolve('node-gyp/bin/node-gyp.js');
  } catch {
    fail('luaward: node-gyp is not available (it comes with npm).');
  }
}

export function buildNative() {
  checkToolchain();
  const native = nativeDir();
  const tests = join(native, 'test');
  const variables = {
    native_dir: relative(packageDir, native),
    lua_config_header: join(native, 'src', 'lua', 'luaward_luaconf.h'),
    ...luaVariables(),
    ...seccompVariables(),
    native_tests: existsSync(tests) ? 1 : 0,
    golden_dir: existsSync(tests) ? resolve(packageDir, '../protocol/golden') : '',
  };

  const prefix = resolve(dirname(process.execPath), '..');
  const nodedir = existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];
  const nodeGyp = nodeGypCommand();
  const run = (command, gypArgs = []) => {
    const args = [nodeGyp, command, '--release', ...nodedir, ...(gypArgs.length ? ['--', ...gypArgs] : [])];
    if (command === 'build') args.splice(3, 0, '--jobs=max');
    const result = spawnSync(process.execPath, args, { cwd: packageDir, stdio: 'inherit' });
    if (result.status !== 0) throw new BuildError(`luaward: node-gyp ${command} failed (output above).`);
  };

  const stamp = join(packageDir, 'build', 'luaward-build.json');
  const configured = JSON.stringify(variables, null, 2);
  const current = existsSync(stamp) ? readFileSync(stamp, 'utf8') : undefined;
  if (current !== configured || !existsSync(join(packageDir, 'build', 'Makefile'))) {
    checkHeaders();
    run(
      'configure',
      Object.entries(variables).map(([name, value]) => `-D${name}=${value}`),
    );
    writeFileSync(stamp, configured);
  }
  run('build');
  return variables;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    buildNative();
  } catch (error) {
    if (!(error instanceof BuildError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}
