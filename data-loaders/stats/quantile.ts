/**
 * Sample quantile, R's default definition (Hyndman & Fan 1996, type 7): for sorted values
 * x[1..n] and probability p, with index = 1 + (n - 1) p, lo = floor(index), hi = ceil(index)
 * and h = index - lo, the quantile is (1 - h) x[lo] + h x[hi].
 * Hyndman RJ, Fan Y. Sample quantiles in statistical packages. Am Stat 1996;50:361–365.
 * Agrees with R's `quantile(x, p, type = 7)`.
 *
 * @throws RangeError when `values` is empty, holds a non-finite value, or p is outside [0, 1].
 * @example quantileType7([1, 2, 3, 4], 0.5) // 2.5
 */
export function quantileType7(values: ArrayLike<number>, p: number): number {
  return quantilesType7(values, [p])[0];
}

/** Several type-7 quantiles of the same values, sorting once. */
export function quantilesType7(values: ArrayLike<number>, probabilities: readonly number[]): number[] {
  if (values.length === 0) throw new RangeError("quantile of an empty sample is not defined");
  const sorted = Float64Array.from(values as ArrayLike<number>);
  for (const v of sorted) {
    if (!Number.isFinite(v)) throw new RangeError(`quantile needs finite values, found ${v}`);
  }
  sorted.sort();
  return probabilities.map((p) => quantileOfSorted(sorted, p));
}

/** Type-7 quantile of values already sorted ascending. */
export function quantileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1], got ${p}`);
  const n = sorted.length;
  // Same arithmetic, in the same order, as R's quantile.default for type 7, so that cut points
  // (and therefore risk-group membership) are bit-identical to R's.
  const index = 1 + (n - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const low = sorted[lo - 1];
  const high = sorted[hi - 1];
  if (!(index > lo) || high === low) return low;
  const h = index - lo;
  return (1 - h) * low + h * high;
}
