/**
 * Calibration of the predicted probabilities on every cohort: calibration-in-the-large and
 * slope with Wald 95% CIs, Brier and scaled Brier, O/E, the rms::val.prob quantities, the lowess
 * curve (f = 2/3, iter = 0, on the probability scale) and the decile table with Clopper-Pearson
 * 95% CIs, plus an aggregate histogram of predicted risk by outcome (no per-patient values).
 */
import type { ResultRow, ResultTable } from "../artifacts/arrow-table.ts";
import { brierScore } from "../stats/brier-score.ts";
import { calibrationDeciles } from "../stats/calibration-deciles.ts";
import { calibrationInTheLarge, calibrationSlope, observedExpected } from "../stats/calibration.ts";
import { smoothedCalibrationCurve, valProb } from "../stats/val-prob.ts";
import { keys, type ScoredCohort } from "./scored-cohort.ts";

type Metric = [metric: string, label: string, estimate: number | null, ciLower: number | null, ciUpper: number | null, pValue: number | null, reason: string | null];

function metrics(s: ScoredCohort): Metric[] {
  const p = s.probability;
  const y = s.outcome;
  const large = calibrationInTheLarge(p, y);
  const slope = calibrationSlope(p, y);
  const brier = brierScore(p, y);
  const ratio = observedExpected(p, y);
  const curve = smoothedCalibrationCurve(p, y);
  const val = valProb(p, y).statistics;
  return [
    ["calibrationInTheLarge", "Calibration-in-the-large (intercept, slope fixed at 1)", large.estimate, large.ciLower, large.ciUpper, large.pValue, large.notEstimableReason],
    ["calibrationSlope", "Calibration slope", slope.slope, slope.slopeCiLower, slope.slopeCiUpper, slope.pValueSlopeEqualsOne, slope.notEstimableReason],
    ["brierScore", "Brier score", brier.brierScore, null, null, null, brier.notEstimableReason],
    ["scaledBrierScore", "Scaled Brier score", brier.scaledBrierScore, null, null, null, brier.notEstimableReason],
    ["observedExpected", "Observed / expected events", ratio.ratioObservedOverExpected, null, null, null, ratio.notEstimableReason],
    ["expectedEvents", "Expected events (sum of predicted risks)", ratio.expectedEvents, null, null, null, null],
    ["observedEvents", "Observed events", ratio.observedEvents, null, null, null, null],
    ["maximumAbsoluteError", "Emax (largest |lowess − predicted|)", curve.maximumAbsoluteError, null, null, null, curve.notEstimableReason],
    ["percentile90AbsoluteError", "E90", curve.percentile90AbsoluteError, null, null, null, curve.notEstimableReason],
    ["meanAbsoluteError", "Eavg", curve.meanAbsoluteError, null, null, null, curve.notEstimableReason],
    ["spiegelhalterZ", "Spiegelhalter z (p two-sided)", val["S:z"], null, null, val["S:p"], null],
    ["valProbIntercept", "val.prob intercept (slope free)", val.Intercept, null, null, null, null],
    ["discriminationIndexD", "val.prob D", val.D, null, null, null, null],
    ["unreliabilityIndexU", "val.prob U (p)", val.U, null, null, val["U:p"], null],
    ["qualityIndexQ", "val.prob Q", val.Q, null, null, null, null],
    ["nagelkerkeR2", "val.prob R²", val.R2, null, null, null, null],
  ];
}

/** Histogram of predicted probability by outcome, 20 bins of width 0.05 (counts only). */
function riskDistribution(s: ScoredCohort): ResultRow[] {
  const bins = 20;
  const rows: ResultRow[] = [];
  for (const [outcome, label] of [[1, "Event"], [0, "No event"]] as const) {
    const counts = new Array<number>(bins).fill(0);
    s.probability.forEach((p, i) => {
      if (s.outcome[i] === outcome) counts[Math.min(bins - 1, Math.floor(p * bins))]++;
    });
    counts.forEach((count, k) => rows.push({ ...keys(s), outcome: label, binLower: k / bins, binUpper: (k + 1) / bins, count }));
  }
  return rows;
}

export function calibrationTables(scored: readonly ScoredCohort[]): ResultTable[] {
  const estimable = scored.filter((s) => s.outcome.includes(0) && s.outcome.includes(1));
  return [
    {
      name: "calibration-metrics",
      columns: { modelId: "string", cohortId: "string", metric: "string", label: "string", estimate: "number", ciLower: "number", ciUpper: "number", pValue: "number", notEstimableReason: "string" },
      rows: estimable.flatMap((s) =>
        metrics(s).map(([metric, label, estimate, ciLower, ciUpper, pValue, reason]) => ({
          ...keys(s), metric, label, estimate, ciLower, ciUpper, pValue,
          notEstimableReason: estimate === null ? reason ?? "not estimable on this cohort" : null,
        })),
      ),
    },
    {
      name: "calibration-curve",
      columns: { modelId: "string", cohortId: "string", predicted: "number", observed: "number" },
      rows: estimable.flatMap((s) => {
        const curve = smoothedCalibrationCurve(s.probability, s.outcome);
        return curve.probability.map((predicted, i) => ({ ...keys(s), predicted, observed: curve.smoothedObserved[i] }));
      }),
    },
    {
      name: "calibration-deciles",
      columns: { modelId: "string", cohortId: "string", bin: "number", lowerBreak: "number", upperBreak: "number", n: "number", meanPredicted: "number", events: "number", observedProportion: "number", ciLower: "number", ciUpper: "number" },
      rows: estimable.flatMap((s) =>
        calibrationDeciles(s.probability, s.outcome).bins.map((b) => ({
          ...keys(s), bin: b.bin, lowerBreak: b.lowerBreak, upperBreak: b.upperBreak, n: b.n, meanPredicted: b.meanPredicted,
          events: b.observedEvents, observedProportion: b.observedProportion, ciLower: b.ciLower, ciUpper: b.ciUpper,
        })),
      ),
    },
    {
      name: "risk-distribution",
      columns: { modelId: "string", cohortId: "string", outcome: "string", binLower: "number", binUpper: "number", count: "number" },
      rows: scored.flatMap(riskDistribution),
    },
  ];
}
