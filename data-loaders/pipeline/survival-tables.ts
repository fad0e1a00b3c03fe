/**
 * Survival by model-predicted risk on every cohort with follow-up: Kaplan-Meier curves by risk
 * group (type-7 quantile groups of the score, and above / below each locked threshold) with
 * Greenwood "log" 95% CIs, numbers at risk, medians and survival at the configured times,
 * log-rank and trend tests, Cox models (Efron ties, R's default) on the groups and on the
 * continuous score, and Harrell's C.
 */
import type { ResultRow, ResultTable } from "../artifacts/arrow-table.ts";
import type { CohortConfig, ModelConfig, SurvivalAnalysisConfig } from "../io/study-types.ts";
import type { ChosenThreshold } from "../locks/choose-thresholds.ts";
import { harrellConcordance } from "../stats/concordance.ts";
import { coxProportionalHazards, indicatorColumns, type CoxFit } from "../stats/cox-proportional-hazards.ts";
import { kaplanMeierByGroup, medianSurvival, survivalAtTimes } from "../stats/kaplan-meier.ts";
import { logrankTest, logrankTrendTest } from "../stats/logrank.ts";
import { quantileRiskGroups, thresholdRiskGroups } from "../stats/risk-groups.ts";
import { Z_95 } from "../stats/binomial-interval.ts";

export interface SurvivalCohort {
  cohort: CohortConfig;
  model: ModelConfig;
  endpoint: string;
  time: Float64Array;
  event: Float64Array;
  logit: Float64Array;
  probability: Float64Array;
}

interface Grouping {
  name: string;
  groups: string[];
  levels: string[];
  cutPoints: number[];
}

function groupings(s: SurvivalCohort, config: SurvivalAnalysisConfig, thresholds: readonly ChosenThreshold[]): Grouping[] {
  const rule = config.riskGroups;
  const score = rule.score === "logit" ? s.logit : s.probability;
  const quantile =
    rule.kind === "quantiles"
      ? quantileRiskGroups(score, rule.probabilities, rule.labels)
      : null;
  const result: Grouping[] = [];
  if (quantile) result.push({ name: "tertiles", groups: quantile.groups, levels: [...(rule.labels)], cutPoints: quantile.cutPoints });
  for (const t of thresholds) {
    const split = thresholdRiskGroups(s.probability, t.probability, ["Below threshold", "At or above threshold"]);
    result.push({ name: `threshold:${t.id}`, groups: split.groups, levels: ["Below threshold", "At or above threshold"], cutPoints: [t.probability] });
  }
  return result;
}

/** Yearly ticks (365.25 days) from 0 to the last follow-up time. */
function atRiskTimes(time: Float64Array): number[] {
  const last = time.reduce((a, b) => Math.max(a, b), 0);
  return Array.from({ length: Math.floor(last / 365.25) + 1 }, (_, k) => k * 365.25);
}

function coxRows(base: ResultRow, analysis: string, fit: CoxFit): ResultRow[] {
  return fit.names.map((term, i) => ({
    ...base, analysis, term, ties: fit.ties,
    coefficient: fit.coefficients?.[i] ?? null, standardError: fit.standardErrors?.[i] ?? null,
    hazardRatio: fit.hazardRatios?.[i] ?? null, ciLower: fit.ciLower?.[i] ?? null, ciUpper: fit.ciUpper?.[i] ?? null,
    pValue: fit.pValues?.[i] ?? null,
    likelihoodRatio: fit.likelihoodRatioTest?.statistic ?? null, likelihoodRatioP: fit.likelihoodRatioTest?.pValue ?? null,
    wald: fit.waldTest?.statistic ?? null, waldP: fit.waldTest?.pValue ?? null,
    score: fit.scoreTest?.statistic ?? null, scoreP: fit.scoreTest?.pValue ?? null,
    n: fit.n, events: fit.events, notEstimableReason: fit.notEstimableReason,
  }));
}

