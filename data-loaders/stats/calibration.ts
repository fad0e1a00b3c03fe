/**
 * Calibration of predicted risks against observed 0/1 outcomes: calibration-in-the-large,
 * the calibration slope and the observed/expected ratio, plus the input checks shared by the
 * calibration modules.
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";
import {
  checkBinaryOutcomes,
  checkFinite,
  describePositions,
  logisticRegression,
} from "./logistic-regression.ts";

export interface CalibrationInTheLarge {
  /** Intercept a of logit P(y = 1) = a + logit(p): 0 when the average risk is right. */
  estimate: number | null;
  standardError: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  /** Wald z = estimate / standardError, testing a = 0. */
  z: number | null;
  pValue: number | null;
  notEstimableReason: string | null;
}

export interface CalibrationSlope {
  /** Intercept of logit P(y = 1) = a + b logit(p) (not calibration-in-the-large). */
  intercept: number | null;
  interceptStandardError: number | null;
  /** b: 1 when the spread of the risks is right, below 1 when they are too extreme. */
  slope: number | null;
  slopeStandardError: number | null;
  slopeCiLower: number | null;
  slopeCiUpper: number | null;
  /** Wald test of b = 1: z = (b - 1) / SE(b) and its two-sided p-value. */
  zSlopeEqualsOne: number | null;
  pValueSlopeEqualsOne: number | null;
  notEstimableReason: string | null;
}

export interface ObservedExpected {
  observedEvents: number;
  expectedEvents: number;
  n: number;
  observedRate: number | null;
  meanPredicted: number | null;
  /** O/E = observed events / sum of predicted risks. */
  ratioObservedOverExpected: number | null;
  notEstimableReason: string | null;
}

/** qnorm(0.975), the multiplier of every 95% Wald interval here. */
const Z95 = normalQuantile(0.975, 0, 1);

/**
 * Calibration-in-the-large: the intercept of a logistic model with logit(p) as offset, so
 * exp(estimate) is the factor by which the odds of the event are under-predicted.
 * Wald 95% CI estimate -/+ qnorm(0.975) SE; two-sided Wald p-value.
 * Reference: Van Calster B et al. A calibration hierarchy for risk models was defined: from
 * utopia to empirical data. J Clin Epidemiol 2016;74:167–176.
 * Agrees with R's `glm(y ~ 1 + offset(qlogis(p)), family = binomial)` to 1e-6.
 * Not estimable (null with a reason) with no patients or one outcome class only.
 *
 * @throws RangeError for probabilities that are NaN, infinite, outside [0, 1], or exactly 0
 *   or 1 (infinite logit), for outcomes other than 0/1, and for unequal lengths.
 * @example calibrationInTheLarge([0.2, 0.6, 0.4, 0.3], [0, 1, 0, 1]).estimate // 0.5646
 */
export function calibrationInTheLarge(
  probabilities: ArrayLike<number>,
  outcomes: ArrayLike<number>,
): CalibrationInTheLarge {
  const offset = logitOfProbabilities(probabilities, outcomes, "calibration-in-the-large");
  const fit = logisticRegression([], outcomes, { intercept: true, offset });
  if (fit.notEstimableReason !== null) {
    const none = { estimate: null, standardError: null, ciLower: null, ciUpper: null };
    return { ...none, z: null, pValue: null, notEstimableReason: fit.notEstimableReason };
  }
  const [estimate] = fit.coefficients;
  const [standardError] = fit.standardErrors;
  const z = estimate / standardError;
  return {
    estimate,
    standardError,
    ciLower: estimate - Z95 * standardError,
    ciUpper: estimate + Z95 * standardError,
    z,
    pValue: twoSidedNormalPValue(z),
    notEstimableReason: null,
  };
}

/**
 * Calibration slope: logistic recalibration logit P(y = 1) = a + b logit(p) with both a and b
 * free. Wald 95% CI for b, and a Wald test of b = 1.
 * Reference: Cox DR. Two further applications of a model for binary regression. Biometrika
 * 1958;45:562–565. Agrees with R's `glm(y ~ qlogis(p), family = binomial)` to 1e-6.
 * Not estimable (null with a reason) with no patients, one outcome class only, all risks tied
 * (the slope has nothing to vary over) or outcomes separated by the risk.
 *
 * @throws RangeError as calibrationInTheLarge.
 * @example calibrationSlope([0.2, 0.6, 0.4, 0.3], [0, 1, 0, 1]).slope // 1.9265
 */
