// Runs clang-format, with the repository's .clang-format, over the project's
// own C++: the *.cpp and *.hpp files git tracks in native/src and native/test
// (the C in native/src/lua keeps Lua's style and is left alone).
//
//   node tools/format-native.mjs           rewrites the files in place
//   node tools/format-native.mjs --check   changes nothing; fails on any file clang-format would change
import { spawnSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const clangFormat = process.env.CLANG_FORMAT || 'clang-format';

const listed = spawnSync(
  'git',
  ['ls-files', '-z', '--', 'native/src/*.cpp', 'native/src/*.hpp', 'native/test/*.cpp', 'native/test/*.hpp', ':!native/src/lua'],
  { cwd: root, encoding: 'utf8' },
);
if (listed.status !== 0) {
  console.error(`format-native: git ls-files failed\n${listed.stderr}`);
  process.exit(1);
}
const files = listed.stdout.split('\0').filter(Boolean);

const version = spawnSync(clangFormat, ['--version'], { encoding: 'utf8' });
if (version.error || version.status !== 0) {
  console.error(`format-native: ${clangFormat} is not installed (Debian: apt-get install clang-format; tools/setup.sh installs it).`);
  process.exit(1);
}

const args = check ? ['--dry-run', '--Werror'] : ['-i'];
const run = spawnSync(clangFormat, ['--style=file', ...args, ...files], { cwd: root, stdio: 'inherit' });
if (run.status !== 0) {
  if (check) console.error(`format-native: ${version.stdout.trim()} would reformat the files above; run pnpm run format:native`);
  process.exit(run.status ?? 1);
}
console.log(`format-native: ${files.length} files ${check ? 'formatted as .clang-format says' : 'formatted'}`);
