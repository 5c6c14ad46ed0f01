// Installs LuaWard the way a user does and uses it from there. One script, in
// two phases that can run apart (tools/fresh-machine-check.sh packs on the host
// and installs inside a fresh Debian root, with that root's node):
//
//   node tools/test-install.mjs                         both phases, in a temporary folder
//   node tools/test-install.mjs --pack-only --tarballs DIR
//                                                       pack into DIR, and check the tarballs
//   node tools/test-install.mjs --tarballs DIR [--project DIR] [--build-from-source] [--fresh-system]
//                                                       install DIR's tarballs and check them
//
// Pack: `pnpm -r pack` of the four publishable packages (the workspace's private
// test corpus is left out), each checked for its dist, types, README and LICENSE
// and for no tests, workspace: ranges or unpublished dependencies.
//
// Install and check: npm installs the tarballs into a new project (--project,
// which must not exist yet, and is kept; else a temporary one), on a PATH that
// holds node and npm but no compiler, make, Python or pkg-config, and then:
//   - the install compiled nothing, and neither binary links liblua or libseccomp;
//   - the version npm installed and the Lua release the addon and the worker report;
//   - the README's usage example, compiled by tsc --strict against the published
//     types, and a TypeScript file that exercises those types;
//   - the CLI (`npx luaward run -` with a script on stdin);
//   - the in-process LuaEngine, with scripts that crash or fool the Lua
//     releases before 5.4.8.
// --build-from-source installs with npm_config_build_from_source=true on the
// machine's own PATH instead (it needs the build tools; about a minute of
// compiling): the engine must build from the sources its tarball carries,
// with the pinned Lua from the cache (LUAWARD_CACHE_DIR, passed on; an empty
// one makes the build fetch Lua), and the same checks then run on what it built.
// --fresh-system is for a machine without build tools (the fresh Debian root):
// it checks that the system has no compiler, make, Python or pkg-config and no
// liblua or libseccomp, and that a forced build from source fails with a message
// that names what to install.
//
// Prints one line per check and exits non-zero on the first failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values: flags } = parseArgs({
  options: {
    'pack-only': { type: 'boolean', default: false },
    tarballs: { type: 'string' },
    project: { type: 'string' },
    'build-from-source': { type: 'boolean', default: false },
    'fresh-system': { type: 'boolean', default: false },
  },
});
if (flags['pack-only'] && !flags.tarballs) throw new Error('--pack-only needs --tarballs DIR to pack into');
if (flags['pack-only'] && (flags.project || flags['build-from-source'] || flags['fresh-system'])) {
  throw new Error('--pack-only takes only --tarballs');
}
if (flags['build-from-source'] && flags['fresh-system'])
  throw new Error('--build-from-source needs build tools, which --fresh-system checks are absent');

// The repository (or, inside the fresh root, the copy of the files the checks read).
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const work = mkdtempSync(join(tmpdir(), 'luaward-install-'));
let checks = 0;

function pass(what) {
  checks += 1;
  console.log(`install check: ok - ${what}`);
}

function fail(what, detail = '') {
  console.error(`install check: FAILED - ${what}${detail ? `\n${detail}` : ''}`);
  process.exitCode = 1;
  throw new Error(what);
}

function seconds(since) {
  return `${((Date.now() - since) / 1000).toFixed(0)} s`;
}

const BUILD_TOOLS = ['cc', 'c++', 'gcc', 'g++', 'clang', 'make', 'python3', 'pkg-config'];

/** Which of the build tools `sh` finds on `path`. */
function toolsOn(path) {
  return BUILD_TOOLS.filter((tool) => spawnSync('sh', ['-c', `command -v ${tool}`], { env: { PATH: path } }).status === 0);
}

/** A PATH with node, npm and npx and the shell npm runs scripts with, and no build tools. */
function barePath() {
  const bin = join(work, 'bin');
  mkdirSync(bin);
  const npmCli = realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
  const links = {
    node: process.execPath,
    npm: npmCli,
    npx: join(dirname(npmCli), 'npx-cli.js'),
    sh: '/bin/sh',
  };
  for (const [name, target] of Object.entries(links)) symlinkSync(target, join(bin, name));
  return bin;
}

