/**
 * Decision-curve analysis: the net benefit of treating patients whose predicted risk reaches a
 * threshold probability, against treating everyone or no one, with a bootstrap interval.
 */
import { checkPredictions, compensatedSum } from "./calibration.ts";
import { quantileOfSorted } from "./quantile.ts";
import { seededRandom } from "./seeded-random.ts";
import { silentLogger, type Logger } from "../log.ts";

export interface DecisionCurve {
  n: number;
  events: number;
  prevalence: number | null;
  threshold: number[];
  /** Treated patients (p >= threshold) with and without the event. */
  tp: number[];
  fp: number[];
  netBenefitModel: (number | null)[];
  netBenefitTreatAll: (number | null)[];
  netBenefitTreatNone: (number | null)[];
  /** Net benefit divided by the prevalence (1 = every event treated, no one else). */
  standardizedNetBenefitModel: (number | null)[];
  standardizedNetBenefitTreatAll: (number | null)[];
  /** (NB model - NB treat all) / (pt / (1 - pt)) x 100: fewer treatments at no loss of benefit. */
  interventionsAvoidedPer100: (number | null)[];
  notEstimableReason: string | null;
}

export interface DecisionCurveOptions {
  /** Threshold probabilities, each strictly between 0 and 1 (default k / 100, k = 1..99). */
  thresholds?: readonly number[];
}

/**
 * Net benefit at each threshold probability pt: a patient is treated when p >= pt;
 * NB_model = TP/n - FP/n pt/(1 - pt), NB_all = prevalence - (1 - prevalence) pt/(1 - pt),
 * NB_none = 0; standardized NB = NB / prevalence; interventions avoided per 100 patients =
 * (NB_model - NB_all) / (pt/(1 - pt)) x 100.
 * Reference: Vickers AJ, Elkin EB. Decision curve analysis: a novel method for evaluating
 * prediction models. Med Decis Making 2006;26:565–574. Agrees with the same formulas evaluated
 * in R (test/golden/reference/decision_curve.json) to 1e-12.
 * Not estimable (null values with a reason) with no patients; the standardized values are null
 * when there are no events (prevalence 0).
 *
 * @throws RangeError for invalid probabilities or outcomes (as checkPredictions) or a threshold
 *   that is not strictly between 0 and 1.
 * @example decisionCurve([0.2, 0.6, 0.4, 0.3], [0, 1, 0, 1], { thresholds: [0.5] }).netBenefitModel
 *   // [0.25]: one event treated, no false positive
 */
export function decisionCurve(
  probabilities: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  options: DecisionCurveOptions = {},
): DecisionCurve {
  checkPredictions(probabilities, outcomes);
  const threshold = readThresholds(options.thresholds);
  const n = outcomes.length;
  const events = compensatedSum(outcomes);
  const counts = threshold.map((pt) => treatedCounts(probabilities, outcomes, pt));
  const tp = counts.map((c) => c.tp);
  const fp = counts.map((c) => c.fp);
  if (n === 0) {
    const none = threshold.map(() => null);
    const columns = { netBenefitModel: none, netBenefitTreatAll: none, netBenefitTreatNone: none };
    const derived = {
      standardizedNetBenefitModel: none,
      standardizedNetBenefitTreatAll: none,
      interventionsAvoidedPer100: none,
    };
    const counts = { n, events, prevalence: null, threshold, tp, fp };
    return { ...counts, ...columns, ...derived, notEstimableReason: "there are no patients" };
  }
  const prevalence = events / n;
  // The odds pt / (1 - pt) are formed first, as in the R reference, so the doubles agree.
  const odds = threshold.map((pt) => pt / (1 - pt));
  const netBenefitModel = odds.map((o, k) => netBenefit(tp[k], fp[k], n, o));
  const netBenefitTreatAll = odds.map((o) => prevalence - (1 - prevalence) * o);
  const standardize = (nb: number) => (prevalence > 0 ? nb / prevalence : null);
  return {
    n,
    events,
    prevalence,
    threshold,
    tp,
    fp,
    netBenefitModel,
    netBenefitTreatAll,
    netBenefitTreatNone: threshold.map(() => 0),
    standardizedNetBenefitModel: netBenefitModel.map(standardize),
    standardizedNetBenefitTreatAll: netBenefitTreatAll.map(standardize),
    interventionsAvoidedPer100: odds.map(
      (o, k) => ((netBenefitModel[k] - netBenefitTreatAll[k]) / o) * 100,
    ),
    notEstimableReason: null,
  };
}

export interface NetBenefitBootstrapOptions extends DecisionCurveOptions {
  /** Number of bootstrap resamples (default 1000). */
  replicates?: number;
  /** Seed of the Mersenne Twister, reported with the result. */
  seed: number;
  logger?: Logger;
}

export interface NetBenefitBootstrap {
  threshold: number[];
  /** Percentile 95% interval of the model's net benefit: type-7 2.5% and 97.5% quantiles. */
  ciLower: (number | null)[];
  ciUpper: (number | null)[];
  replicates: number;
  seed: number;
  notEstimableReason: string | null;
}

