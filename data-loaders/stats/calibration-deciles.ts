/**
 * Grouped calibration table: patients binned by quantiles of predicted risk, with the mean
 * predicted risk, the observed event proportion and its exact binomial interval in each bin.
 */
import betaQuantile from "@stdlib/stats-base-dists-beta-quantile";
import { checkPredictions, compensatedSum } from "./calibration.ts";
import { quantilesType7 } from "./quantile.ts";

export interface CalibrationBin {
  /** 1-based group number k: the bin between quantile breaks k - 1 and k. */
  bin: number;
  lowerBreak: number;
  upperBreak: number;
  n: number;
  meanPredicted: number;
  observedEvents: number;
  observedProportion: number;
  /** Clopper-Pearson exact 95% interval of the observed proportion. */
  ciLower: number;
  ciUpper: number;
}

export interface CalibrationDeciles {
  /** Non-empty bins in order; empty bins are left out (see omittedBins). */
  bins: CalibrationBin[];
  /** The groups + 1 type-7 quantile breaks, ties included. */
  breaks: number[];
  /** Group numbers of the bins left out because no risk fell in them (e.g. two equal breaks). */
  omittedBins: number[];
  notEstimableReason: string | null;
}

/**
 * Decile (or other quantile-group) calibration table. Breaks are the type-7 quantiles of p at
 * k / groups; bin 1 is [b0, b1] and bin k > 1 is (b_{k-1}, b_k], as R's
 * `cut(p, breaks, include.lowest = TRUE, right = TRUE)`. Each bin gives n, mean predicted risk,
 * events, observed proportion and its Clopper-Pearson 95% interval (lower 0 when there are no
 * events, upper 1 when all are events).
 * With many tied risks two breaks can coincide; R's `cut` then stops with "breaks are not
 * unique". Here the bin (b, b] between equal breaks is necessarily empty: it is left out and
 * its number listed in `omittedBins` (as is any other bin no risk falls in), while the patients
 * at the tied value stay in the first bin whose upper break is b, so each is counted once.
 * References: Hosmer DW, Lemeshow S. Goodness of fit tests for the multiple logistic
 * regression model. Commun Stat Theory Methods 1980;9:1043–1069. Clopper CJ, Pearson ES.
 * Biometrika 1934;26:404–413. Agrees with R's `cut` + `tapply` + `binom.test` to 1e-12.
 * Not estimable (no bins, with a reason) with no patients.
 *
 * @throws RangeError for invalid probabilities or outcomes (as checkPredictions) or a group
 *   count that is not an integer >= 1.
 * @example calibrationDeciles([0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1], { groups: 2 })
 *   // bins [0.1, 0.25] and (0.25, 0.4], each n = 2
 */
export function calibrationDeciles(
  probabilities: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  { groups = 10 }: { groups?: number } = {},
): CalibrationDeciles {
  checkPredictions(probabilities, outcomes);
  if (!Number.isInteger(groups) || groups < 1) {
    throw new RangeError(`calibrationDeciles: groups must be a whole number >= 1, got ${groups}`);
  }
  if (outcomes.length === 0) {
    return { bins: [], breaks: [], omittedBins: [], notEstimableReason: "there are no patients" };
  }
  const levels = Array.from({ length: groups + 1 }, (_, k) => k / groups);
  const breaks = quantilesType7(probabilities, levels);
  const members = assignBins(probabilities, breaks);
  const bins: CalibrationBin[] = [];
  const omittedBins: number[] = [];
  members.forEach((rows, index) => {
    if (rows.length === 0) omittedBins.push(index + 1);
    else bins.push(summariseBin(index + 1, breaks, rows, probabilities, outcomes));
  });
  return { bins, breaks, omittedBins, notEstimableReason: null };
}

/** Row indices per bin: the first bin is closed on both sides, the others only on the right. */
function assignBins(probabilities: ArrayLike<number>, breaks: number[]): number[][] {
  const members: number[][] = breaks.slice(1).map(() => []);
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    // The first k with p <= b_k; p = b_0 falls in bin 1 because that bin includes its left end.
    let k = 1;
    while (k < breaks.length - 1 && p > breaks[k]) k++;
    members[k - 1].push(i);
  }
  return members;
}

function summariseBin(
  bin: number,
  breaks: number[],
  rows: number[],
  probabilities: ArrayLike<number>,
  outcomes: ArrayLike<number>,
): CalibrationBin {
  const n = rows.length;
  const events = rows.reduce((count, i) => count + outcomes[i], 0);
  const { ciLower, ciUpper } = clopperPearson(events, n);
  return {
    bin,
    lowerBreak: breaks[bin - 1],
    upperBreak: breaks[bin],
    n,
    meanPredicted: compensatedSum(rows.map((i) => probabilities[i])) / n,
    observedEvents: events,
    observedProportion: events / n,
    ciLower,
    ciUpper,
  };
}

/**
 * Clopper-Pearson exact 95% interval for x events in n trials: the 2.5% quantile of
 * Beta(x, n - x + 1) and the 97.5% quantile of Beta(x + 1, n - x), with 0 and 1 at the ends.
 */
function clopperPearson(x: number, n: number): { ciLower: number; ciUpper: number } {
  return {
    ciLower: x === 0 ? 0 : betaQuantile(0.025, x, n - x + 1),
    ciUpper: x === n ? 1 : betaQuantile(0.975, x + 1, n - x),
  };
}