/** The cache the build reads Lua from, as packages/engine/scripts/lua-source.mjs finds it. */
function luawardCache() {
  return process.env.LUAWARD_CACHE_DIR || join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'luaward');
}

// The variables of the machine's network setup that npm needs to reach the registry.
const NETWORK_VARIABLES = ['NODE_EXTRA_CA_CERTS', 'http_proxy', 'https_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY'];

/** The environment npm runs in: a home of its own, npm's cache where it is (a second run downloads nothing again). */
function npmEnv(path, extra = {}) {
  const env = {
    HOME: join(work, 'home'),
    PATH: path,
    npm_config_cache: join(homedir(), '.npm'),
    npm_config_update_notifier: 'false',
    ...extra,
  };
  for (const name of NETWORK_VARIABLES) if (process.env[name]) env[name] = process.env[name];
  return env;
}

const README_EXAMPLE = /## Usage\n\n```ts\n([\s\S]*?)\n```/;

// The published types in use, as a strict TypeScript user writes them.
const TYPES_CHECK = `
import { IsolatedLuaVM, LuaWardError, MemoryLimitError, type IsolatedLuaVMOptions } from 'luaward';
import { LuaEngine, type LuaValue } from '@luaward/engine';

const options: IsolatedLuaVMOptions = { memoryLimit: 1024 * 1024, callbacks: { add: (a, b) => (a as number) + (b as number) } };
const vm: IsolatedLuaVM = await IsolatedLuaVM.create(options);
try {
  const sum: unknown = await vm.execute('return add(2, 3)');
  if (sum !== 5) throw new Error(\`add gave \${String(sum)}\`);
  await vm.execute('local t = {} for i = 1, 1e7 do t[i] = i end').catch((error: unknown) => {
    if (!(error instanceof MemoryLimitError) || !LuaWardError.isInstance(error)) throw error;
  });
} finally {
  await vm.close();
}
// Declared types cross as they are: interfaces, readonly arrays; results are typed by the caller.
interface Order {
  readonly id: number;
  readonly items: readonly string[];
}
const order: Order = { id: 7, items: ['tea', 'cake'] };
const engine = new LuaEngine();
engine.execute('function count(o) return #o.items end');
const items: number | undefined = engine.call<number>('count', order);
if (items !== 2) throw new Error('count gave ' + String(items));
// A compile-time check only: never called.
// @ts-expect-error a symbol has no Lua form
const refused = () => engine.call('count', Symbol('no'));
void refused;
const value: LuaValue = engine.execute('return { 1, 2 }') as LuaValue;
engine.close();
console.log(JSON.stringify(value));
`;

// Corpus scripts that crash or fool the Lua releases before 5.4.9; each
// header states the exact outcome (packages/security-corpus/src/corpus.ts).
const LUA_BUG_SCRIPTS = [
  'crash/bitwise-constant-past-maxindexrk',
  'crash/getobjname-field-chain',
  'crash/coroutine-close-nesting',
  'crash/concat-metamethod-stack-growth',
  'crash/weak-table-new-metatable',
  'memory/weak-newindex-emergency-collection',
];
const CORPUS_DIR = join(root, 'packages', 'security-corpus', 'scripts');

/** A corpus script with the outcome its header expects: `result <JSON>` or `error <CODE> [/re/]`. */
function corpusScript(id) {
  const source = readFileSync(join(CORPUS_DIR, `${id}.lua`), 'utf8');
  const header = (field) => new RegExp(`^-- ${field}: (.*)$`, 'm').exec(source)?.[1];
  const expected = header('expect');
  const options = JSON.parse(header('options') ?? '{}');
  const result = /^result (.*)$/.exec(expected);
  const error = /^error (\S+)(?: \/(.*)\/)?$/.exec(expected);
  const expect = result
    ? (outcome) => JSON.stringify(outcome.value) === JSON.stringify(JSON.parse(result[1]))
    : (outcome) => outcome.code === error[1] && (error[2] === undefined || new RegExp(error[2]).test(outcome.message));
  return { name: id, source, options, expect };
}

