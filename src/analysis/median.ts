/**
 * A median kept exact as num / den. With an even count the median is the mean of the two middle values,
 * which can be a half unit, so den is 2n then; with an odd count den is 1n.
 */
export interface ExactMedian {
  num: bigint;
  den: bigint;
}

function compareBigint(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts in place (numeric, not the default string order) and returns the array. */
export function sortBigints(values: bigint[]): bigint[] {
  return values.sort(compareBigint);
}

/** Median of values already sorted ascending; throws on an empty list because there is no reference then. */
export function exactMedianSorted(sorted: readonly bigint[]): ExactMedian {
  const n = sorted.length;
  if (n === 0) throw new RangeError('median of an empty list');
  const mid = n >> 1;
  if (n % 2 === 1) return { num: sorted[mid] as bigint, den: 1n };
  return { num: (sorted[mid - 1] as bigint) + (sorted[mid] as bigint), den: 2n };
}

export function exactMedian(values: readonly bigint[]): ExactMedian {
  return exactMedianSorted(sortBigints([...values]));
}

/** a − b as a number, exact subtraction in bigint first so that large epochs don't lose precision. */
export function medianDiff(a: ExactMedian, b: ExactMedian): number {
  return Number(a.num * b.den - b.num * a.den) / Number(a.den * b.den);
}

/** Median of plain numbers (copy, then sort). Used for small fixed-size buffers only. */
export function medianOfNumbers(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) throw new RangeError('median of an empty list');
  const s = [...values].sort((a, b) => a - b);
  const mid = n >> 1;
  return n % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}
