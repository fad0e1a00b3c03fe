/**
 * AUC with DeLong's 95% CI within each level of a subgroup variable, for a forest plot or a
 * subgroup table. A level that cannot give an AUC stays in the table with a reason.
 */
import { checkScoresAndOutcomes } from "./complete-cases.ts";
import { delong } from "./delong.ts";
import { checkDirection, type Direction } from "./roc-curve.ts";

export interface SubgroupAucRow {
  /** The level's label; null for rows whose level is missing. */
  level: string | null;
  /** True for the row that pools every patient. */
  isOverall: boolean;
  n: number;
  events: number;
  nonEvents: number;
  auc: number | null;
  /** DeLong variance of the AUC. */
  variance: number | null;
  standardError: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  notEstimableReason: string | null;
}

export interface SubgroupAucOptions {
  /** Levels in display order, including levels with no patients; others follow in data order. */
  levelOrder?: readonly string[];
}

/**
 * One row per subgroup level plus an overall row (first): n, events (outcome 1), non-events,
 * and the AUC with DeLong standard error and 95% CI (clipped to [0, 1]) computed within the
 * level, with the direction given (`"<"`: events have higher scores, positive when
 * score >= threshold), never re-chosen per level. Levels come in `levelOrder`, then any level
 * found in the data but not listed (in order of first appearance), then a row with level null
 * if some patients have no level; those patients count in the overall row. A level with no
 * patients, only events or only non-events keeps its row with null AUC and a reason, and a
 * level with a single event or non-event has an AUC but no CI.
 * DeLong ER, DeLong DM, Clarke-Pearson DL. Biometrics 1988;44:837–845.
 * Agrees with pROC::ci.auc(roc(y, x, levels = c(0, 1), direction), method = "delong") per level.
 *
 * @throws RangeError on NaN or infinite scores, outcomes other than 0/1, arrays of unequal
 * length, or an unknown direction.
 * @example subgroupAuc([0.9, 0.8, 0.7, 0.2, 0.6, 0.4, 0.3], [1, 1, 1, 0, 1, 0, 1],
 *   ["A", "A", "A", "B", "B", "B", "B"], "<")
 * // overall auc 0.9; A: auc null, "no non-events (outcome 0)"; B: auc 0.75
 */
export function subgroupAuc(
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  levels: readonly (string | null)[],
  direction: Direction,
  options: SubgroupAucOptions = {},
): SubgroupAucRow[] {
  checkDirection(direction);
  checkScoresAndOutcomes(scores, outcomes);
  if (levels.length !== scores.length) {
    throw new RangeError(
      `subgroup levels and scores differ in length (${levels.length} levels, ${scores.length} scores). Fix: pass one level (or null) per row`,
    );
  }
  const rowsOf = rowsByLevel(levels, options.levelOrder ?? []);
  const all = Array.from({ length: scores.length }, (_, i) => i);
  const rows = [aucRow(null, true, all, scores, outcomes, direction)];
  for (const [level, indices] of rowsOf) {
    rows.push(aucRow(level, false, indices, scores, outcomes, direction));
  }
  return rows;
}

/** Row indices of each level, listed levels first, then unlisted ones, then missing (null). */
function rowsByLevel(levels: readonly (string | null)[], order: readonly string[]) {
  const groups = new Map<string | null, number[]>(order.map((level) => [level, []]));
  const missing: number[] = [];
  levels.forEach((level, i) => {
    if (level === null) missing.push(i);
    else if (groups.has(level)) groups.get(level)!.push(i);
    else groups.set(level, [i]);
  });
  if (missing.length > 0) groups.set(null, missing);
  return groups;
}

function aucRow(
  level: string | null,
  isOverall: boolean,
  indices: number[],
  scores: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  direction: Direction,
): SubgroupAucRow {
  const subsetScores = Float64Array.from(indices, (i) => scores[i]);
  const subsetOutcomes = Uint8Array.from(indices, (i) => outcomes[i]);
  const events = subsetOutcomes.reduce((sum, y) => sum + y, 0);
  const n = indices.length;
  const counts = { level, isOverall, n, events, nonEvents: n - events };
  const reason =
    indices.length === 0
      ? "no patients"
      : events === 0
        ? "no events (outcome 1)"
        : events === indices.length
          ? "no non-events (outcome 0)"
          : null;
  if (reason !== null) {
    const missing = { auc: null, variance: null, standardError: null, ciLower: null, ciUpper: null };
    return { ...counts, ...missing, notEstimableReason: reason };
  }
  const { auc, variance, standardError, ciLower, ciUpper, notEstimableReason } = delong(
    subsetScores,
    subsetOutcomes,
    direction,
  );
  return { ...counts, auc, variance, standardError, ciLower, ciUpper, notEstimableReason };
}