const ENGINE_CHECK = `
import { LuaEngine, LuaWardError } from '@luaward/engine';
const [source, options] = JSON.parse(process.argv[2]);
const engine = new LuaEngine(options);
try {
  console.log(JSON.stringify({ value: engine.execute(source) ?? null }));
} catch (error) {
  if (!LuaWardError.isInstance(error)) throw error;
  console.log(JSON.stringify({ code: error.code, message: error.message }));
} finally {
  engine.close();
}
`;

// Prints the Lua release the addon and the worker report, and what the package pins.
const LUA_RELEASE_CHECK = `
import { execFileSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { LUA_RELEASE } from '@luaward/engine';
import { NATIVE_WORKER_PATH } from '@luaward/engine/workers';
const pinned = await import(pathToFileURL(process.argv[2]).href);
const worker = execFileSync(NATIVE_WORKER_PATH, ['--version'], { encoding: 'utf8' }).trim();
console.log(JSON.stringify({ addon: LUA_RELEASE, worker, workerPath: NATIVE_WORKER_PATH, pinned: pinned.LUA_RELEASE.version }));
`;

/** The four packages a user installs; the workspace's private packages (the test corpus) are never packed. */
const PUBLISHED = ['@luaward/protocol', '@luaward/engine', '@luaward/host', 'luaward'];

/** The names of the workspace's packages (packages/*) that are not private. */
function publishableWorkspacePackages() {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir)
    .filter((dir) => existsSync(join(packagesDir, dir, 'package.json')))
    .map((dir) => JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8')))
    .filter((manifest) => manifest.private !== true)
    .map((manifest) => manifest.name);
}

/** The pack phase: the four tarballs in `packs`, checked. */
function packPhase(packs) {
  mkdirSync(packs, { recursive: true });
  if (readdirSync(packs).some((name) => name.endsWith('.tgz'))) fail(`${packs} holds no tarballs before packing`);
  const publishable = publishableWorkspacePackages();
  if (JSON.stringify([...publishable].sort()) !== JSON.stringify([...PUBLISHED].sort())) {
    fail(`the workspace's packages that are not private are the four published ones`, publishable.join(', '));
  }
  // pnpm -r pack packs private packages too: select the publishable ones.
  const filters = publishable.flatMap((name) => ['--filter', name]);
  const pack = spawnSync('pnpm', ['-r', ...filters, 'pack', '--pack-destination', packs], { cwd: root, encoding: 'utf8' });
  if (pack.status !== 0) fail('pnpm -r pack', pack.stderr + pack.stdout);
  const tarballs = tarballsIn(packs);
  const packed = tarballs.map((tarball) => manifestOf(tarball).name).sort();
  if (JSON.stringify(packed) !== JSON.stringify([...PUBLISHED].sort()))
    fail('pnpm -r pack packs exactly the four published packages', packed.join(', '));
  for (const tarball of tarballs) {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    const manifest = manifestOf(tarball);
    const unwanted = listing.filter(
      (file) => /(^|\/)(test|tests|fixtures|bench|build|deps)\//.test(file.replace(/^package\//, '')) || /\.test\.|tsbuildinfo/.test(file),
    );
    if (unwanted.length > 0) fail(`${manifest.name} ships no tests or build intermediates`, unwanted.join('\n'));
    for (const needed of ['package/README.md', 'package/LICENSE', 'package/dist/index.d.ts']) {
      if (!listing.includes(needed)) fail(`${manifest.name} ships ${needed}`);
    }
    const workspaceDeps = Object.entries(manifest.dependencies ?? {}).filter(([, version]) => String(version).startsWith('workspace:'));
    if (workspaceDeps.length > 0) fail(`${manifest.name} has versions, not workspace: ranges`, JSON.stringify(workspaceDeps));
    const installed = { ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies };
    const unpublished = Object.keys(installed).filter((name) => name.startsWith('@luaward/') && !PUBLISHED.includes(name));
    if (unpublished.length > 0) fail(`${manifest.name} needs no unpublished package at install`, unpublished.join(', '));
  }
  pass(
    'pnpm -r pack writes the four published packages, with dist, types, README and LICENSE, and no tests, workspace: ranges or unpublished dependencies',
  );
  return tarballs;
}

