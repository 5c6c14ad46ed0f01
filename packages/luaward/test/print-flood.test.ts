// A script that prints without end fails with OutputLimitError once a request has printed
// outputLimit bytes, even when it catches print's error; what was printed before arrives.
import { describe, expect, it } from 'vitest';

import { IsolatedLuaVM, OutputLimitError } from '../src/index.js';

import { WORKER_KINDS } from './support.js';

describe.each(WORKER_KINDS)('print floods on the %s worker', (worker) => {
  it('stop at outputLimit, counting each line with its newline', async () => {
    const lines: string[] = [];
    await using vm = await IsolatedLuaVM.create({ worker, outputLimit: 1000, onPrint: (text) => lines.push(text) });
    const error = await vm.execute('while true do print(string.rep("x", 99)) end').catch((e: unknown) => e);
    expect(OutputLimitError.isInstance(error)).toBe(true);
    expect((error as OutputLimitError).limit).toBe(1000);
    expect(lines).toEqual(Array.from({ length: 10 }, () => 'x'.repeat(99)));
  });

  it("stop even when the script catches print's error", async () => {
    const lines: string[] = [];
    await using vm = await IsolatedLuaVM.create({ worker, outputLimit: 1000, onPrint: (text) => lines.push(text) });
    const error = await vm.execute('for i = 1, 1000 do pcall(print, string.rep("y", 99)) end; return "escaped"').catch((e: unknown) => e);
    expect(OutputLimitError.isInstance(error)).toBe(true);
    expect(lines).toHaveLength(10);
  });

  it('count per request: the next request prints again', async () => {
    const lines: string[] = [];
    await using vm = await IsolatedLuaVM.create({ worker, outputLimit: 1000, onPrint: (text) => lines.push(text) });
    await expect(vm.execute('while true do print("flood") end')).rejects.toSatisfy(OutputLimitError.isInstance);
    lines.length = 0;
    await vm.execute('print("after the flood")');
    expect(lines).toEqual(['after the flood']);
  });

  it('stop at the default limit of 1 MiB', async () => {
    let bytes = 0;
    await using vm = await IsolatedLuaVM.create({ worker, onPrint: (text) => (bytes += Buffer.byteLength(text) + 1) });
    const error = await vm.execute('local line = string.rep("z", 1023); while true do print(line) end').catch((e: unknown) => e);
    expect(OutputLimitError.isInstance(error)).toBe(true);
    expect((error as OutputLimitError).limit).toBe(1024 * 1024);
    expect(bytes).toBe(1024 * 1024);
  });

  it('deliver bytes that are not UTF-8 as U+FFFD', async () => {
    const lines: string[] = [];
    await using vm = await IsolatedLuaVM.create({ worker, onPrint: (text) => lines.push(text) });
    await vm.execute('print("ok\\255\\254end")');
    expect(lines).toEqual(['ok\ufffd\ufffdend']);
  });
});
