/**
 * The Brier score, the mean squared difference between predicted risk and 0/1 outcome, and
 * its scaled version relative to a model that predicts the prevalence for everyone.
 */
import { checkPredictions, compensatedSum } from "./calibration.ts";

export interface BrierScore {
  n: number;
  /** mean((p - y)^2); 0 is perfect, 0.25 is what p = 0.5 for everyone scores. */
  brierScore: number | null;
  /** Observed event rate, the risk the reference (non-informative) model predicts. */
  prevalence: number | null;
  /** 1 - Brier / (prevalence (1 - prevalence)): 1 is perfect, 0 is no better than prevalence. */
  scaledBrierScore: number | null;
  /** Why brierScore (no patients) or scaledBrierScore (one outcome class) is null. */
  notEstimableReason: string | null;
}

/**
 * Brier score and scaled Brier score. The Brier score is defined for any non-empty set,
 * including one outcome class only (every event predicted at 1 scores 0, a single event
 * predicted at 0.4 scores 0.36); the scaled score divides by prevalence (1 - prevalence) and is
 * not estimable (null with a reason) when all outcomes are 0 or all are 1.
 * References: Brier GW. Verification of forecasts expressed in terms of probability. Mon
 * Weather Rev 1950;78:1–3. Steyerberg EW et al. Assessing the performance of prediction
 * models. Epidemiology 2010;21:128–138. Agrees with the Brier entry of R's
 * `rms::val.prob` (`mean((p - y)^2)`) to 1e-12.
 *
 * @throws RangeError for probabilities that are NaN, infinite or outside [0, 1], outcomes
 *   other than 0/1, or unequal lengths.
 * @example brierScore([0.9, 0.8, 0.7], [1, 1, 1]).brierScore // (0.01 + 0.04 + 0.09) / 3
 */
export function brierScore(
  probabilities: ArrayLike<number>,
  outcomes: ArrayLike<number>,
): BrierScore {
  checkPredictions(probabilities, outcomes);
  const n = outcomes.length;
  if (n === 0) {
    const none = { brierScore: null, prevalence: null, scaledBrierScore: null };
    return { n, ...none, notEstimableReason: "there are no patients" };
  }
  const squaredErrors = Float64Array.from(probabilities, (p, i) => (p - outcomes[i]) ** 2);
  const brier = compensatedSum(squaredErrors) / n;
  const prevalence = compensatedSum(outcomes) / n;
  const oneClass = prevalence === 0 || prevalence === 1;
  return {
    n,
    brierScore: brier,
    prevalence,
    scaledBrierScore: oneClass ? null : 1 - brier / (prevalence * (1 - prevalence)),
    notEstimableReason: oneClass
      ? `the scaled Brier score needs both outcome classes, but all ${n} outcomes are ${prevalence}`
      : null,
  };
}
