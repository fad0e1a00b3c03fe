/**
 * Which rows a discrimination statistic may use. Scores and outcomes are checked once here:
 * every method in this folder refuses NaN and infinite scores rather than sort them (in
 * JavaScript every comparison with NaN is false, so a sort would give an order-dependent
 * answer), and `completeCases` is the one place where missing scores are dropped and counted.
 */
import { formatInputError, NotEstimableError } from "../errors.ts";

/** Class counts of a checked input. */
export interface ClassCounts {
  /** Rows with outcome 1 (cases, events). */
  nCases: number;
  /** Rows with outcome 0 (controls, non-events). */
  nControls: number;
}

/** The rows of a prediction column that carry a score, and those left out. */
export interface CompleteCases {
  scores: Float64Array;
  outcomes: Uint8Array;
  /** 1-based row numbers of the rows kept, in data order. */
  usedRows: number[];
  nUsed: number;
  /** 1-based row numbers of the rows dropped because their score is missing (NaN). */
  excludedRows: number[];
  nExcluded: number;
}

/**
 * Complete-case selection for a prediction column: rows whose score is missing (NaN) are
 * excluded and reported by row number, as pROC's `roc(na.rm = TRUE)` does, so that every metric
 * computed from the column is on the same patients. An infinite score is not treated as
 * missing: it is refused, because it has no place between the finite scores of a calibrated
 * model and usually means a logit of a probability of exactly 0 or 1.
 *
 * @throws RangeError when the arrays differ in length, an outcome is not 0 or 1, or a score is
 * ±Infinity (the message gives the count and the first rows).
 * @throws NotEstimableError when no row is left (empty input or every score missing).
 * @example completeCases([0.2, NaN, 0.7, 0.4], [0, 0, 1, 1])
 * // { scores: [0.2, 0.7, 0.4], outcomes: [0, 1, 1], usedRows: [1, 3, 4], nUsed: 3,
 * //   excludedRows: [2], nExcluded: 1 }
 */
export function completeCases(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
): CompleteCases {
  checkOutcomes(scores, outcomes);
  const n = scores.length;
  const infinite = rowsWhere(n, (i) => scores[i] === Infinity || scores[i] === -Infinity);
  if (infinite.length > 0) {
    throw new RangeError(
      formatInputError({
        problem: `${countOf(infinite.length, n)} infinite; an infinite score cannot be ranked against finite ones`,
        rows: infinite,
        fix: "supply the model's probabilities (or clip the logit) so that every score is finite",
      }),
    );
  }
  const excludedRows = rowsWhere(n, (i) => Number.isNaN(scores[i]));
  if (excludedRows.length === n) {
    throw new NotEstimableError(
      n === 0
        ? "no rows were given, so no discrimination statistic can be computed. Fix: pass at least one case and one control"
        : `${countOf(n, n)} missing (NaN), so no row is left to compute a discrimination statistic on. Fix: check that the prediction column was read and that the model received every feature`,
    );
  }
  return keepRows(scores, outcomes, excludedRows);
}

function keepRows(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  excludedRows: number[],
): CompleteCases {
  const n = scores.length;
  const nUsed = n - excludedRows.length;
  const kept = { scores: new Float64Array(nUsed), outcomes: new Uint8Array(nUsed) };
  const usedRows: number[] = [];
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i])) continue;
    kept.scores[usedRows.length] = scores[i];
    kept.outcomes[usedRows.length] = outcomes[i];
    usedRows.push(i + 1);
  }
  return { ...kept, usedRows, nUsed, excludedRows, nExcluded: excludedRows.length };
}

/**
 * Precondition of every ROC statistic: equal lengths, finite scores, outcomes 0 or 1.
 *
 * @throws RangeError naming the count of bad values and their first 1-based rows.
 */
export function checkScoresAndOutcomes(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
): ClassCounts {
  const counts = checkOutcomes(scores, outcomes);
  const n = scores.length;
  let bad = 0;
  for (let i = 0; i < n; i++) if (!Number.isFinite(scores[i])) bad++;
  if (bad > 0) {
    throw new RangeError(
      formatInputError({
        problem: `${countOf(bad, n)} not finite (NaN or ±Infinity); such scores cannot be ranked`,
        rows: rowsWhere(n, (i) => !Number.isFinite(scores[i]), 5),
        rowCount: bad,
        fix: "drop missing predictions with completeCases() and make the model output finite scores",
      }),
    );
  }
  return counts;
}

/** Checks lengths and the 0/1 coding of outcomes, and counts the two classes. */
function checkOutcomes(scores: ArrayLike<number>, outcomes: ArrayLike<number>): ClassCounts {
  if (scores.length !== outcomes.length) {
    throw new RangeError(
      `scores and outcomes differ in length (${scores.length} scores, ${outcomes.length} outcomes). Fix: pass one outcome per score, in the same row order`,
    );
  }
  let nCases = 0;
  let bad = 0;
  for (let i = 0; i < outcomes.length; i++) {
    if (outcomes[i] === 1) nCases++;
    else if (outcomes[i] !== 0) bad++;
  }
  if (bad > 0) {
    throw new RangeError(
      formatInputError({
        problem: `${bad} of ${outcomes.length} outcomes are not coded 0 or 1`,
        rows: rowsWhere(outcomes.length, (i) => outcomes[i] !== 0 && outcomes[i] !== 1, 5),
        rowCount: bad,
        fix: "code the outcome as 1 = case (event) and 0 = control, and exclude rows with an unknown outcome",
      }),
    );
  }
  return { nCases, nControls: outcomes.length - nCases };
}

/** "1 of 4 scores is" / "4 of 4 scores are": the count phrase of the error messages. */
function countOf(count: number, total: number): string {
  return `${count} of ${total} scores ${count === 1 ? "is" : "are"}`;
}

/** 1-based rows where `test` holds, at most `limit` of them. */
function rowsWhere(n: number, test: (index: number) => boolean, limit = Infinity): number[] {
  const rows: number[] = [];
  for (let i = 0; i < n && rows.length < limit; i++) if (test(i)) rows.push(i + 1);
  return rows;
}
