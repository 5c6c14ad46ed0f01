// Regenerates golden/NAME.bin from the descriptions in golden/vectors.json, using the built
// encoder, and golden/constants.json from the built constants (run through
// `pnpm --filter @luaward/protocol run golden`, which builds first).
// Removes .bin files that no vector describes any more.
import { readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { frameForVector, goldenConstants } from '../dist/golden/vectors.js';

const goldenDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'golden');
const { vectors } = JSON.parse(readFileSync(join(goldenDir, 'vectors.json'), 'utf8'));

const names = new Set();
for (const vector of vectors) {
  if (names.has(vector.name)) throw new Error(`two vectors are named ${vector.name}`);
  names.add(vector.name);
  writeFileSync(join(goldenDir, `${vector.name}.bin`), frameForVector(vector));
}
let removed = 0;
for (const file of readdirSync(goldenDir)) {
  if (file.endsWith('.bin') && !names.has(file.slice(0, -'.bin'.length))) {
    unlinkSync(join(goldenDir, file));
    removed++;
  }
}
writeFileSync(join(goldenDir, 'constants.json'), `${JSON.stringify(goldenConstants(), null, 2)}\n`);
console.log(`wrote ${names.size} golden frames and constants.json to ${goldenDir}${removed ? `, removed ${removed} stale` : ''}`);
