import { describe, expect, it } from 'vitest';
import { median, summarize } from './stats.mjs';

describe('median', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses an empty list', () => {
    expect(() => median([])).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('gives the spread as the median absolute deviation relative to the median, ignoring one outlier', () => {
    expect(summarize([100, 101, 99, 100, 400])).toEqual({ median: 100, spread: 0.01, samples: 5 });
  });
});
