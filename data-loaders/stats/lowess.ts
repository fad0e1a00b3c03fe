/**
 * Cleveland's robust locally weighted scatterplot smoother (LOWESS) as R's `stats::lowess`
 * computes it, and the linear interpolation R's `approx` applies to its output.
 */

export interface LowessOptions {
  /** Fraction of the points in each local neighbourhood (R's default 2/3). */
  f?: number;
  /** Robustness iterations after the first fit (R's default 3; val.prob uses 0). */
  iter?: number;
  /** Points within delta of the last fit are interpolated, not fitted (default 1% of range). */
  delta?: number;
}

export interface LowessCurve {
  /** The x values sorted ascending (ties kept in input order). */
  x: Float64Array;
  /** The smoothed value at each x. */
  y: Float64Array;
}

/**
 * Locally weighted linear regression of y on x. At each fitted point the neighbourhood is the
 * floor(f n + 1e-7) nearest points (at least 2), widened to take in every point tied with its
 * edge; weights are tricube in distance / (largest distance), 1 within 0.1% of it and 0 beyond
 * 99.9%; the local line is dropped for a weighted mean when the weighted spread of x is below
 * 0.1% of the x range. Points within `delta` of the last fitted x are filled in by linear
 * interpolation, and points tied in x share one fitted value. Each robustness iteration
 * refits with bisquare weights of residual / (6 median |residual|), and stops early once that
 * scale is below 1e-7 of the mean absolute residual (almost every point already fitted).
 * Reference: Cleveland WS. Robust locally weighted regression and smoothing scatterplots.
 * J Am Stat Assoc 1979;74:829–836. Agrees with R's `lowess(x, y, f, iter, delta)` to 1e-12.
 *
 * @throws RangeError when x or y holds NaN or an infinite value, their lengths differ, f is not
 *   positive, iter is not a non-negative integer, or delta is negative or not finite.
 * @example lowess([1, 2, 3], [1, 2, 6], { iter: 0 }).y // [1, 2, 6]: 2 points each, exact lines
 */
export function lowess(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: LowessOptions = {},
): LowessCurve {
  const { f = 2 / 3, iter = 3 } = options;
  checkSmootherInput(x, y, f, iter);
  const order = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const xs = Float64Array.from(order, (i) => x[i]);
  const ys = Float64Array.from(order, (i) => y[i]);
  const n = xs.length;
  const delta = options.delta ?? 0.01 * (n > 0 ? xs[n - 1] - xs[0] : 0);
  if (!(delta >= 0 && Number.isFinite(delta))) {
    throw new RangeError(`lowess: delta must be a finite number >= 0, got ${delta}`);
  }
  if (n < 2) return { x: xs, y: Float64Array.from(ys) };
  const span = Math.max(2, Math.min(n, Math.floor(f * n + 1e-7)));
  const fitted = new Float64Array(n);
  const robustness = new Float64Array(n).fill(1);
  for (let iteration = 0; iteration <= iter; iteration++) {
    smoothingPass(xs, ys, span, delta, iteration > 0 ? robustness : null, fitted);
    if (iteration === iter || !updateRobustnessWeights(ys, fitted, robustness)) break;
  }
  return { x: xs, y: fitted };
}

/** One pass over the sorted points, fitting every point that the delta rule does not skip. */
function smoothingPass(
  x: Float64Array,
  y: Float64Array,
  span: number,
  delta: number,
  robustness: Float64Array | null,
  fitted: Float64Array,
): void {
  const n = x.length;
  const weights = new Float64Array(n);
  let left = 0;
  let right = span - 1;
  let last = -1;
  let i = 0;
  for (;;) {
    // Slide the window right while that brings it closer to x[i] on balance.
    while (right < n - 1 && x[i] - x[left] > x[right + 1] - x[i]) {
      left++;
      right++;
    }
    fitted[i] = localFit(x, y, i, left, right, robustness, weights) ?? y[i];
    for (let j = last + 1; j < i; j++) {
      const alpha = (x[j] - x[last]) / (x[i] - x[last]);
      fitted[j] = alpha * fitted[i] + (1 - alpha) * fitted[last];
    }
    last = i;
    const cut = x[last] + delta;
    for (i = last + 1; i < n && x[i] <= cut; i++) {
      if (x[i] === x[last]) {
        fitted[i] = fitted[last];
        last = i;
      }
    }
    // Next fitted point: the farthest one within delta, or the next one at least.
    i = Math.max(last + 1, i - 1);
    if (last >= n - 1) return;
  }
}

