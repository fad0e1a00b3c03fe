/**
 * Pointwise bootstrap confidence band of the ROC curve: sensitivity at fixed specificities.
 */
import { quantilesType7 } from "./quantile.ts";
import { type Direction } from "./roc-curve.ts";
import { resampleCounts, stratifiedSample } from "./auc-bootstrap.ts";

export interface RocBandOptions {
  /** Specificities in [0, 1] at which to read the curve; default 0, 0.05, …, 1. */
  specificities?: readonly number[];
  /** Number of bootstrap replicates; default 2000. */
  replicates?: number;
  /** Seed of the Mersenne Twister, an integer from 1 to 2^32 - 1. */
  seed: number;
}

export interface RocBandPoint {
  specificity: number;
  /** Sensitivity of the empirical curve at this specificity. */
  sensitivity: number;
  /** 2.5th and 97.5th type-7 percentiles of the replicate sensitivities. */
  ciLower: number;
  ciUpper: number;
}

export interface RocConfidenceBand {
  points: RocBandPoint[];
  replicates: number;
  seed: number;
}

const DEFAULT_SPECIFICITIES = Array.from({ length: 21 }, (_, k) => k / 20);

/**
 * Sensitivity at each fixed specificity with a stratified percentile bootstrap 95% CI, the
 * band pROC draws with ci.se(). The empirical curve joins its operating points by straight
 * lines; at a specificity shared by several points (a vertical step) the highest sensitivity
 * is taken, and between points the sensitivity is interpolated linearly. The curve is
 * therefore non-increasing in specificity, and so are both bounds. Direction `"<"`: cases have
 * higher scores. Replicates are drawn exactly as in `bootstrapAuc` (cases, then controls), so
 * one seed gives the same resamples in both. Points are returned in the order requested.
 * Agrees in method with pROC::ci.se(roc, specificities, boot.stratified = TRUE); pROC's own
 * interpolation rule and random numbers differ, so its bounds can differ slightly.
 *
 * @throws RangeError on NaN or infinite scores, outcomes other than 0/1, unequal lengths, an
 * unknown direction, a specificity outside [0, 1], or invalid replicates or seed.
 * @throws NotEstimableError when there are no cases or no controls.
 * @example rocConfidenceBand(s100b, poorOutcome, "<", { specificities: [0.9], seed: 1 }).points
 * // [{ specificity: 0.9, sensitivity: 0.3902439024390244, ciLower: 0.21951219512195122,
 * //    ciUpper: 0.6341463414634146 }] for aSAH
 */
export function rocConfidenceBand(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  direction: Direction,
  options: RocBandOptions,
): RocConfidenceBand {
  const specificities = options.specificities ?? DEFAULT_SPECIFICITIES;
  for (const s of specificities) {
    if (!(s >= 0 && s <= 1)) throw new RangeError(`specificities must lie in [0, 1], got ${s}`);
  }
  const sample = stratifiedSample(scores, outcomes, direction, options);
  const { random, replicates, levels } = sample;
  const order = specificities.map((_, i) => i).sort((a, b) => specificities[a] - specificities[b]);
  const sorted = order.map((i) => specificities[i]);

  // One row of sensitivities per requested specificity, one column per replicate.
  const draws = new Float64Array(sorted.length * replicates);
  const row = new Float64Array(sorted.length);
  for (let b = 0; b < replicates; b++) {
    resampleCounts(sample, random);
    sensitivityAtSpecificities(sample.caseCount, sample.controlCount, sorted, row);
    for (let s = 0; s < sorted.length; s++) draws[s * replicates + b] = row[s];
  }
  const estimate = new Float64Array(sorted.length);
  sensitivityAtSpecificities(levels.cases, levels.controls, sorted, estimate);

  const points: RocBandPoint[] = new Array(sorted.length);
  order.forEach((requested, s) => {
    const column = draws.subarray(s * replicates, (s + 1) * replicates);
    const [ciLower, ciUpper] = quantilesType7(column, [0.025, 0.975]);
    points[requested] = { specificity: sorted[s], sensitivity: estimate[s], ciLower, ciUpper };
  });
  return { points, replicates, seed: random.seed };
}

/**
 * Reads the empirical curve at ascending specificities. The curve's points, from the lowest
 * score level up, are (controlsBelow / n, casesAbove / m); `out[s]` receives the highest
 * sensitivity at exactly that specificity, or the linear interpolation between the two
 * neighbouring points.
 */
export function sensitivityAtSpecificities(
  caseCount: ArrayLike<number>,
  controlCount: ArrayLike<number>,
  ascending: ArrayLike<number>,
  out: Float64Array,
): void {
  let m = 0;
  let n = 0;
  for (let g = 0; g < caseCount.length; g++) {
    m += caseCount[g];
    n += controlCount[g];
  }
  // The walk starts at the point where everyone is called positive: (0, 1).
  let [previousSpecificity, previousSensitivity] = [0, 1];
  let [specificity, sensitivity] = [0, 1];
  let [g, controlsBelow, casesAbove] = [0, 0, m];
  for (let s = 0; s < ascending.length; s++) {
    const target = ascending[s];
    while (specificity < target) {
      controlsBelow += controlCount[g];
      casesAbove -= caseCount[g++];
      [previousSpecificity, previousSensitivity] = [specificity, sensitivity];
      [specificity, sensitivity] = [controlsBelow / n, casesAbove / m];
    }
    const slope = (sensitivity - previousSensitivity) / (specificity - previousSpecificity);
    out[s] =
      specificity === target
        ? sensitivity
        : previousSensitivity + slope * (target - previousSpecificity);
  }
}
