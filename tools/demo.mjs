// `npm run demo`: runs examples/hello.lua through the built `luaward` CLI and
// exits with its status.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = fileURLToPath(new URL('../packages/luaward/dist/cli/main.js', import.meta.url));
const script = 'examples/hello.lua';

console.log(`$ luaward run ${script}`);
const run = spawnSync(process.execPath, [cli, 'run', script], { cwd: root, stdio: 'inherit' });
if (run.error) {
  console.error(`demo: could not run the luaward CLI: ${run.error.message}`);
  process.exit(1);
}
process.exit(run.status ?? 1);
