// Summaries of repeated measurements. The machine is shared: the median and the median
// absolute deviation ignore the rounds a neighbour disturbed, where a mean would not.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The median, and the median absolute deviation relative to it (0.02 is ±2 %). */
export function summarize(values) {
  const middle = median(values);
  return { median: middle, spread: median(values.map((value) => Math.abs(value - middle))) / middle, samples: values.length };
}
