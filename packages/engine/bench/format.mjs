// Number and table formatting shared by the console output and the results page.

/** Milliseconds with three significant figures at most ("45.2"). */
export const ms = (value) => (value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2));

/** Nanoseconds, whole ("312"). */
export const ns = (value) => Math.round(value).toLocaleString('en-US');

export const ratio = (value) => `${value.toFixed(2)}×`;

export const spread = (value) => `±${(value * 100).toFixed(1)} %`;

/**
 * A Markdown table whose columns are padded to equal width, so it reads as a
 * plain table in a terminal too. `align` holds 'l' or 'r' per column.
 */
export function table(headers, rows, align) {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => row[column].length)));
  const pad = (cell, column) => (align[column] === 'r' ? cell.padStart(widths[column]) : cell.padEnd(widths[column]));
  const line = (cells) => `| ${cells.map(pad).join(' | ')} |`;
  const rule = `| ${widths.map((width, column) => (align[column] === 'r' ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width))).join(' | ')} |`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}
