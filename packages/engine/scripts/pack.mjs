// Lays out what the published @luaward/engine carries beyond dist/:
//
//   prepack   the prebuilt binaries of this platform, taken from build/Release
//             (prebuilds/<platform>-<arch>/node.napi[.glibc].node and the worker
//             beside it, stripped), after checking that they were built with the
//             pinned Lua and need nothing at run time beyond the C library; and a
//             copy of the C++ sources (native/src), so that other platforms can
//             build from source at install time.
//   postpack  removes the copy of the sources again (prebuilds/ stays ignored).
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const release = join(packageDir, 'build', 'Release');
const stagedSources = join(packageDir, 'native');

function fail(message) {
  console.error(`@luaward/engine pack: ${message}`);
  process.exit(1);
}

/** The libc tag node-gyp-build matches on Linux. */
function libcTag() {
  if (process.platform !== 'linux') return undefined;
  return process.report.getReport().header.glibcVersionRuntime ? 'glibc' : 'musl';
}

/** Shared libraries a binary needs, by name (Linux). */
function neededLibraries(file) {
  const result = spawnSync('readelf', ['-d', file], { encoding: 'utf8' });
  if (result.status !== 0) fail(`readelf could not read ${file}`);
  return [...result.stdout.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((match) => match[1]);
}

function stagePrebuilds() {
  const stamp = join(packageDir, 'build', 'luaward-build.json');
  if (!existsSync(stamp)) fail('build/ has no native build; run pnpm build first');
  const config = JSON.parse(readFileSync(stamp, 'utf8'));
  if (config.lua_mode !== 'bundled')
    fail('the native build links the system Lua; prebuilds must carry the pinned Lua (see docs/building.md)');

  const tag = libcTag();
  const dir = join(packageDir, 'prebuilds', `${process.platform}-${process.arch}`);
  rmSync(join(packageDir, 'prebuilds'), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const addon = join(dir, ['node', 'napi', tag, 'node'].filter(Boolean).join('.'));
  const worker = join(dir, 'luaward-worker');
  copyFileSync(join(release, 'luaward_engine.node'), addon);
  copyFileSync(join(release, 'luaward-worker'), worker);
  chmodSync(worker, 0o755);

  if (process.platform === 'linux') {
    for (const file of [addon, worker]) {
      spawnSync('strip', ['--strip-unneeded', file], { stdio: 'inherit' });
      const linked = neededLibraries(file).filter((name) => /lua|seccomp/.test(name));
      if (linked.length > 0) fail(`${file} links ${linked.join(', ')}; it must carry them`);
    }
    const workerNeeds = neededLibraries(worker).filter((name) => !/^(libc|libm|ld-linux[^.]*)\.so/.test(name));
    if (workerNeeds.length > 0) fail(`the worker needs ${workerNeeds.join(', ')} beyond the C library`);
  }
}

function stageSources() {
  rmSync(stagedSources, { recursive: true, force: true });
  cpSync(resolve(packageDir, '../../native/src'), join(stagedSources, 'src'), { recursive: true });
}

const step = process.argv[2];
if (step === 'prepack') {
  stagePrebuilds();
  stageSources();
} else if (step === 'postpack') {
  rmSync(stagedSources, { recursive: true, force: true });
} else {
  fail(`unknown step ${step}; use prepack or postpack`);
}
