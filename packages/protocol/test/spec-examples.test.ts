import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const spec = readFileSync(fileURLToPath(new URL('../../../docs/protocol.md', import.meta.url)), 'utf8');
const goldenDir = fileURLToPath(new URL('../golden/', import.meta.url));
const examples = [...spec.matchAll(/<!-- golden: ([\w-]+) -->\n```text\n([\s\S]*?)```/g)].map(([, name, hex]) => [name!, hex!] as const);

describe('the hex examples in docs/protocol.md', () => {
  it('exist', () => {
    expect(examples.length).toBeGreaterThanOrEqual(18);
  });

  it.each(examples)('%s is the golden frame of that name', (name, hex) => {
    expect(hex.replace(/\s+/g, '')).toBe(readFileSync(`${goldenDir}${name}.bin`).toString('hex'));
  });
});
