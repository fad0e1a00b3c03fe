/**
 * Sensitivity, specificity, PPV, NPV and accuracy at each locked threshold, for every model on
 * every cohort, with Wilson and Clopper-Pearson 95% CIs. Positive when predicted probability >=
 * threshold; the thresholds come from the lock file, never from the cohort being evaluated.
 */
import type { ResultRow, ResultTable } from "../artifacts/arrow-table.ts";
import { thresholdMetrics, type Proportion } from "../stats/threshold-metrics.ts";
import type { ChosenThreshold } from "../locks/choose-thresholds.ts";
import { keys, type ScoredCohort } from "./scored-cohort.ts";

const metricNames = [
  "sensitivity",
  "specificity",
  "positivePredictiveValue",
  "negativePredictiveValue",
  "accuracy",
] as const;

function metricRow(base: ResultRow, metric: string, value: Proportion): ResultRow {
  return {
    ...base,
    metric,
    estimate: value.estimate,
    numerator: value.numerator,
    denominator: value.denominator,
    wilsonLower: value.wilson.ciLower,
    wilsonUpper: value.wilson.ciUpper,
    clopperPearsonLower: value.clopperPearson.ciLower,
    clopperPearsonUpper: value.clopperPearson.ciUpper,
    notEstimableReason: value.notEstimableReason,
  };
}

/** Threshold tables for the model the thresholds were locked for. */
export function thresholdTables(scored: readonly ScoredCohort[], thresholds: readonly ChosenThreshold[]): ResultTable[] {
  const counts: ResultRow[] = [];
  const metrics: ResultRow[] = [];
  for (const s of scored) {
    for (const threshold of thresholds) {
      // Thresholds are on the probability scale and compare the float64 probability as given.
      const result = thresholdMetrics(s.probability, s.outcome, threshold.probability, "<");
      const base = { ...keys(s), thresholdId: threshold.id };
      counts.push({ ...base, thresholdProbability: threshold.probability, tp: result.tp, fp: result.fp, tn: result.tn, fn: result.fn, n: result.n });
      for (const name of metricNames) metrics.push(metricRow(base, name, result[name]));
    }
  }
  return [
    {
      name: "threshold-counts",
      columns: { modelId: "string", cohortId: "string", thresholdId: "string", thresholdProbability: "number", tp: "number", fp: "number", tn: "number", fn: "number", n: "number" },
      rows: counts,
    },
    {
      name: "threshold-metrics",
      columns: {
        modelId: "string", cohortId: "string", thresholdId: "string", metric: "string", estimate: "number",
        numerator: "number", denominator: "number", wilsonLower: "number", wilsonUpper: "number",
        clopperPearsonLower: "number", clopperPearsonUpper: "number", notEstimableReason: "string",
      },
      rows: metrics,
    },
  ];
}
