// Builds the native targets of the package in the current directory with
// node-gyp. Node's headers are taken from the running Node's own install
// (`<prefix>/include/node`) when present, since node-gyp cannot download
// them without network access; otherwise node-gyp falls back to its cache.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';

const prefix = resolve(dirname(process.execPath), '..');
const args = ['rebuild', '--release', `--jobs=max`];
if (existsSync(join(prefix, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${prefix}`);

const require = createRequire(join(process.cwd(), 'package.json'));
const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
const result = spawnSync(process.execPath, [nodeGyp, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);
