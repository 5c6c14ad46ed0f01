import { describe, expect, it } from 'vitest';

import { parseCommandLine } from './arguments.js';
import { UsageError } from './usage-error.js';

describe('parseCommandLine', () => {
  it('reads run with its file and every limit flag, before or after the file', () => {
    expect(parseCommandLine(['run', 'script.lua', '--memory', '10MB', '--timeout', '2s', '--instructions', '1000000'])).toEqual({
      kind: 'run',
      script: 'script.lua',
      vm: { memoryLimit: 10 * 1024 * 1024, timeout: 2000, instructionLimit: 1_000_000 },
    });
    expect(parseCommandLine(['--memory=1MB', 'run', '-'])).toEqual({ kind: 'run', script: '-', vm: { memoryLimit: 1024 * 1024 } });
  });

  it('reads --instructions in exponent form, for run and repl alike', () => {
    expect(parseCommandLine(['run', 'a.lua', '--instructions', '1.5e6'])).toEqual({
      kind: 'run',
      script: 'a.lua',
      vm: { instructionLimit: 1_500_000 },
    });
    expect(parseCommandLine(['repl', '--instructions=1e6'])).toEqual({ kind: 'repl', vm: { instructionLimit: 1_000_000 } });
  });

  it('adds --lib libraries to the default set, comma-separated or repeated', () => {
    expect(parseCommandLine(['repl', '--lib', 'utf8,coroutine'])).toEqual({
      kind: 'repl',
      vm: { libs: ['base', 'string', 'table', 'math', 'utf8', 'coroutine'] },
    });
    expect(parseCommandLine(['repl', '--lib', 'coroutine', '--lib', 'string'])).toEqual({
      kind: 'repl',
      vm: { libs: ['base', 'string', 'table', 'math', 'coroutine'] },
    });
  });

  it('puts --help and --version before anything else', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['run', '-h'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['-v'])).toEqual({ kind: 'version' });
  });

  it.each([
    [[], /no command given/],
    [['jump'], /unknown command 'jump'/],
    [['run'], /run needs a script file, or - for stdin/],
    [['run', 'a.lua', 'b.lua'], /run takes one script, got 2/],
    [['repl', 'a.lua'], /repl takes no file/],
    [['run', 'a.lua', '--memory'], /--memory/],
    [['run', 'a.lua', '--frobnicate'], /--frobnicate/],
    [['run', 'a.lua', '--lib', 'os'], /--lib: unknown library 'os' \(choose from utf8, coroutine\)/],
    [['run', 'a.lua', '--timeout', 'soon'], /--timeout must be a number with a unit \(ms, s, m\), got 'soon'/],
    [['repl', '--instructions', '2.5'], /--instructions must be a whole number, got '2\.5'/],
  ])('refuses %j with a UsageError', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(UsageError);
    expect(() => parseCommandLine(argv)).toThrow(message);
  });
});