/**
 * Weighted local line at x[i] over points left..right (plus any tied beyond right), or null
 * when every weight is zero. Symbols: h is the neighbourhood radius, w the normalised weights,
 * m = sum w x the weighted mean of x, s = sum w (x - m)^2 the weighted spread.
 */
function localFit(
  x: Float64Array,
  y: Float64Array,
  i: number,
  left: number,
  right: number,
  robustness: Float64Array | null,
  w: Float64Array,
): number | null {
  const n = x.length;
  const at = x[i];
  const h = Math.max(at - x[left], x[right] - at);
  const outer = 0.999 * h;
  const inner = 0.001 * h;
  let total = 0;
  let j = left;
  for (; j < n; j++) {
    w[j] = 0;
    const r = Math.abs(x[j] - at);
    if (r <= outer) {
      const q = r / h;
      const t = 1 - q * q * q;
      w[j] = r <= inner ? 1 : t * t * t;
      if (robustness !== null) w[j] *= robustness[j];
      total += w[j];
    } else if (x[j] > at) break;
  }
  const end = j;
  if (!(total > 0)) return null;
  for (let k = left; k < end; k++) w[k] /= total;
  if (h > 0) tiltWeightsToLine(x, at, left, end, w);
  let value = 0;
  for (let k = left; k < end; k++) value += w[k] * y[k];
  return value;
}

/** Turns the mean weights into those of the weighted least-squares line evaluated at `at`. */
function tiltWeightsToLine(
  x: Float64Array,
  at: number,
  left: number,
  end: number,
  w: Float64Array,
): void {
  let m = 0;
  for (let k = left; k < end; k++) m += w[k] * x[k];
  let s = 0;
  for (let k = left; k < end; k++) s += w[k] * (x[k] - m) * (x[k] - m);
  // Too little spread in x for a slope: keep the weighted mean.
  if (!(Math.sqrt(s) > 0.001 * (x[x.length - 1] - x[0]))) return;
  const b = (at - m) / s;
  for (let k = left; k < end; k++) w[k] *= b * (x[k] - m) + 1;
}

/**
 * Bisquare weights (1 - (r / 6M)^2)^2 with M the median absolute residual (1 below 0.1% of
 * 6M, 0 beyond 99.9%). Returns false, leaving the weights alone, when 6M is below 1e-7 of the
 * mean absolute residual: the residuals are then effectively zero and iterating changes nothing.
 */
function updateRobustnessWeights(
  y: Float64Array,
  fitted: Float64Array,
  robustness: Float64Array,
): boolean {
  const n = y.length;
  const absolute = Float64Array.from(y, (v, i) => Math.abs(v - fitted[i]));
  const meanAbsolute = absolute.reduce((a, b) => a + b, 0) / n;
  const sorted = Float64Array.from(absolute).sort();
  const half = Math.floor(n / 2);
  const scale = n % 2 === 0 ? 3 * (sorted[half] + sorted[half - 1]) : 6 * sorted[half];
  if (scale < 1e-7 * meanAbsolute) return false;
  for (let i = 0; i < n; i++) {
    const r = absolute[i];
    const u = r / scale;
    const t = 1 - u * u;
    robustness[i] = r <= 0.001 * scale ? 1 : r <= 0.999 * scale ? t * t : 0;
  }
  return true;
}

