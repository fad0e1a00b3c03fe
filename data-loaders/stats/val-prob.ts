/**
 * The validation summary of R's `rms::val.prob` for predicted risks against 0/1 outcomes, and
 * the lowess calibration curve it is built on.
 */
import { quantileType7 } from "./quantile.ts";
import {
  checkPredictions,
  compensatedSum,
  logitOfProbabilities,
  twoSidedNormalPValue,
} from "./calibration.ts";
import { logisticRegression } from "./logistic-regression.ts";
import { evenlySpaced, interpolateLinear, lowess } from "./lowess.ts";

export const valProbNames = [
  "Dxy", "C (ROC)", "R2", "D", "D:Chi-sq", "D:p", "U", "U:Chi-sq", "U:p", "Q",
  "Brier", "Intercept", "Slope", "Emax", "E90", "Eavg", "S:z", "S:p",
] as const;

export type ValProbName = (typeof valProbNames)[number];

export interface ValProb {
  /** Every entry of val.prob's named vector, under R's names; null where not estimable. */
  statistics: Record<ValProbName, number | null>;
  /** Why each null entry is null. */
  notEstimableReasons: Partial<Record<ValProbName, string>>;
}

export interface SmoothedCalibrationCurve {
  /** Evenly spaced risks from the lowest to the highest prediction. */
  probability: number[];
  /** The lowess estimate of the observed event rate at each grid risk. */
  smoothedObserved: number[];
  /** rms's Emax, E90 and Eavg: max, type-7 90th percentile and mean of |p - smoothed(p)|. */
  maximumAbsoluteError: number | null;
  percentile90AbsoluteError: number | null;
  meanAbsoluteError: number | null;
  notEstimableReason: string | null;
}

/**
 * val.prob's summary: C is the concordance of the risks rounded down to bins of width 0.0002
 * (an event and a non-event in one bin count 1/2; see binnedConcordance), Dxy = 2 (C - 1/2);
 * with L0 the deviance of the intercept-only model and L01 = -2 log-likelihood
 * of the risks taken as they are: D:Chi-sq = L0 - L01, D = (D:Chi-sq - 1) / n,
 * R2 = (1 - exp(-D:Chi-sq / n)) / (1 - exp(-L0 / n)); U:Chi-sq = L01 - deviance of
 * y ~ logit(p), U = (U:Chi-sq - 2) / n with a 2-df chi-square p-value; Q = D - U; Brier;
 * Intercept and Slope of y ~ logit(p) (both free, so the intercept is not
 * calibration-in-the-large); Emax, E90, Eavg from the lowess curve (see
 * smoothedCalibrationCurve); Spiegelhalter's S:z = sum((y - p)(1 - 2p)) /
 * sqrt(sum((1 - 2p)^2 p (1 - p))) with a two-sided normal p-value.
 * References: Harrell FE. Regression Modeling Strategies, 2nd ed. Springer 2015, ch. 10;
 * Spiegelhalter DJ. Stat Med 1986;5:421–433. Agrees with R's `rms::val.prob(p, y, pl = FALSE)`
 * (rms 6.5-0): closed-form entries to 1e-12, the fitted ones (U, Intercept, Slope) to 1e-6.
 * Not estimable (null with a reason): everything with no patients; C, Dxy, R2 and the fitted
 * entries with one outcome class; the fitted entries when all risks are tied; S:z when every
 * risk is 1/2. Differs from R when all risks are equal: val.prob then switches to a reduced
 * summary (Slope 0, D:Chi-sq 0, U on 1 df); here the general formulas still apply and the
 * recalibration entries are null, since a slope on a constant is not identifiable.
 *
 * @throws RangeError for probabilities that are NaN, infinite, outside [0, 1] or exactly 0 or 1
 *   (infinite logit), outcomes other than 0/1, or unequal lengths.
 * @example valProb([0.2, 0.6, 0.4, 0.3], [0, 1, 0, 1]).statistics["C (ROC)"] // 0.75
 */
