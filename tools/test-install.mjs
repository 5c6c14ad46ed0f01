// Installs LuaWard the way a user does and uses it from there.
//
// It packs the four publishable packages (`pnpm -r pack`), installs the
// tarballs with npm into a new project in a temporary folder outside the
// workspace, on a PATH that holds node and npm but no compiler, make, Python
// or pkg-config, and then from that project:
//   - runs the README's usage example, compiled by tsc --strict against the
//     published types, and a TypeScript file that exercises those types;
//   - runs the CLI (`npx luaward run -` with a script on stdin);
//   - runs the in-process LuaEngine, with scripts that crash or fool the Lua
//     releases before 5.4.8;
//   - checks that the install compiled nothing and that neither binary links
//     liblua or libseccomp.
// Prints one line per check and exits non-zero on the first failure.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const rootPackage = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const work = mkdtempSync(join(tmpdir(), 'luaward-install-'));
const packs = join(work, 'packs');
const app = join(work, 'app');
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

function inApp(command, args, options = {}) {
  return spawnSync(command, args, { cwd: app, encoding: 'utf8', env: appEnv, ...options });
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
const engine = new LuaEngine();
const value: LuaValue = engine.execute('return { 1, 2 }') as LuaValue;
engine.close();
console.log(JSON.stringify(value));
`;

// Scripts that crash or fool Lua releases before 5.4.8, with what they must give now.
const LUA_BUG_SCRIPTS = [
  {
    name: 'a bitwise operator after 257 float constants',
    source: `local t = { ${Array.from({ length: 257 }, (_, i) => `${i}.5`).join(', ')} } return (1 ~ (2 or 3))`,
    expect: (outcome) => outcome.value === 3,
  },
  {
    name: 'a deep coroutine.close chain',
    options: { libs: ['base', 'string', 'table', 'math', 'coroutine'] },
    source: `
      local function chain(n)
        if n == 0 then return end
        local co = coroutine.create(function()
          local guard <close> = setmetatable({}, { __close = function() chain(n - 1) end })
          coroutine.yield()
        end)
        coroutine.resume(co)
        coroutine.close(co)
      end
      chain(200)
      return "survived"`,
    expect: (outcome) => outcome.value === 'survived' || outcome.code !== undefined,
  },
  {
    name: 'getobjname over a 100,000-long field chain with a looping __index',
    source: `
      local t = setmetatable({}, { __index = function(t) return t end })
      local chain = "local t = ... return t" .. string.rep(".x", 100000) .. ".y()"
      local f = load(chain)
      return pcall(f, t)`,
    expect: (outcome) => outcome.value === false || outcome.code !== undefined,
  },
];

const ENGINE_CHECK = `
import { LuaEngine, LuaWardError } from '@luaward/engine';
const [source, options] = JSON.parse(process.argv[2]);
const engine = new LuaEngine(options);
try {
  console.log(JSON.stringify({ value: engine.execute(source) ?? null }));
} catch (error) {
  if (!LuaWardError.isInstance(error)) throw error;
  console.log(JSON.stringify({ code: error.code }));
} finally {
  engine.close();
}
`;

// npm's own cache stays where it is, so that a second run downloads nothing again.
const appEnv = { HOME: join(work, 'home'), PATH: '', npm_config_cache: join(homedir(), '.npm'), npm_config_update_notifier: 'false' };

try {
  mkdirSync(packs);
  mkdirSync(app);
  mkdirSync(appEnv.HOME);
  const pack = spawnSync('pnpm', ['-r', 'pack', '--pack-destination', packs], { cwd: root, encoding: 'utf8' });
  if (pack.status !== 0) fail('pnpm -r pack', pack.stderr + pack.stdout);
  const tarballs = readdirSync(packs).filter((name) => name.endsWith('.tgz')).map((name) => join(packs, name));
  if (tarballs.length !== 4) fail(`pnpm -r pack writes the four packages, not ${tarballs.length}`);
  for (const tarball of tarballs) {
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], { encoding: 'utf8' }));
    const unwanted = listing.filter((file) => /(^|\/)(test|tests|fixtures|bench|build|deps)\//.test(file.replace(/^package\//, '')) || /\.test\.|tsbuildinfo/.test(file));
    if (unwanted.length > 0) fail(`${manifest.name} ships no tests or build intermediates`, unwanted.join('\n'));
    for (const needed of ['package/README.md', 'package/LICENSE', 'package/dist/index.d.ts']) {
      if (!listing.includes(needed)) fail(`${manifest.name} ships ${needed}`);
    }
    const workspaceDeps = Object.entries(manifest.dependencies ?? {}).filter(([, version]) => String(version).startsWith('workspace:'));
    if (workspaceDeps.length > 0) fail(`${manifest.name} has versions, not workspace: ranges`, JSON.stringify(workspaceDeps));
  }
  pass('pnpm -r pack writes four tarballs with dist, types, README and LICENSE, and no tests or workspace: ranges');

  appEnv.PATH = barePath();
  const tools = ['cc', 'c++', 'gcc', 'g++', 'make', 'python3', 'pkg-config'];
  const found = tools.filter((tool) => inApp('sh', ['-c', `command -v ${tool}`]).status === 0);
  if (found.length > 0) fail('the install runs without build tools', `found on PATH: ${found.join(', ')}`);

  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'luaward-install-check', private: true, type: 'module' }, null, 2));
  const typescript = `typescript@${rootPackage.devDependencies.typescript}`;
  const nodeTypes = `@types/node@${rootPackage.devDependencies['@types/node']}`;
  const install = inApp('npm', ['install', '--no-audit', '--no-fund', '--foreground-scripts', ...tarballs, typescript, nodeTypes]);
  if (install.status !== 0) fail('npm install of the tarballs', install.stderr + install.stdout);
  const engineDir = join(app, 'node_modules', '@luaward', 'engine');
  if (existsSync(join(engineDir, 'build')) || existsSync(join(engineDir, 'deps')) || /building from source/.test(install.stdout)) {
    fail('the install compiled nothing', install.stdout);
  }
  pass('npm install of the tarballs, with no compiler on PATH, compiled nothing');

  const binaries = join(engineDir, 'prebuilds', `${process.platform}-${process.arch}`);
  for (const binary of readdirSync(binaries).map((name) => join(binaries, name))) {
    const ldd = spawnSync('ldd', [binary], { encoding: 'utf8' });
    if (ldd.status !== 0 || /lua|seccomp|not found/.test(ldd.stdout)) fail(`${binary} links no liblua or libseccomp`, ldd.stdout + ldd.stderr);
  }
  pass('ldd: neither the addon nor the worker links liblua or libseccomp');

  const readme = README_EXAMPLE.exec(readFileSync(join(root, 'README.md'), 'utf8'));
  if (!readme) fail("the README's Usage section has a TypeScript example");
  writeFileSync(join(app, 'readme.ts'), readme[1]);
  writeFileSync(join(app, 'types.ts'), TYPES_CHECK);
  const tsc = inApp(process.execPath, [
    join(app, 'node_modules', 'typescript', 'bin', 'tsc'),
    '--strict', '--module', 'nodenext', '--target', 'es2022', '--types', 'node', '--skipLibCheck', 'false', '--outDir', 'out', 'readme.ts', 'types.ts',
  ]);
  if (tsc.status !== 0) fail('tsc --strict against the published types', tsc.stdout + tsc.stderr);
  pass('tsc --strict compiles the README example and a typed use of the published API');

  const usage = inApp('node', ['out/readme.js']);
  const expected = ['Hello from Lua!', 'Hello, Node User', 'Function not found, skipping.'];
  if (usage.status !== 0 || usage.stdout.trim().split('\n').join('|') !== expected.join('|')) fail("the README's usage example runs", usage.stdout + usage.stderr);
  const typed = inApp('node', ['out/types.js']);
  if (typed.status !== 0 || typed.stdout.trim() !== '[1,2]') fail('the typed example runs', typed.stdout + typed.stderr);
  pass("the README's usage example and the typed example run from the installed packages");

  const cli = inApp('npx', ['--no-install', 'luaward', 'run', '-'], { input: 'print("from stdin") return 6 * 7' });
  if (cli.status !== 0 || cli.stdout.trim() !== 'from stdin\n42') fail('npx luaward run - runs a script from stdin', cli.stdout + cli.stderr);
  pass('npx luaward run - runs a script from stdin');

  writeFileSync(join(app, 'engine-check.mjs'), ENGINE_CHECK);
  for (const script of LUA_BUG_SCRIPTS) {
    const run = inApp('node', ['engine-check.mjs', JSON.stringify([script.source, script.options ?? {}])]);
    const outcome = run.status === 0 ? JSON.parse(run.stdout) : undefined;
    if (!outcome || !script.expect(outcome)) fail(`the in-process LuaEngine survives ${script.name}`, `exit ${run.status} ${run.signal ?? ''}\n${run.stdout}${run.stderr}`);
  }
  pass(`the in-process LuaEngine runs ${LUA_BUG_SCRIPTS.length} scripts that crash or fool Lua before 5.4.8, correctly`);
  console.log(`install check: ${checks} passed`);
} catch (error) {
  if (process.exitCode !== 1) {
    console.error(error);
    process.exitCode = 1;
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
