// The corpus itself, without running a script: every file parses, the header format is
// enforced, and the cases only a timeout can stop are marked so.
import { readdirSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { CATEGORIES, CorpusHeaderError, SCRIPTS_DIR, loadCorpus, parseCase } from '../src/index.js';

const corpus = loadCorpus();

describe('the security corpus', () => {
  it('parses every script under scripts/<category>/', () => {
    const files = readdirSync(SCRIPTS_DIR, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.lua'));
    const parsed = corpus.map((c) => `${c.id}.lua`);
    expect(parsed.sort()).toEqual(files.map((file) => file.replaceAll('\\', '/')).sort());
  });

  it('has scripts in every category', () => {
    for (const category of CATEGORIES)
      expect(
        corpus.some((c) => c.category === category),
        category,
      ).toBe(true);
  });

  it('leaves to the isolated VM only scripts that only a timeout can stop', () => {
    const needIsolatedVm = corpus.filter((c) => c.needs === 'isolated-vm');
    expect(needIsolatedVm.length).toBeGreaterThan(0);
    for (const c of needIsolatedVm) expect(c.expect, c.id).toEqual({ kind: 'error', code: 'ERR_LUAWARD_TIMEOUT', message: undefined });
  });

  it.each([
    ['no expect field', '-- hazard: x\nreturn 1', /no "expect" field/],
    ['an unknown field', '-- hazard: x\n-- expect: none\n-- expected: none\nreturn 1', /unknown field "expected"/],
    ['an unknown error code', '-- hazard: x\n-- expect: error ERR_LUAWARD_NOPE\nreturn 1', /unknown error code/],
    ['invalid JSON', '-- hazard: x\n-- expect: result [1,\nreturn 1', /not valid JSON/],
    ['an unknown engine option', '-- hazard: x\n-- expect: none\n-- options: {"memLimit": 1}\nreturn 1', /unknown option "memLimit"/],
    ['then without then-expect', '-- hazard: x\n-- expect: none\n-- then: {"close": true}\nreturn 1', /go together/],
    ['a malformed follow-up', '-- hazard: x\n-- expect: none\n-- then: {"call": 1}\n-- then-expect: none\nreturn 1', /then must be/],
  ])('rejects a header with %s', (_, source, problem) => {
    expect(() => parseCase('cpu/example', '/corpus/cpu/example.lua', source)).toThrow(CorpusHeaderError);
    expect(() => parseCase('cpu/example', '/corpus/cpu/example.lua', source)).toThrow(problem);
  });

  it('reads continuation lines, regexes and follow-ups from a header', () => {
    const parsed = parseCase(
      'output/example',
      '/corpus/output/example.lua',
      '-- hazard: first part\n--   second part\n-- expect: error ERR_LUAWARD_RUNTIME /a+b/i\n-- then: {"call": "f", "args": [1]}\n-- then-expect: result [1]\n-- isolate: process\nreturn 1',
    );
    expect(parsed).toMatchObject({
      hazard: 'first part second part',
      expect: { kind: 'error', code: 'ERR_LUAWARD_RUNTIME', message: /a+b/i },
      followUp: { step: { call: 'f', args: [1] }, expect: { kind: 'result', value: [1] } },
      isolate: true,
      needs: undefined,
    });
  });
});
