// Builds the native targets of the package in the current directory with
// node-gyp. Node's headers are taken from the running Node's own install
// (`<prefix>/include/node`) when present, since node-gyp cannot download
// them without network access; otherwise node-gyp falls back to its cache.
// It configures once and then builds incrementally: `rebuild` would delete
// build/ and break anything using the addon or the worker meanwhile.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const prefix = resolve(dirname(process.execPath), '..');
const nodedir = existsSync(join(prefix, 'include', 'node', 'node_api.h')) ? [`--nodedir=${prefix}`] : [];

const require = createRequire(join(process.cwd(), 'package.json'));
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');

function nodeGypRun(...args) {
  const result = spawnSync(process.execPath, [nodeGyp, ...args, ...nodedir], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!existsSync(join('build', 'Makefile'))) nodeGypRun('configure', '--release');
nodeGypRun('build', '--release', '--jobs=max');
