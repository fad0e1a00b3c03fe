/**
 * Decision curves on every cohort: net benefit of the model at threshold probabilities
 * 0.01 … 0.99 (treated when p >= pt) with a percentile bootstrap 95% CI (patients resampled with
 * replacement, seeded), against treat-all and treat-none, with standardized net benefit and
 * interventions avoided per 100 patients.
 */
import type { ResultRow, ResultTable } from "../artifacts/arrow-table.ts";
import type { Logger } from "../log.ts";
import { decisionCurve, netBenefitBootstrap } from "../stats/decision-curve.ts";
import type { ResamplingSettings } from "./discrimination-tables.ts";
import { keys, type ScoredCohort } from "./scored-cohort.ts";

function rows(s: ScoredCohort, resampling: ResamplingSettings, logger: Logger): ResultRow[] {
  const curve = decisionCurve(s.probability, s.outcome);
  const band = netBenefitBootstrap(s.probability, s.outcome, { ...resampling, logger });
  return curve.threshold.map((pt, i) => ({
    ...keys(s),
    thresholdProbability: pt,
    netBenefitModel: curve.netBenefitModel[i],
    ciLower: band.ciLower[i],
    ciUpper: band.ciUpper[i],
    netBenefitTreatAll: curve.netBenefitTreatAll[i],
    netBenefitTreatNone: curve.netBenefitTreatNone[i],
    standardizedNetBenefit: curve.standardizedNetBenefitModel[i],
    interventionsAvoidedPer100: curve.interventionsAvoidedPer100[i],
    tp: curve.tp[i],
    fp: curve.fp[i],
  }));
}

export function decisionTables(scored: readonly ScoredCohort[], resampling: ResamplingSettings, logger: Logger): ResultTable[] {
  const estimable = scored.filter((s) => s.outcome.includes(0) && s.outcome.includes(1));
  return [
    {
      name: "decision-curve",
      columns: {
        modelId: "string", cohortId: "string", thresholdProbability: "number", netBenefitModel: "number", ciLower: "number",
        ciUpper: "number", netBenefitTreatAll: "number", netBenefitTreatNone: "number", standardizedNetBenefit: "number",
        interventionsAvoidedPer100: "number", tp: "number", fp: "number",
      },
      rows: estimable.flatMap((s) => rows(s, resampling, logger)),
      metadata: { seed: String(resampling.seed), bootstrapReplicates: String(resampling.replicates) },
    },
  ];
}