function cohortTables(s: SurvivalCohort, config: SurvivalAnalysisConfig, thresholds: readonly ChosenThreshold[]) {
  const out = { curve: [] as ResultRow[], atRisk: [] as ResultRow[], summary: [] as ResultRow[], at: [] as ResultRow[], tests: [] as ResultRow[], cox: [] as ResultRow[] };
  const ticks = atRiskTimes(s.time);
  for (const g of groupings(s, config, thresholds)) {
    const base = { cohortId: s.cohort.id, endpoint: s.endpoint, grouping: g.name };
    const present = g.levels.filter((level) => g.groups.includes(level));
    for (const { level, curve } of kaplanMeierByGroup(s.time, s.event, g.groups, present, { confidenceType: "log" })) {
      const row0 = { ...base, group: level, time: 0, survival: 1, ciLower: 1, ciUpper: 1, numberAtRisk: curve.n, events: 0, censored: 0 };
      out.curve.push(row0, ...curve.rows.map((r) => ({ ...base, group: level, time: r.time, survival: r.survival, ciLower: r.ciLower, ciUpper: r.ciUpper, numberAtRisk: r.numberAtRisk, events: r.numberOfEvents, censored: r.numberCensored })));
      for (const a of survivalAtTimes(curve, ticks)) out.atRisk.push({ ...base, group: level, time: a.time, numberAtRisk: a.numberAtRisk });
      const median = medianSurvival(curve);
      out.summary.push({ ...base, group: level, n: curve.n, events: curve.numberOfEvents, median: median.median, medianLower: median.ciLower, medianUpper: median.ciUpper });
      for (const a of survivalAtTimes(curve, config.times)) out.at.push({ ...base, group: level, time: a.time, survival: a.survival, ciLower: a.ciLower, ciUpper: a.ciUpper, numberAtRisk: a.numberAtRisk });
    }
    const logrank = logrankTest(s.time, s.event, g.groups, present);
    out.tests.push({ ...base, test: "log-rank", statistic: logrank.chisq, df: logrank.df, pValue: logrank.pValue });
    if (present.length > 2) {
      const trend = logrankTrendTest(s.time, s.event, g.groups, present, present.map((_, k) => k + 1));
      out.tests.push({ ...base, test: "trend", statistic: trend.chisq, df: 1, pValue: trend.pValue });
    }
    const indicators = indicatorColumns(g.groups, present, present[0]);
    const fit = coxProportionalHazards(s.time, s.event, indicators.columns, { ties: "efron", names: indicators.names.map((n) => `${n} vs ${present[0]}`) });
    out.cox.push(...coxRows(base, `risk groups (${g.name})`, fit));
  }
  const base = { cohortId: s.cohort.id, endpoint: s.endpoint, grouping: "continuous" };
  const perUnit = coxProportionalHazards(s.time, s.event, [s.logit], { ties: "efron", names: ["linear predictor (per unit of logit)"] });
  out.cox.push(...coxRows(base, "continuous score", perUnit));
  // The same association on the scale clinicians read: per 0.1 increase of the probability.
  const perTenth = coxProportionalHazards(s.time, s.event, [Float64Array.from(s.probability, (p) => p / 0.1)], { ties: "efron", names: ["predicted probability (per 0.1 increase)"] });
  out.cox.push(...coxRows(base, "continuous probability", perTenth));
  return out;
}

export function survivalTables(cohorts: readonly SurvivalCohort[], config: SurvivalAnalysisConfig, thresholds: readonly ChosenThreshold[]): ResultTable[] {
  const parts = cohorts.map((s) => cohortTables(s, config, thresholds));
  const all = <K extends keyof (typeof parts)[number]>(key: K) => parts.flatMap((p) => p[key]);
  const key = { cohortId: "string", endpoint: "string", grouping: "string" } as const;
  return [
    { name: "km-curve", columns: { ...key, group: "string", time: "number", survival: "number", ciLower: "number", ciUpper: "number", numberAtRisk: "number", events: "number", censored: "number" }, rows: all("curve") },
    { name: "km-at-risk", columns: { ...key, group: "string", time: "number", numberAtRisk: "number" }, rows: all("atRisk") },
    { name: "km-summary", columns: { ...key, group: "string", n: "number", events: "number", median: "number", medianLower: "number", medianUpper: "number" }, rows: all("summary") },
    { name: "km-survival-at", columns: { ...key, group: "string", time: "number", survival: "number", ciLower: "number", ciUpper: "number", numberAtRisk: "number" }, rows: all("at") },
    { name: "survival-tests", columns: { ...key, test: "string", statistic: "number", df: "number", pValue: "number" }, rows: all("tests") },
    {
      name: "cox",
      columns: {
        ...key, analysis: "string", term: "string", ties: "string", coefficient: "number", standardError: "number", hazardRatio: "number",
        ciLower: "number", ciUpper: "number", pValue: "number", likelihoodRatio: "number", likelihoodRatioP: "number", wald: "number",
        waldP: "number", score: "number", scoreP: "number", n: "number", events: "number", notEstimableReason: "string",
      },
      rows: all("cox"),
    },
    {
      name: "concordance",
      columns: { cohortId: "string", endpoint: "string", concordance: "number", standardError: "number", ciLower: "number", ciUpper: "number", comparablePairs: "number" },
      rows: cohorts.map((s) => {
        const c = harrellConcordance(s.time, s.event, s.logit, { reverse: true });
        const se = c.standardError;
        return {
          cohortId: s.cohort.id, endpoint: s.endpoint, concordance: c.concordance, standardError: se,
          ciLower: c.concordance !== null && se !== null ? c.concordance - Z_95 * se : null,
          ciUpper: c.concordance !== null && se !== null ? c.concordance + Z_95 * se : null,
          comparablePairs: c.comparablePairs,
        };
      }),
    },
  ];
}