/**
 * Percentile bootstrap 95% interval of the model's net benefit at each threshold. Ordinary
 * nonparametric bootstrap of patients: each replicate draws n rows with replacement (not
 * stratified by outcome, since net benefit stays defined when a replicate has one class),
 * recomputes TP and FP at every threshold, and the interval is the type-7 2.5% and 97.5%
 * quantile of the replicate values. Rows are drawn with `seededRandom(seed)`, so the same
 * seed gives the same interval.
 * Reference: Efron B, Tibshirani RJ. An Introduction to the Bootstrap. Chapman & Hall 1993,
 * ch. 13 (percentile interval). No R reference value (R's boot uses another interpolation).
 * Not estimable (null limits with a reason) with no patients.
 *
 * @throws RangeError for invalid input (as decisionCurve), a replicate count that is not an
 *   integer >= 1, or an invalid seed.
 * @example netBenefitBootstrap(p, y, { seed: 2026, replicates: 1000 }).ciLower[49]
 *   // lower limit at pt = 0.5, identical on every run with seed 2026
 */
export function netBenefitBootstrap(
  probabilities: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  options: NetBenefitBootstrapOptions,
): NetBenefitBootstrap {
  checkPredictions(probabilities, outcomes);
  const threshold = readThresholds(options.thresholds);
  const { replicates = 1000, seed, logger = silentLogger } = options;
  if (!Number.isInteger(replicates) || replicates < 1) {
    throw new RangeError(`netBenefitBootstrap: replicates must be a whole number >= 1, got ${replicates}`);
  }
  const random = seededRandom(seed);
  const n = outcomes.length;
  if (n === 0) {
    const none = threshold.map(() => null);
    const limits = { ciLower: none, ciUpper: none };
    return { threshold, ...limits, replicates, seed, notEstimableReason: "there are no patients" };
  }
  const started = Date.now();
  logger.info(`net benefit bootstrap: ${replicates} resamples of ${n} patients, seed ${seed}`);
  const samples = threshold.map(() => new Float64Array(replicates));
  const treatedUpTo = thresholdsReached(probabilities, threshold);
  for (let b = 0; b < replicates; b++) {
    const values = resampledNetBenefit(treatedUpTo, outcomes, threshold, random.integer);
    values.forEach((value, k) => (samples[k][b] = value));
  }
  const limits = samples.map((sample) => sample.sort());
  logger.info(`net benefit bootstrap: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    threshold,
    ciLower: limits.map((sorted) => quantileOfSorted(sorted, 0.025)),
    ciUpper: limits.map((sorted) => quantileOfSorted(sorted, 0.975)),
    replicates,
    seed,
    notEstimableReason: null,
  };
}

/**
 * Net benefit of one resample. `treatedUpTo[i]` is how many of the thresholds, in ascending
 * order, patient i is treated at (p_i >= pt), so counting each drawn patient once in a cell
 * and summing the cells from the top gives TP and FP at every threshold in O(n + thresholds).
 */
function resampledNetBenefit(
  treatedUpTo: { order: number[]; reached: Int32Array },
  outcomes: ArrayLike<number>,
  threshold: number[],
  draw: (n: number) => number,
): number[] {
  const n = outcomes.length;
  const cells = threshold.length + 1;
  const eventsIn = new Float64Array(cells);
  const nonEventsIn = new Float64Array(cells);
  for (let draws = 0; draws < n; draws++) {
    const i = draw(n);
    if (outcomes[i] === 1) eventsIn[treatedUpTo.reached[i]]++;
    else nonEventsIn[treatedUpTo.reached[i]]++;
  }
  const values = new Array<number>(threshold.length);
  let tp = 0;
  let fp = 0;
  for (let rank = threshold.length - 1; rank >= 0; rank--) {
    tp += eventsIn[rank + 1];
    fp += nonEventsIn[rank + 1];
    const k = treatedUpTo.order[rank];
    values[k] = netBenefit(tp, fp, n, threshold[k] / (1 - threshold[k]));
  }
  return values;
}

/** Thresholds sorted ascending (as indices) and, per patient, how many of them p reaches. */
function thresholdsReached(probabilities: ArrayLike<number>, threshold: number[]) {
  const order = threshold.map((_, k) => k).sort((a, b) => threshold[a] - threshold[b]);
  const sorted = order.map((k) => threshold[k]);
  const reached = new Int32Array(probabilities.length);
  for (let i = 0; i < probabilities.length; i++) {
    let count = 0;
    while (count < sorted.length && probabilities[i] >= sorted[count]) count++;
    reached[i] = count;
  }
  return { order, reached };
}

/** TP/n - FP/n x odds: true positives gained, false positives charged at the threshold odds. */
function netBenefit(tp: number, fp: number, n: number, odds: number): number {
  return tp / n - (fp / n) * odds;
}

function treatedCounts(
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  pt: number,
): { tp: number; fp: number } {
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < p.length; i++) {
    if (p[i] >= pt) {
      if (y[i] === 1) tp++;
      else fp++;
    }
  }
  return { tp, fp };
}

function readThresholds(thresholds: readonly number[] | undefined): number[] {
  // k / 100 rather than repeated addition of 0.01, so 0.07 is the double nearest 7/100.
  const values = thresholds ? [...thresholds] : Array.from({ length: 99 }, (_, k) => (k + 1) / 100);
  const bad = values.filter((pt) => !(pt > 0 && pt < 1));
  if (bad.length > 0) {
    throw new RangeError(
      `decision curve: ${bad.length} threshold probabilities are not strictly between 0 and 1 (first: ${bad[0]}); the odds pt / (1 - pt) must be finite and positive`,
    );
  }
  return values;
}
