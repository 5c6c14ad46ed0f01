import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { HISTORY_SIZE, HistoryFile, MAX_SAVED_LINE, formatHistory, historyPath, parseHistory } from './history.js';

describe('historyPath', () => {
  it('is ~/.luaward_repl_history unless LUAWARD_REPL_HISTORY names a file; empty turns it off', () => {
    expect(historyPath({})).toBe(join(homedir(), '.luaward_repl_history'));
    expect(historyPath({ LUAWARD_REPL_HISTORY: '/tmp/h' })).toBe('/tmp/h');
    expect(historyPath({ LUAWARD_REPL_HISTORY: '' })).toBeUndefined();
    expect(historyPath({ LUAWARD_REPL_HISTORY: '  ' })).toBeUndefined();
  });
});

describe('parseHistory and formatHistory', () => {
  it('keep the file oldest first and readline newest first', () => {
    expect(parseHistory('a\nb\nc\n')).toEqual(['c', 'b', 'a']);
    expect(formatHistory(['c', 'b', 'a'])).toBe('a\nb\nc\n');
    expect(formatHistory([])).toBe('');
  });

  it('keep the newest lines only, skip blank ones and lines too long to save', () => {
    const lines = Array.from({ length: HISTORY_SIZE + 5 }, (_, i) => `line ${i}`);
    const parsed = parseHistory(`${lines.join('\n')}\n\n   \n`);
    expect(parsed).toHaveLength(HISTORY_SIZE);
    expect(parsed[0]).toBe(`line ${HISTORY_SIZE + 4}`);
    expect(parsed.at(-1)).toBe('line 5');
    const long = 'x'.repeat(MAX_SAVED_LINE + 1);
    expect(parseHistory(`a\n${long}\nb`)).toEqual(['b', 'a']);
    expect(formatHistory(['b', long, 'a'])).toBe('a\nb\n');
    expect(formatHistory(Array.from({ length: HISTORY_SIZE + 5 }, (_, i) => `${i}`)).split('\n')).toHaveLength(HISTORY_SIZE + 1);
  });
});

describe('HistoryFile', () => {
  let dir: string;
  let warnings: string[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'luaward-history-'));
    warnings = [];
  });

  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads nothing from a file that does not exist yet, then saves it for its owner only, leaving no temporary file', () => {
    const history = new HistoryFile(join(dir, 'h'), (message) => warnings.push(message));
    expect(history.load()).toEqual([]);
    history.save(['second', 'first']);
    history.save(['third', 'second', 'first']);
    expect(readFileSync(join(dir, 'h'), 'utf8')).toBe('first\nsecond\nthird\n');
    expect(statSync(join(dir, 'h')).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['h']);
    expect(new HistoryFile(join(dir, 'h'), () => {}).load()).toEqual(['third', 'second', 'first']);
    expect(warnings).toEqual([]);
  });

  it('says once when it cannot save, and stops trying', () => {
    const path = join(dir, 'missing', 'h');
    const history = new HistoryFile(path, (message) => warnings.push(message));
    history.save(['a']);
    history.save(['b', 'a']);
    expect(warnings).toEqual([`cannot save the history to ${path}: no such directory (this session's lines are not saved)`]);
  });

  it('never overwrites a file it cannot read', () => {
    mkdirSync(join(dir, 'h'));
    const history = new HistoryFile(join(dir, 'h'), (message) => warnings.push(message));
    expect(history.load()).toEqual([]);
    history.save(['a']);
    expect(statSync(join(dir, 'h')).isDirectory()).toBe(true);
    expect(warnings).toEqual([`cannot read the history file ${join(dir, 'h')}: it is a directory (this session's lines are not saved)`]);
  });

  it('replaces the file whole: a reader sees the old or the new history, never part of one', () => {
    const path = join(dir, 'h');
    writeFileSync(path, 'old\n');
    const history = new HistoryFile(path, (message) => warnings.push(message));
    const before = statSync(path).ino;
    history.save(['new', 'old']);
    expect(statSync(path).ino).not.toBe(before);
    expect(readFileSync(path, 'utf8')).toBe('old\nnew\n');
  });
});
