// Summary statistics for repeated measurements. The machine is shared, so a
// few rounds are always disturbed: the median and the median absolute
// deviation ignore those outliers where a mean and standard deviation would not.

/** The median of a non-empty list of numbers. */
export function median(values) {
  if (values.length === 0) throw new RangeError('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * The median and the spread of a list of measurements; the spread is the
 * median absolute deviation relative to the median (0.02 is ±2 %).
 */
export function summarize(values) {
  const middle = median(values);
  const deviation = median(values.map((value) => Math.abs(value - middle)));
  return { median: middle, spread: middle === 0 ? 0 : deviation / middle, samples: values.length };
}
