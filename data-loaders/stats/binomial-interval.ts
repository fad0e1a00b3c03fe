/**
 * Confidence intervals for a binomial proportion x/n: Wilson's score interval and the exact
 * Clopper-Pearson interval. Both stay inside [0, 1] and keep a positive width at 0/n and n/n,
 * where the Wald interval collapses to a point.
 */
import betaQuantileModule from "@stdlib/stats-base-dists-beta-quantile";
import normalQuantileModule from "@stdlib/stats-base-dists-normal-quantile";

type Quantile = (p: number, first: number, second: number) => number;
const betaQuantile = betaQuantileModule as unknown as Quantile;
const normalQuantile = normalQuantileModule as unknown as Quantile;

/**
 * z of a two-sided 95% normal interval, qnorm(0.975) = 1.959963984540054, the correctly rounded
 * double that R uses. @stdlib's normal quantile returns the double just below it, which would
 * move the last digit of every 95% interval.
 */
export const Z_95 = 1.959963984540054;

/**
 * z of a two-sided normal interval at `level`: Φ⁻¹(1 - (1 - level)/2).
 *
 * @example twoSidedZ(0.95) // 1.959963984540054
 */
export function twoSidedZ(level: number): number {
  return level === 0.95 ? Z_95 : normalQuantile(1 - (1 - level) / 2, 0, 1);
}

/** Bounds of a proportion's interval; both null when n = 0 (no proportion is defined). */
export interface ProportionInterval {
  ciLower: number | null;
  ciUpper: number | null;
}

/**
 * Wilson score interval without continuity correction: with p = x/n and z = qnorm(1 - α/2),
 * centre = (p + z²/(2n)) / (1 + z²/n) and
 * half-width = z/(1 + z²/n) · sqrt(p(1-p)/n + z²/(4n²)).
 * The lower bound is exactly 0 when x = 0 and the upper exactly 1 when x = n.
 * Wilson EB. J Am Stat Assoc 1927;22:209–212. Agrees with R's
 * prop.test(x, n, conf.level = level, correct = FALSE)$conf.int. Hmisc::binconf(method = "wilson")
 * differs at x = 1 and x = n - 1, where it replaces a bound by -log(1 - level)/n or
 * 1 + log(1 - level)/n (for 2/3 its upper bound is 0.9829, ours 0.9385).
 *
 * @throws RangeError unless 0 <= x <= n are integers and 0 < level < 1.
 * @example wilsonInterval(0, 10) // { ciLower: 0, ciUpper: 0.2775327998628892 }
 */
export function wilsonInterval(x: number, n: number, level = 0.95): ProportionInterval {
  checkBinomial(x, n, level);
  if (n === 0) return { ciLower: null, ciUpper: null };
  const z = twoSidedZ(level);
  const p = x / n;
  const shrink = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / shrink;
  const half = (z / shrink) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return {
    ciLower: x === 0 ? 0 : Math.max(0, centre - half),
    ciUpper: x === n ? 1 : Math.min(1, centre + half),
  };
}

/**
 * Clopper-Pearson exact interval: the lower bound is the α/2 quantile of Beta(x, n - x + 1) and
 * the upper the 1 - α/2 quantile of Beta(x + 1, n - x); the lower bound is 0 when x = 0 and the
 * upper 1 when x = n.
 * Clopper CJ, Pearson ES. Biometrika 1934;26:404–413. Agrees with R's
 * binom.test(x, n, conf.level = level)$conf.int.
 *
 * @throws RangeError unless 0 <= x <= n are integers and 0 < level < 1.
 * @example clopperPearsonInterval(1, 1) // { ciLower: 0.025000000000000022, ciUpper: 1 }
 */
export function clopperPearsonInterval(x: number, n: number, level = 0.95): ProportionInterval {
  checkBinomial(x, n, level);
  if (n === 0) return { ciLower: null, ciUpper: null };
  const alpha = 1 - level;
  return {
    ciLower: x === 0 ? 0 : betaQuantile(alpha / 2, x, n - x + 1),
    ciUpper: x === n ? 1 : betaQuantile(1 - alpha / 2, x + 1, n - x),
  };
}

function checkBinomial(x: number, n: number, level: number): void {
  if (!Number.isInteger(x) || !Number.isInteger(n) || x < 0 || x > n) {
    throw new RangeError(
      `a binomial interval needs whole counts with 0 <= x <= n, got x = ${x}, n = ${n}. Fix: pass the number of successes and of trials`,
    );
  }
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`the confidence level must lie strictly between 0 and 1, got ${level}`);
  }
}