export function valProb(probabilities: ArrayLike<number>, outcomes: ArrayLike<number>): ValProb {
  const logit = logitOfProbabilities(probabilities, outcomes, "val.prob's logistic recalibration");
  const entries = valProbNames.map((name) => [name, null]);
  const statistics = Object.fromEntries(entries) as ValProb["statistics"];
  const reasons: ValProb["notEstimableReasons"] = {};
  const n = outcomes.length;
  if (n === 0) {
    for (const name of valProbNames) reasons[name] = "there are no patients";
    return { statistics, notEstimableReasons: reasons };
  }
  Object.assign(statistics, likelihoodStatistics(logit, outcomes, reasons));
  Object.assign(statistics, spiegelhalter(probabilities, outcomes, reasons));
  const squaredErrors = Float64Array.from(probabilities, (p, i) => (p - outcomes[i]) ** 2);
  statistics.Brier = compensatedSum(squaredErrors) / n;
  const curve = smoothedCalibrationCurve(probabilities, outcomes);
  statistics.Emax = curve.maximumAbsoluteError;
  statistics.E90 = curve.percentile90AbsoluteError;
  statistics.Eavg = curve.meanAbsoluteError;
  // rms 6.5-0 fits the D model by a single lrm.fit step that reports no P, so R always
  // prints NA here; there is no p-value of its own to reproduce.
  reasons["D:p"] = "rms::val.prob reports no p-value for D (always NA in rms 6.5-0)";
  return { statistics, notEstimableReasons: reasons };
}

/** The entries that need the recalibration fit y ~ logit(p). */
const FITTED = ["U", "U:Chi-sq", "U:p", "Q", "Intercept", "Slope"] as const;

/** C, Dxy, D, R2, U, Q, Intercept and Slope: the entries built on log-likelihoods. */
function likelihoodStatistics(
  logit: Float64Array,
  y: ArrayLike<number>,
  reasons: ValProb["notEstimableReasons"],
): Partial<ValProb["statistics"]> {
  const n = y.length;
  const events = compensatedSum(y);
  const logLikelihoods = Float64Array.from(logit, (l, i) => y[i] * l - softplus(l));
  const modelDeviance = -2 * compensatedSum(logLikelihoods);
  const dChiSquare = nullDeviance(events, n) - modelDeviance;
  const out: Partial<ValProb["statistics"]> = { D: (dChiSquare - 1) / n, "D:Chi-sq": dChiSquare };
  if (events === 0 || events === n) {
    const missing = events === 0 ? "event" : "non-event";
    const reason = `all ${n} outcomes are ${events === 0 ? 0 : 1}, so there is no ${missing} to compare with`;
    for (const name of ["Dxy", "C (ROC)", "R2", ...FITTED] as const) reasons[name] = reason;
    return out;
  }
  const { c, dxy } = binnedConcordance(logit, y);
  Object.assign(out, { "C (ROC)": c, Dxy: dxy });
  out.R2 = (1 - Math.exp(-dChiSquare / n)) / (1 - Math.exp(-nullDeviance(events, n) / n));
  const fit = logisticRegression([logit], y, { intercept: true });
  if (fit.notEstimableReason !== null) {
    for (const name of FITTED) reasons[name] = fit.notEstimableReason;
    return out;
  }
  const uChiSquare = modelDeviance - fit.deviance;
  // exp(-x / 2) is the exact upper tail of a 2-df chi-square. R's 1 - pchisq(x, 2) loses
  // p-values below about 1e-16 to cancellation (0 on the GBSG set); the two differ by < 1e-16.
  const u = (uChiSquare - 2) / n;
  Object.assign(out, { "U:Chi-sq": uChiSquare, U: u, "U:p": Math.exp(-uChiSquare / 2) });
  out.Q = (out.D as number) - (out.U as number);
  [out.Intercept, out.Slope] = fit.coefficients;
  return out;
}

/** Spiegelhalter's z test of calibration and its two-sided p-value. */
function spiegelhalter(
  p: ArrayLike<number>,
  y: ArrayLike<number>,
  reasons: ValProb["notEstimableReasons"],
): Partial<ValProb["statistics"]> {
  const numerator = compensatedSum(Float64Array.from(p, (v, i) => (y[i] - v) * (1 - 2 * v)));
  const variance = compensatedSum(Float64Array.from(p, (v) => (1 - 2 * v) ** 2 * v * (1 - v)));
  if (!(variance > 0)) {
    const reason = "every risk is 1/2, so Spiegelhalter's statistic has no variance";
    reasons["S:z"] = reasons["S:p"] = reason;
    return {};
  }
  const z = numerator / Math.sqrt(variance);
  return { "S:z": z, "S:p": twoSidedNormalPValue(z) };
}

