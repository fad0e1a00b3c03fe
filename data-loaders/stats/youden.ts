/**
 * Youden's optimal thresholds on an empirical ROC curve.
 */
import type { RocCurve } from "./roc-curve.ts";

export interface YoudenPoint {
  threshold: number;
  sensitivity: number;
  specificity: number;
  /** Youden's J = sensitivity + specificity - 1. */
  youdenIndex: number;
}

/**
 * Every operating point of the curve that maximises sensitivity + specificity (Youden's J),
 * in curve order. Ties are all listed, compared exactly on the computed sum as pROC does, so
 * a plateau of equally good thresholds is shown rather than one picked arbitrarily. The
 * thresholds are the curve's (midpoints, so for s100b 0.20500000000000002 rather than 0.205),
 * with the curve's convention: for `"<"` positive when score >= threshold.
 * Youden WJ. Index for rating diagnostic tests. Cancer 1950;3:32–35.
 * Agrees with pROC::coords(roc, "best", best.method = "youden").
 *
 * @throws RangeError when the curve has no points or its arrays differ in length.
 * @example youdenPoints(rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], "<"))
 * // [{ threshold: 0.22499999999999998, sensitivity: 1, specificity: 0.5, youdenIndex: 0.5 },
 * //  { threshold: 0.6000000000000001, sensitivity: 0.5, specificity: 1, youdenIndex: 0.5 }]
 */
export function youdenPoints(curve: RocCurve): YoudenPoint[] {
  const { thresholds, sensitivity, specificity } = curve;
  const n = thresholds.length;
  if (n === 0 || sensitivity.length !== n || specificity.length !== n) {
    throw new RangeError(
      `an ROC curve needs equally long, non-empty threshold, sensitivity and specificity arrays (got ${n}, ${sensitivity.length}, ${specificity.length})`,
    );
  }
  let best = -Infinity;
  for (let i = 0; i < n; i++) best = Math.max(best, sensitivity[i] + specificity[i]);
  const points: YoudenPoint[] = [];
  for (let i = 0; i < n; i++) {
    if (sensitivity[i] + specificity[i] !== best) continue;
    points.push({
      threshold: thresholds[i],
      sensitivity: sensitivity[i],
      specificity: specificity[i],
      youdenIndex: sensitivity[i] + specificity[i] - 1,
    });
  }
  return points;
}
