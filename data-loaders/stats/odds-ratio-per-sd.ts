/**
 * The odds ratio for the outcome per standard deviation of the model's linear predictor: a
 * scale-free measure of how strongly the score separates risk within a (sub)group.
 */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import { compensatedSum, twoSidedNormalPValue } from "./calibration.ts";
import { checkBinaryOutcomes, checkFinite, logisticRegression } from "./logistic-regression.ts";

export interface OddsRatioPerStandardDeviation {
  n: number;
  events: number;
  /** The standard deviation the linear predictor was divided by. */
  standardDeviation: number;
  /** Slope b of logit P(y = 1) = a + b lp / standardDeviation. */
  logOddsRatio: number | null;
  standardError: number | null;
  /** exp(b), with the Wald 95% interval exp(b -/+ qnorm(0.975) SE). */
  oddsRatio: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  /** Wald z = b / SE and its two-sided p-value. */
  z: number | null;
  pValue: number | null;
  notEstimableReason: string | null;
}

const Z95 = normalQuantile(0.975, 0, 1);

/**
 * Odds ratio per `standardDeviation` of the linear predictor, from the logistic regression
 * y ~ lp / standardDeviation fitted in the given patients (a subgroup, say), with a Wald 95% CI
 * and Wald p-value. Pass the SD of the whole validation set to compare subgroups on one scale,
 * or the subgroup's own SD for a per-subgroup-SD odds ratio.
 * Reference: Pepe MS et al. Limitations of the odds ratio in gauging the performance of a
 * diagnostic, prognostic, or screening marker. Am J Epidemiol 2004;159:882–890.
 * Fitted to a relative deviance change below `epsilon` = 1e-14 rather than glm's 1e-8, so the
 * standard error is the one at the estimate (glm's comes from the weights one step earlier and
 * moves in the 6th digit with its stopping point); the subgroup reference values in
 * test/golden/reference/subgroups.json agree with this to 1e-12.
 * Agrees with R's `glm(y ~ I(lp / sd), family = binomial, epsilon = 1e-14)`: exp(coef) and
 * `exp(confint.default())`, to 1e-6 at R's default epsilon and to 1e-12 at 1e-14.
 * Not estimable (null with a reason): no patients, one outcome class only, all lp tied, or
 * outcomes separated by lp.
 *
 * @throws RangeError when lp holds NaN or infinite values, an outcome is not 0/1, the lengths
 *   differ, or standardDeviation is not a finite positive number.
 * @example oddsRatioPerStandardDeviation([1, 2, 3, 4], [0, 1, 0, 1], 1).oddsRatio // 2.4798
 */
export function oddsRatioPerStandardDeviation(
  lp: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  standardDeviation: number,
  { epsilon = 1e-14 }: { epsilon?: number } = {},
): OddsRatioPerStandardDeviation {
  checkInput(lp, outcomes, standardDeviation);
  const n = outcomes.length;
  const events = compensatedSum(outcomes);
  const scaled = Float64Array.from(lp, (v) => v / standardDeviation);
  const fit = n === 0 ? null : logisticRegression([scaled], outcomes, { intercept: true, epsilon });
  if (fit === null || fit.notEstimableReason !== null) {
    const reason = fit === null ? "there are no patients in this group" : fit.notEstimableReason;
    const estimate = { logOddsRatio: null, standardError: null, oddsRatio: null };
    const interval = { ciLower: null, ciUpper: null, z: null, pValue: null };
    return { n, events, standardDeviation, ...estimate, ...interval, notEstimableReason: reason };
  }
  const logOddsRatio = fit.coefficients[1];
  const standardError = fit.standardErrors[1];
  const z = logOddsRatio / standardError;
  return {
    n,
    events,
    standardDeviation,
    logOddsRatio,
    standardError,
    oddsRatio: Math.exp(logOddsRatio),
    ciLower: Math.exp(logOddsRatio - Z95 * standardError),
    ciUpper: Math.exp(logOddsRatio + Z95 * standardError),
    z,
    pValue: twoSidedNormalPValue(z),
    notEstimableReason: null,
  };
}

/**
 * Sample standard deviation with the n - 1 denominator (R's `sd`), by two passes with
 * compensated sums; null for fewer than two values.
 *
 * @throws RangeError when a value is NaN or infinite.
 * @example sampleStandardDeviation([1, 2, 3, 4]) // 1.2910 = sqrt(5 / 3)
 */
export function sampleStandardDeviation(values: ArrayLike<number>): number | null {
  checkFinite(values, "values");
  const n = values.length;
  if (n < 2) return null;
  const mean = compensatedSum(values) / n;
  const squares = Float64Array.from(values, (v) => (v - mean) * (v - mean));
  return Math.sqrt(compensatedSum(squares) / (n - 1));
}

function checkInput(
  lp: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  standardDeviation: number,
): void {
  if (lp.length !== outcomes.length) {
    throw new RangeError(`there are ${lp.length} linear predictor values but ${outcomes.length} outcomes; pass one outcome per patient`);
  }
  checkFinite(lp, "lp");
  checkBinaryOutcomes(outcomes, "outcomes");
  if (!(standardDeviation > 0 && Number.isFinite(standardDeviation))) {
    throw new RangeError(
      `the standard deviation to scale lp by must be a finite positive number, got ${standardDeviation}; a group with fewer than two patients or identical lp has no SD`,
    );
  }
}
