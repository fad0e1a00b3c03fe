/**
 * The empirical receiver operating characteristic (ROC) curve, built the way pROC builds it, and
 * the grouping of tied scores that the other discrimination statistics share.
 */
import { NotEstimableError } from "../errors.ts";
import { checkScoresAndOutcomes } from "./complete-cases.ts";

/**
 * Which way the score points. `"<"`: cases (outcome 1) have higher scores, and a subject is
 * called positive when score >= threshold. `">"`: the mirror, cases have lower scores and a
 * subject is called positive when score <= threshold. Always chosen by the caller, never guessed
 * from the data (pROC's `direction = "auto"` would flip a worse-than-chance model to look good).
 */
export type Direction = "<" | ">";

/** One ROC curve: three arrays of equal length, one entry per threshold. */
export interface RocCurve {
  /** -Infinity, midpoints of adjacent distinct scores, +Infinity (reversed for `">"`). */
  thresholds: Float64Array;
  sensitivity: Float64Array;
  specificity: Float64Array;
  direction: Direction;
  nCases: number;
  nControls: number;
}

/**
 * Empirical ROC curve. With the distinct scores u1 < … < uk, the thresholds are -Infinity, the
 * floating-point midpoints (u_i + u_{i+1}) / 2 and +Infinity, so k + 1 operating points run from
 * (specificity 0, sensitivity 1) to (1, 0) and no threshold is an invented "max + 1". For `"<"`
 * a subject is positive when score >= threshold and the thresholds ascend; for `">"` a subject
 * is positive when score <= threshold and the thresholds descend. Either way sensitivity falls
 * from 1 to 0 along the arrays. Sensitivity and specificity at a midpoint are counted by
 * position among the sorted distinct scores, so a midpoint that rounds onto a neighbouring
 * score still separates the two.
 * Agrees with pROC::roc(y, x, levels = c(0, 1), direction)$thresholds, $sensitivities and
 * $specificities (Robin X et al. BMC Bioinformatics 2011;12:77).
 *
 * @throws RangeError on NaN or infinite scores, outcomes other than 0/1, unequal lengths, or an
 * unknown direction.
 * @throws NotEstimableError when there are no cases or no controls.
 * @example rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], "<")
 * // thresholds [-Infinity, 0.22499999999999998, 0.375, 0.6000000000000001, Infinity],
 * // sensitivity [1, 1, 0.5, 0.5, 0],
 * // specificity [0, 0.5, 0.5, 1, 1]
 */
export function rocCurve(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  direction: Direction,
): RocCurve {
  checkDirection(direction);
  const { nCases, nControls } = checkScoresAndOutcomes(scores, outcomes);
  requireBothClasses(nCases, nControls, "an ROC curve");
  const levels = scoreLevels(scores, outcomes, direction);
  const k = levels.values.length;
  const curve = {
    thresholds: new Float64Array(k + 1),
    sensitivity: new Float64Array(k + 1),
    specificity: new Float64Array(k + 1),
  };

  // Walk up the oriented scores: at point j the levels j..k-1 are called positive.
  let casesAbove = nCases;
  let controlsBelow = 0;
  for (let j = 0; j <= k; j++) {
    curve.thresholds[j] = j === 0 ? -Infinity : j === k ? Infinity : midpoint(levels.values, j);
    curve.sensitivity[j] = casesAbove / nCases;
    curve.specificity[j] = controlsBelow / nControls;
    if (j < k) {
      casesAbove -= levels.cases[j];
      controlsBelow += levels.controls[j];
    }
  }

  // Oriented scores are negated for ">", and negation is exact, so the midpoints map back exactly.
  if (direction === ">") for (let j = 0; j <= k; j++) curve.thresholds[j] = -curve.thresholds[j];
  return { ...curve, direction, nCases, nControls };
}

function midpoint(values: Float64Array, j: number): number {
  return (values[j - 1] + values[j]) / 2;
}

/**
 * Distinct scores in ascending order of the oriented score (score for `"<"`, -score for
 * `">"`), with the number of cases and controls at each, and each row's level index.
 */
export interface ScoreLevels {
  /** Distinct oriented scores, ascending. */
  values: Float64Array;
  cases: Uint32Array;
  controls: Uint32Array;
  /** For each row, the index of its score in `values`. */
  levelOf: Uint32Array;
}

/** Groups tied scores after one sort; inputs must already be checked. */
export function scoreLevels(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  direction: Direction,
): ScoreLevels {
  const n = scores.length;
  const sign = direction === "<" ? 1 : -1;
  const oriented = new Float64Array(n);
  // Adding 0 turns -0 into +0, so the two zeros form one tie group.
  for (let i = 0; i < n; i++) oriented[i] = sign * scores[i] + 0;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => oriented[a] - oriented[b]);

  const levelOf = new Uint32Array(n);
  const values: number[] = [];
  for (const row of order) {
    const previous = values[values.length - 1];
    if (values.length === 0 || oriented[row] !== previous) values.push(oriented[row]);
    levelOf[row] = values.length - 1;
  }
  const cases = new Uint32Array(values.length);
  const controls = new Uint32Array(values.length);
  for (let i = 0; i < n; i++) (outcomes[i] === 1 ? cases : controls)[levelOf[i]]++;
  return { values: Float64Array.from(values), cases, controls, levelOf };
}

/** @throws RangeError unless direction is "<" or ">". */
export function checkDirection(direction: string): asserts direction is Direction {
  if (direction !== "<" && direction !== ">") {
    throw new RangeError(
      `direction must be "<" (cases have higher scores) or ">" (cases have lower scores), got ${JSON.stringify(direction)}`,
    );
  }
}

/** @throws NotEstimableError naming the missing class. */
export function requireBothClasses(nCases: number, nControls: number, what: string): void {
  if (nCases > 0 && nControls > 0) return;
  const missing =
    nCases + nControls === 0
      ? "no rows"
      : nCases === 0
        ? "no cases (outcome 1)"
        : "no controls (outcome 0)";
  throw new NotEstimableError(
    `${what} needs at least one case and one control, but the input has ${missing}. Fix: report this group as not estimable, or pool it with another`,
  );
}
