/**
 * Risk groups from a prognostic score: quantile groups (tertiles by default) or a single
 * threshold. Both only label patients; the survival methods take the labels and a level order.
 */
import { quantilesType7 } from "./quantile.ts";

export interface RiskGroups {
  /** Score values separating the groups, in increasing order. */
  cutPoints: number[];
  /** The group label of each patient, in input order. */
  groups: string[];
  /** Patients per label, in label order. */
  counts: { label: string; count: number }[];
}

/**
 * Groups patients by sample quantiles of their score, cutting right-closed: with cut points
 * q1 < q2 the groups are score <= q1, q1 < score <= q2 and score > q2 (R's
 * `cut(score, c(-Inf, q, Inf), right = TRUE)`). Cut points are R's type-7 quantiles
 * (Hyndman RJ, Fan Y. Am Stat 1996;50:361–365), bit-identical to `quantile(score, p, type = 7)`.
 * Tied scores always share a group, so groups may be unequal in size.
 *
 * @throws RangeError when the score is empty or not finite, the probabilities are not strictly
 *   increasing inside (0, 1), or there is not one more label than probabilities.
 * @example quantileRiskGroups([1, 2, 3, 4, 5, 6]).groups
 * // ["Low", "Low", "Intermediate", "Intermediate", "High", "High"] (cut points 2.667, 4.333)
 */
export function quantileRiskGroups(
  score: ArrayLike<number>,
  probabilities: readonly number[] = [1 / 3, 2 / 3],
  labels: readonly string[] = ["Low", "Intermediate", "High"],
): RiskGroups {
  probabilities.forEach((p, k) => {
    if (!(p > 0 && p < 1) || (k > 0 && !(p > probabilities[k - 1]))) {
      throw new RangeError(
        `risk-group probabilities must increase strictly inside (0, 1), got [${probabilities.join(", ")}]`,
      );
    }
  });
  checkLabels(labels, probabilities.length + 1);
  const cutPoints = quantilesType7(score, probabilities);
  return groupByCuts(score, cutPoints, labels);
}

/**
 * Two risk groups at a fixed threshold: "positive when score >= threshold", so a score equal to
 * the threshold is in the high-risk group (the second label).
 *
 * @throws RangeError when a score or the threshold is not finite, or there are not two labels.
 * @example thresholdRiskGroups([0.1, 0.5, 0.9], 0.5).groups // ["Low", "High", "High"]
 */
export function thresholdRiskGroups(
  score: ArrayLike<number>,
  threshold: number,
  labels: readonly string[] = ["Low", "High"],
): RiskGroups {
  if (!Number.isFinite(threshold)) {
    throw new RangeError(`risk threshold must be finite, got ${threshold}`);
  }
  checkLabels(labels, 2);
  checkFinite(score);
  const groups = Array.from(score, (s) => (s >= threshold ? labels[1] : labels[0]));
  return { cutPoints: [threshold], groups, counts: countLabels(groups, labels) };
}

function groupByCuts(
  score: ArrayLike<number>,
  cutPoints: readonly number[],
  labels: readonly string[],
): RiskGroups {
  checkFinite(score);
  const groups = Array.from(score, (s) => {
    let k = 0;
    while (k < cutPoints.length && s > cutPoints[k]) k++;
    return labels[k];
  });
  return { cutPoints: [...cutPoints], groups, counts: countLabels(groups, labels) };
}

function countLabels(
  groups: readonly string[],
  labels: readonly string[],
): { label: string; count: number }[] {
  return labels.map((label) => ({ label, count: groups.filter((g) => g === label).length }));
}

function checkLabels(labels: readonly string[], expected: number): void {
  if (labels.length !== expected || new Set(labels).size !== labels.length) {
    throw new RangeError(
      `expected ${expected} distinct risk-group labels, got [${labels.join(", ")}]`,
    );
  }
}

function checkFinite(score: ArrayLike<number>): void {
  for (let i = 0; i < score.length; i++) {
    if (!Number.isFinite(score[i])) {
      throw new RangeError(
        `risk score must be finite; row ${i + 1} has ${score[i]}. Fix or exclude that patient's score`,
      );
    }
  }
}