/**
 * Linear interpolation of a curve at new x values, as R's `approx(x, y, xout, ties = mean)`
 * with rule = 1: y values at tied x are first averaged; x outside the curve's range gives null.
 *
 * @throws RangeError when the curve or xout holds NaN or infinite values, or x and y differ in
 *   length.
 * @example interpolateLinear([0, 1, 1, 2], [0, 1, 3, 4], [0.5, 1, 3]) // [1, 2, null]
 */
export function interpolateLinear(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  xout: ArrayLike<number>,
): (number | null)[] {
  checkSmootherInput(x, y, 1, 0);
  checkFiniteValues(xout, "xout");
  const [ux, uy] = averageTies(x, y);
  return Array.from(xout, (v) => interpolateAt(ux, uy, v));
}

function interpolateAt(x: number[], y: number[], v: number): number | null {
  const last = x.length - 1;
  if (last < 0 || v < x[0] || v > x[last]) return null;
  let i = 0;
  let j = last;
  while (i < j - 1) {
    const middle = (i + j) >> 1;
    if (v < x[middle]) j = middle;
    else i = middle;
  }
  if (v === x[j]) return y[j];
  if (v === x[i]) return y[i];
  return y[i] + (y[j] - y[i]) * ((v - x[i]) / (x[j] - x[i]));
}

/** Sorted distinct x with the mean y at each. */
function averageTies(x: ArrayLike<number>, y: ArrayLike<number>): [number[], number[]] {
  const order = Array.from({ length: x.length }, (_, i) => i).sort((a, b) => x[a] - x[b]);
  const ux: number[] = [];
  const uy: number[] = [];
  for (let start = 0; start < order.length; ) {
    let end = start;
    let sum = 0;
    while (end < order.length && x[order[end]] === x[order[start]]) sum += y[order[end++]];
    ux.push(x[order[start]]);
    uy.push(sum / (end - start));
    start = end;
  }
  return [ux, uy];
}

/**
 * `count` equally spaced values from `from` to `to`, both ends exact, as R's
 * `seq(from, to, length.out = count)`: from + k (to - from) / (count - 1).
 *
 * @throws RangeError unless count is a positive integer and both ends are finite.
 * @example evenlySpaced(0, 1, 5) // [0, 0.25, 0.5, 0.75, 1]
 */
export function evenlySpaced(from: number, to: number, count: number): number[] {
  if (!Number.isInteger(count) || count < 1 || !Number.isFinite(from) || !Number.isFinite(to)) {
    throw new RangeError(`evenlySpaced needs finite ends and a positive integer count, got ${from}, ${to}, ${count}`);
  }
  if (count === 1) return [from];
  const by = (to - from) / (count - 1);
  return Array.from({ length: count }, (_, k) => (k === count - 1 ? to : from + k * by));
}

function checkSmootherInput(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  f: number,
  iter: number,
): void {
  if (x.length !== y.length) {
    throw new RangeError(`lowess: x has ${x.length} values but y has ${y.length}; pass pairs of equal length`);
  }
  checkFiniteValues(x, "x");
  checkFiniteValues(y, "y");
  if (!(f > 0 && Number.isFinite(f))) {
    throw new RangeError(`lowess: the span f must be a positive number, got ${f}`);
  }
  if (!Number.isInteger(iter) || iter < 0) {
    throw new RangeError(`lowess: iter must be a whole number of robustness iterations >= 0, got ${iter}`);
  }
}

function checkFiniteValues(values: ArrayLike<number>, name: string): void {
  const bad: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) bad.push(i + 1);
  if (bad.length > 0) {
    const one = bad.length === 1;
    const shown = `position${one ? "" : "s"} ${bad.slice(0, 5).join(", ")}${bad.length > 5 ? ", …" : ""}`;
    throw new RangeError(
      `lowess: ${name} has ${bad.length} NaN or infinite value${one ? "" : "s"} (${shown}); a smoother cannot order or average them, remove those points first`,
    );
  }
}
