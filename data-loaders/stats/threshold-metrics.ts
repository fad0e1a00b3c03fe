/**
 * The 2×2 table of a score dichotomised at one threshold, and the proportions read from it.
 */
import {
  clopperPearsonInterval,
  wilsonInterval,
  type ProportionInterval,
} from "./binomial-interval.ts";
import { checkScoresAndOutcomes } from "./complete-cases.ts";
import { checkDirection, type Direction } from "./roc-curve.ts";

/** A proportion numerator/denominator with its Wilson and Clopper-Pearson 95% intervals. */
export interface Proportion {
  /** numerator / denominator; null when the denominator is 0. */
  estimate: number | null;
  numerator: number;
  denominator: number;
  wilson: ProportionInterval;
  clopperPearson: ProportionInterval;
  /** Why the estimate is null, or null when it is defined. */
  notEstimableReason: string | null;
}

export interface ThresholdMetrics {
  threshold: number;
  direction: Direction;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  n: number;
  /** tp / (tp + fn). */
  sensitivity: Proportion;
  /** tn / (tn + fp). */
  specificity: Proportion;
  /** tp / (tp + fp). */
  positivePredictiveValue: Proportion;
  /** tn / (tn + fn). */
  negativePredictiveValue: Proportion;
  /** (tp + tn) / n. */
  accuracy: Proportion;
}

/**
 * Sensitivity, specificity, predictive values and accuracy at a fixed threshold, each with a
 * Wilson score and a Clopper-Pearson exact 95% interval. Outcome 1 is a case. With direction
 * `"<"` a subject is called positive when score >= threshold (a score equal to the threshold is
 * positive, as in pROC); with `">"` when score <= threshold. Scores are compared as the float64
 * values given: a float32 model output 0.7 is Math.fround(0.7) = 0.699999988…, which is below a
 * threshold of 0.7 and therefore negative. Round scores before calling if another rule is wanted.
 * A proportion whose denominator is 0 (no cases, nobody called positive, …) has a null estimate
 * and interval and says why.
 * Agrees with pROC::coords(roc, x = threshold, input = "threshold") for the counts, and with
 * binom.test() and prop.test(correct = FALSE) for the intervals.
 *
 * @throws RangeError on NaN or infinite scores, a NaN threshold, outcomes other than 0/1,
 * unequal lengths, or an unknown direction.
 * @example thresholdMetrics([0.2, 0.3, 0.3, 0.9], [0, 0, 1, 1], 0.3, "<")
 * // tp 2, fp 1, tn 1, fn 0; sensitivity.estimate 1, specificity.estimate 0.5
 */
export function thresholdMetrics(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  threshold: number,
  direction: Direction,
): ThresholdMetrics {
  checkDirection(direction);
  checkScoresAndOutcomes(scores, outcomes);
  if (Number.isNaN(threshold)) {
    throw new RangeError(
      "the threshold is NaN. Fix: pass a number (±Infinity calls everyone negative or positive)",
    );
  }
  const counts = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const positive = direction === "<" ? scores[i] >= threshold : scores[i] <= threshold;
    if (outcomes[i] === 1) {
      if (positive) counts.tp++;
      else counts.fn++;
    } else if (positive) counts.fp++;
    else counts.tn++;
  }
  const { tp, fp, tn, fn } = counts;
  const n = scores.length;
  return {
    threshold,
    direction,
    ...counts,
    n,
    sensitivity: proportion(tp, tp + fn, "no cases (outcome 1)"),
    specificity: proportion(tn, tn + fp, "no non-events (outcome 0)"),
    positivePredictiveValue: proportion(tp, tp + fp, "nobody is called positive at this threshold"),
    negativePredictiveValue: proportion(tn, tn + fn, "nobody is called negative at this threshold"),
    accuracy: proportion(tp + tn, n, "no patients"),
  };
}

/**
 * A proportion with both 95% intervals; `emptyReason` explains a zero denominator.
 *
 * @example proportion(2, 3, "no cases").estimate // 0.6666666666666666
 */
export function proportion(
  numerator: number,
  denominator: number,
  emptyReason: string,
): Proportion {
  return {
    estimate: denominator === 0 ? null : numerator / denominator,
    numerator,
    denominator,
    wilson: wilsonInterval(numerator, denominator),
    clopperPearson: clopperPearsonInterval(numerator, denominator),
    notEstimableReason: denominator === 0 ? emptyReason : null,
  };
}