function tarballsIn(dir) {
  const tarballs = readdirSync(dir)
    .filter((name) => name.endsWith('.tgz'))
    .map((name) => join(dir, name));
  if (tarballs.length !== 4) fail(`${dir} holds the four packages' tarballs, not ${tarballs.length}`);
  return tarballs;
}

function manifestOf(tarball) {
  return JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
}

/** The library folders of this system, the multiarch ones (x86_64-linux-gnu, ...) included. */
function libraryDirs() {
  const dirs = ['/lib', '/lib64', '/usr/lib', '/usr/lib64', '/usr/local/lib'].filter((dir) => existsSync(dir));
  const multiarch = dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => /-linux-gnu/.test(name))
      .map((name) => join(dir, name)),
  );
  return [...new Set([...dirs, ...multiarch].map((dir) => realpathSync(dir)))];
}

/** --fresh-system: the machine itself has no build tools, no Lua and no libseccomp. */
function checkFreshSystem() {
  const found = toolsOn(process.env.PATH ?? '');
  if (found.length > 0) fail('the system has no build tools', `found on the system's PATH (${process.env.PATH}): ${found.join(', ')}`);
  const libraries = libraryDirs().flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => /^lib(lua|seccomp)/i.test(name))
      .map((name) => join(dir, name)),
  );
  if (libraries.length > 0) fail('the system has no liblua or libseccomp', libraries.join('\n'));
  pass(`the system has none of ${BUILD_TOOLS.join(', ')} on its PATH, and no liblua* or libseccomp* in ${libraryDirs().join(', ')}`);
}

