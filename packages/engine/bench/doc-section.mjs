// Writes one `## ` section of a shared Markdown page, leaving every other
// section as it is: the page collects the results of several benchmarks.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * `text` with the section that starts at the line `heading` (a `## ` heading)
 * replaced by `heading` + `body`; the section ends at the next `## ` heading.
 * A page without that section gets it appended.
 */
export function replaceSection(text, heading, body) {
  const section = `${heading}\n\n${body.trim()}`;
  const lines = text.split('\n');
  const start = lines.findIndex((line) => line.trimEnd() === heading);
  if (start === -1) return `${[text.trimEnd(), section].filter(Boolean).join('\n\n')}\n`;
  const length = lines.slice(start + 1).findIndex((line) => line.startsWith('## '));
  const end = length === -1 ? lines.length : start + 1 + length;
  const before = lines.slice(0, start).join('\n').trimEnd();
  const after = lines.slice(end).join('\n').trimEnd();
  return `${[before, section, after].filter(Boolean).join('\n\n')}\n`;
}

/** Replaces (or adds) the section in the file at `path`, creating the page with `intro` if missing. */
export function writeSection(path, heading, body, intro) {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : `${intro.trim()}\n`;
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, replaceSection(text, heading, body));
  renameSync(temporary, path);
}