/**
 * The lowess calibration curve of val.prob: `lowess(p, y, f = 2/3, iter = 0)` on the
 * probability scale with delta = 1% of the risk range, read off by linear interpolation
 * (`approx(ties = mean)`) at `gridPoints` evenly spaced risks from min(p) to max(p), and at every
 * observed risk for the absolute errors |p - smoothed(p)|: their maximum (Emax), type-7 90th
 * percentile (E90) and mean (Eavg, the integrated calibration index).
 * Reference: Austin PC, Steyerberg EW. The Integrated Calibration Index (ICI) and related
 * metrics for quantifying the calibration of logistic regression models. Stat Med
 * 2019;38:4051–4065. Agrees with R's `approx(lowess(p, y, iter = 0), xout = seq(min(p),
 * max(p), length.out = 50), ties = mean)` and val.prob's Emax/E90/Eavg to 1e-12.
 * Not estimable (empty curve, null errors) with no patients.
 *
 * @throws RangeError for invalid probabilities or outcomes (as checkPredictions) or a
 *   gridPoints that is not a positive integer.
 * @example smoothedCalibrationCurve([0.2, 0.8], [0, 1], { gridPoints: 3 }).smoothedObserved
 *   // [0, 0.5, 1]
 */
export function smoothedCalibrationCurve(
  probabilities: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  { gridPoints = 50 }: { gridPoints?: number } = {},
): SmoothedCalibrationCurve {
  checkPredictions(probabilities, outcomes);
  const n = outcomes.length;
  if (n === 0) {
    const errors = {
      maximumAbsoluteError: null,
      percentile90AbsoluteError: null,
      meanAbsoluteError: null,
    };
    const reason = "there are no patients";
    return { probability: [], smoothedObserved: [], ...errors, notEstimableReason: reason };
  }
  const curve = lowess(probabilities, outcomes, { f: 2 / 3, iter: 0 });
  const probability = evenlySpaced(curve.x[0], curve.x[n - 1], gridPoints);
  const smoothedObserved = interpolateLinear(curve.x, curve.y, probability) as number[];
  const atObserved = interpolateLinear(curve.x, curve.y, probabilities) as number[];
  const errors = atObserved.map((s, i) => Math.abs(probabilities[i] - s));
  return {
    probability,
    smoothedObserved,
    maximumAbsoluteError: Math.max(...errors),
    percentile90AbsoluteError: quantileType7(errors, 0.9),
    meanAbsoluteError: compensatedSum(errors) / n,
    notEstimableReason: null,
  };
}

/** -2 log-likelihood of the intercept-only model: the overall event rate for everyone. */
function nullDeviance(events: number, n: number): number {
  if (events === 0 || events === n) return 0;
  return -2 * (events * Math.log(events / n) + (n - events) * Math.log((n - events) / n));
}

/** log(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * val.prob's concordance index: rms (since 5.1-2) ranks the predicted risks after binning them
 * into bins of width 0.0002 (bin = floor(5000 p)), so events and non-events in the same bin
 * count as ties (1/2). It can differ from the exact Mann-Whitney AUC by a few pairs; the ROC
 * modules own the exact AUC for the report, this one only reproduces val.prob's entry.
 * Returns C = (concordant + ties / 2) / pairs and Dxy = (concordant - discordant) / pairs.
 */
function binnedConcordance(
  logit: ArrayLike<number>,
  y: ArrayLike<number>,
): { c: number; dxy: number } {
  const bins = 5001;
  const events = new Float64Array(bins);
  const nonEvents = new Float64Array(bins);
  for (let i = 0; i < y.length; i++) {
    // rms recomputes the risk from the logit, clamped to [-30, 30], before binning.
    const risk = 1 / (1 + Math.exp(-Math.min(Math.max(logit[i], -30), 30)));
    const bin = Math.floor(5000 * risk);
    if (y[i] === 1) events[bin]++;
    else nonEvents[bin]++;
  }
  let concordant = 0;
  let tied = 0;
  let eventsAbove = compensatedSum(events);
  for (let bin = 0; bin < bins; bin++) {
    eventsAbove -= events[bin];
    concordant += nonEvents[bin] * eventsAbove;
    tied += nonEvents[bin] * events[bin];
  }
  const pairs = compensatedSum(events) * compensatedSum(nonEvents);
  const discordant = pairs - concordant - tied;
  return { c: (concordant + tied / 2) / pairs, dxy: (concordant - discordant) / pairs };
}