/** The install-and-check phase. */
function installPhase(tarballs, app, { buildFromSource, freshSystem }) {
  const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const readme = README_EXAMPLE.exec(readFileSync(join(root, 'README.md'), 'utf8'));
  if (!readme) fail("the README's Usage section has a TypeScript example");
  const engineTarball = tarballs.find((tarball) => manifestOf(tarball).name === '@luaward/engine');
  const protocolTarball = tarballs.find((tarball) => manifestOf(tarball).name === '@luaward/protocol');
  const engineVersion = manifestOf(engineTarball).version;
  if (freshSystem) checkFreshSystem();

  mkdirSync(join(work, 'home'));
  let env;
  if (buildFromSource) {
    // The machine's own PATH, with its compiler; the Lua cache and choices are passed on.
    const luaChoices = Object.fromEntries(
      ['LUAWARD_LUA_TARBALL', 'LUAWARD_SYSTEM_LUA'].filter((name) => process.env[name]).map((name) => [name, process.env[name]]),
    );
    env = npmEnv(process.env.PATH ?? '', { npm_config_build_from_source: 'true', LUAWARD_CACHE_DIR: luawardCache(), ...luaChoices });
  } else {
    env = npmEnv(barePath());
    const found = toolsOn(env.PATH);
    if (found.length > 0) fail('the install runs without build tools', `found on PATH: ${found.join(', ')}`);
  }
  const inApp = (command, args, options = {}) => spawnSync(command, args, { cwd: app, encoding: 'utf8', env, ...options });

  if (existsSync(app)) fail(`the project folder ${app} does not exist yet`);
  mkdirSync(app, { recursive: true });
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'luaward-install-check', private: true, type: 'module' }, null, 2));
  const typescript = `typescript@${rootPackage.devDependencies.typescript}`;
  const nodeTypes = `@types/node@${rootPackage.devDependencies['@types/node']}`;
  const cacheBefore = buildFromSource && existsSync(luawardCache()) ? readdirSync(luawardCache()) : [];
  const installStarted = Date.now();
  const install = inApp('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', ...tarballs, typescript, nodeTypes]);
  if (install.status !== 0) fail('npm install of the tarballs', install.stderr + install.stdout);
  const engineDir = join(app, 'node_modules', '@luaward', 'engine');
  const release = join(engineDir, 'build', 'Release');
  let binariesDir;
  if (buildFromSource) {
    binariesDir = release;
    const stamp = join(engineDir, 'build', 'luaward-build.json');
    const config = existsSync(stamp) ? JSON.parse(readFileSync(stamp, 'utf8')) : {};
    if (
      !/building from source/.test(install.stdout) ||
      !existsSync(join(release, 'luaward_engine.node')) ||
      !existsSync(join(release, 'luaward-worker'))
    ) {
      fail('npm install with npm_config_build_from_source=true builds the addon and the worker', install.stdout + install.stderr);
    }
    if (config.lua_mode !== 'bundled' || config.native_dir !== 'native' || config.native_tests !== 0) {
      fail("the build from source compiles the pinned Lua and the tarball's own sources", JSON.stringify(config, null, 2));
    }
    const fetched = readdirSync(luawardCache()).filter((name) => !cacheBefore.includes(name));
    const lua = fetched.length > 0 ? `fetched into ${luawardCache()}` : `from the cache ${luawardCache()}`;
    pass(
      `npm install with npm_config_build_from_source=true built the addon and the worker from the tarball's sources (Lua ${lua}) in ${seconds(installStarted)}`,
    );
  } else {
    binariesDir = join(engineDir, 'prebuilds', `${process.platform}-${process.arch}`);
    if (existsSync(join(engineDir, 'build')) || existsSync(join(engineDir, 'deps')) || /building from source/.test(install.stdout)) {
      fail('the install compiled nothing', install.stdout);
    }
    pass(`npm install of the tarballs, with no compiler on PATH, compiled nothing (${seconds(installStarted)})`);
  }

  const binaries = readdirSync(binariesDir)
    .filter((name) => name.endsWith('.node') || name === 'luaward-worker')
    .map((name) => join(binariesDir, name));
  if (binaries.length !== 2) fail(`${binariesDir} holds the addon and the worker`, binaries.join('\n'));
  for (const binary of binaries) {
    const ldd = spawnSync('ldd', [binary], { encoding: 'utf8' });
    if (ldd.status !== 0 || /lua|seccomp|not found/.test(ldd.stdout))
      fail(`${binary} links no liblua or libseccomp`, ldd.stdout + ldd.stderr);
  }
  pass('ldd: neither the addon nor the worker links liblua or libseccomp');

  const version = inApp('node', ['-p', "require('@luaward/engine/package.json').version"]);
  if (version.status !== 0 || version.stdout.trim() !== engineVersion)
    fail(`@luaward/engine ${engineVersion} is installed`, version.stdout + version.stderr);
  writeFileSync(join(app, 'lua-release.mjs'), LUA_RELEASE_CHECK);
  const releaseRun = inApp('node', ['lua-release.mjs', join(engineDir, 'scripts', 'lua-source.mjs')]);
  if (releaseRun.status !== 0) fail('the addon and the worker report their Lua release', releaseRun.stdout + releaseRun.stderr);
  const reported = JSON.parse(releaseRun.stdout);
  const expectedRelease = `Lua ${reported.pinned}`;
  if (
    reported.addon !== expectedRelease ||
    reported.worker !== `luaward-worker ${engineVersion} (${expectedRelease})` ||
    dirname(reported.workerPath) !== realpathSync(binariesDir)
  ) {
    fail(`the addon and the worker in ${binariesDir} run ${expectedRelease}`, JSON.stringify(reported, null, 2));
  }
  pass(
    `@luaward/engine ${engineVersion} is installed; LUA_RELEASE and luaward-worker --version report ${expectedRelease}, the pinned release`,
  );

  writeFileSync(join(app, 'readme.ts'), readme[1]);
  writeFileSync(join(app, 'types.ts'), TYPES_CHECK);
  const tsc = inApp(process.execPath, [
    join(app, 'node_modules', 'typescript', 'bin', 'tsc'),
    '--strict',
    '--module',
    'nodenext',
    '--target',
    'es2022',
    '--types',
    'node',
    '--skipLibCheck',
    'false',
    '--outDir',
    'out',
    'readme.ts',
    'types.ts',
  ]);
  if (tsc.status !== 0) fail('tsc --strict against the published types', tsc.stdout + tsc.stderr);
  pass('tsc --strict compiles the README example and a typed use of the published API');

  const usage = inApp('node', ['out/readme.js']);
  const expected = ['Hello from Lua!', 'Hello, Node User', 'Function not found, skipping.'];
  if (usage.status !== 0 || usage.stdout.trim().split('\n').join('|') !== expected.join('|'))
    fail("the README's usage example runs", usage.stdout + usage.stderr);
  const typed = inApp('node', ['out/types.js']);
  if (typed.status !== 0 || typed.stdout.trim() !== '[1,2]') fail('the typed example runs', typed.stdout + typed.stderr);
  pass("the README's usage example and the typed example run from the installed packages");

  const cli = inApp('npx', ['--no-install', 'luaward', 'run', '-'], { input: 'print("from stdin") return 6 * 7' });
  if (cli.status !== 0 || cli.stdout.trim() !== 'from stdin\n42')
    fail('npx luaward run - runs a script from stdin', cli.stdout + cli.stderr);
  pass('npx luaward run - runs a script from stdin');

  writeFileSync(join(app, 'engine-check.mjs'), ENGINE_CHECK);
  for (const script of LUA_BUG_SCRIPTS.map(corpusScript)) {
    const run = inApp('node', ['engine-check.mjs', JSON.stringify([script.source, script.options])]);
    const outcome = run.status === 0 ? JSON.parse(run.stdout) : undefined;
    if (!outcome || !script.expect(outcome))
      fail(`the in-process LuaEngine survives ${script.name}`, `exit ${run.status} ${run.signal ?? ''}\n${run.stdout}${run.stderr}`);
  }
  pass(
    `the in-process LuaEngine runs ${LUA_BUG_SCRIPTS.length} corpus scripts that crash or fool Lua before 5.4.9, with the outcome each expects`,
  );

  if (freshSystem) {
    // On the system's own PATH, so that nothing but the system's lack of tools stops it.
    const forced = join(work, 'forced-build');
    mkdirSync(forced);
    writeFileSync(join(forced, 'package.json'), JSON.stringify({ name: 'luaward-forced-build', private: true }, null, 2));
    const build = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', protocolTarball, engineTarball], {
      cwd: forced,
      encoding: 'utf8',
      env: npmEnv(process.env.PATH ?? '', { npm_config_build_from_source: 'true' }),
    });
    const said = build.stdout + build.stderr;
    const names = [
      /building the native engine needs c\+\+, make, python3, pkg-config/,
      /apt-get install g\+\+ make python3 pkg-config libseccomp-dev libmsgpack-cxx-dev/,
      /docs\/building\.md/,
    ];
    if (build.status === 0 || !names.every((pattern) => pattern.test(said))) {
      fail('a forced build from source without build tools fails, naming what to install', `exit ${build.status}\n${said}`);
    }
    const message = said
      .split('\n')
      .filter((line) => /luaward: |apt-get install/.test(line))
      .map((line) => line.trim());
    pass(`a forced build from source fails, naming what to install:\n    ${message.join('\n    ')}`);
  }
}

try {
  if (flags['pack-only']) {
    packPhase(resolve(flags.tarballs));
  } else {
    const tarballs = flags.tarballs ? tarballsIn(resolve(flags.tarballs)) : packPhase(join(work, 'packs'));
    installPhase(tarballs, flags.project ? resolve(flags.project) : join(work, 'app'), {
      buildFromSource: flags['build-from-source'],
      freshSystem: flags['fresh-system'],
    });
  }
  console.log(`install check: ${checks} passed`);
} catch (error) {
  if (process.exitCode !== 1) {
    console.error(error);
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