export function calibrationSlope(
  probabilities: ArrayLike<number>,
  outcomes: ArrayLike<number>,
): CalibrationSlope {
  const logit = logitOfProbabilities(probabilities, outcomes, "the calibration slope");
  const fit = logisticRegression([logit], outcomes, { intercept: true });
  if (fit.notEstimableReason !== null) {
    const intercept = { intercept: null, interceptStandardError: null };
    const slope = { slope: null, slopeStandardError: null, slopeCiLower: null, slopeCiUpper: null };
    const test = { zSlopeEqualsOne: null, pValueSlopeEqualsOne: null };
    return { ...intercept, ...slope, ...test, notEstimableReason: fit.notEstimableReason };
  }
  const [intercept, slope] = fit.coefficients;
  const [interceptStandardError, slopeStandardError] = fit.standardErrors;
  const zSlopeEqualsOne = (slope - 1) / slopeStandardError;
  return {
    intercept,
    interceptStandardError,
    slope,
    slopeStandardError,
    slopeCiLower: slope - Z95 * slopeStandardError,
    slopeCiUpper: slope + Z95 * slopeStandardError,
    zSlopeEqualsOne,
    pValueSlopeEqualsOne: twoSidedNormalPValue(zSlopeEqualsOne),
    notEstimableReason: null,
  };
}

/**
 * Observed and expected numbers of events and their ratio O/E = sum(y) / sum(p): above 1 when
 * the model under-predicts. Sums are compensated, so they match R's extended-precision `sum`.
 * Agrees with R's `sum(y) / sum(p)` to 1e-12. Not estimable with no patients (and O/E with a
 * zero expected count).
 *
 * @throws RangeError for invalid probabilities or outcomes, as checkPredictions.
 * @example observedExpected([0.2, 0.6, 0.4, 0.3], [0, 1, 0, 1]).ratioObservedOverExpected
 *   // 2 / 1.5 = 1.3333
 */
export function observedExpected(
  probabilities: ArrayLike<number>,
  outcomes: ArrayLike<number>,
): ObservedExpected {
  checkPredictions(probabilities, outcomes);
  const n = outcomes.length;
  const observedEvents = compensatedSum(outcomes);
  const expectedEvents = compensatedSum(probabilities);
  const empty = n === 0;
  const reason = empty
    ? "there are no patients"
    : expectedEvents > 0
      ? null
      : "every predicted risk is 0, so no events are expected";
  return {
    observedEvents,
    expectedEvents,
    n,
    observedRate: empty ? null : observedEvents / n,
    meanPredicted: empty ? null : expectedEvents / n,
    ratioObservedOverExpected: expectedEvents > 0 ? observedEvents / expectedEvents : null,
    notEstimableReason: reason,
  };
}

/** 2 P(Z > |z|) for a standard normal Z. */
export function twoSidedNormalPValue(z: number): number {
  return 2 * normalCdf(-Math.abs(z), 0, 1);
}

/**
 * The shared precondition of the calibration methods: as many outcomes as risks, every risk a
 * finite number in [0, 1], every outcome 0 or 1.
 *
 * @throws RangeError giving the count and the first 1-based positions of offending values.
 */
export function checkPredictions(
  probabilities: ArrayLike<number>,
  outcomes: ArrayLike<number>,
): void {
  if (probabilities.length !== outcomes.length) {
    throw new RangeError(
      `there are ${probabilities.length} predicted probabilities but ${outcomes.length} outcomes; pass one outcome per prediction`,
    );
  }
  checkFinite(probabilities, "probabilities");
  const outside: number[] = [];
  for (let i = 0; i < probabilities.length; i++) {
    if (probabilities[i] < 0 || probabilities[i] > 1) outside.push(i + 1);
  }
  if (outside.length > 0) {
    throw new RangeError(
      `probabilities: ${describePositions(outside, "outside [0, 1]")}; the model must output probabilities, check that the final sigmoid is applied`,
    );
  }
  checkBinaryOutcomes(outcomes, "outcomes");
}

/**
 * qlogis(p) = log(p / (1 - p)) for every risk, after checkPredictions.
 *
 * @throws RangeError when a risk is exactly 0 or 1, whose logit is infinite.
 */
export function logitOfProbabilities(
  probabilities: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  method: string,
): Float64Array {
  checkPredictions(probabilities, outcomes);
  const extreme: number[] = [];
  for (let i = 0; i < probabilities.length; i++) {
    if (probabilities[i] === 0 || probabilities[i] === 1) extreme.push(i + 1);
  }
  if (extreme.length > 0) {
    throw new RangeError(
      `probabilities: ${describePositions(extreme, "exactly 0 or 1")}, whose logit is infinite, so ${method} cannot be fitted; report those risks with their full precision (no rounding to 0 or 1)`,
    );
  }
  return Float64Array.from(probabilities, (p) => Math.log(p / (1 - p)));
}

/**
 * Sum with Neumaier's running compensation, accurate to about one rounding whatever the
 * order (Neumaier A. ZAMM 1974;54:39–51); R's `sum` accumulates in extended precision.
 */
export function compensatedSum(values: ArrayLike<number>): number {
  let sum = 0;
  let compensation = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const t = sum + v;
    compensation += Math.abs(sum) >= Math.abs(v) ? sum - t + v : v - t + sum;
    sum = t;
  }
  return sum + compensation;
}
