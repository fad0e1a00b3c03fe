/**
 * Selects the rows each analysis uses. Binary analyses use the patients whose outcome the
 * definition settles (outcome 0 or 1); survival analyses use every patient with follow-up.
 */
import type { Study } from "../io/study-types.ts";
import type { PreparedCohort } from "./prepare-cohorts.ts";
import type { ScoredCohort } from "./scored-cohort.ts";
import type { SurvivalCohort } from "./survival-tables.ts";

/** One scored cohort per model × cohort, restricted to the rows with a binary outcome. */
export function scoredCohorts(study: Study, prepared: readonly PreparedCohort[]): ScoredCohort[] {
  const direction = study.direction === "higher-score-more-likely-positive" ? "<" : ">";
  return prepared.flatMap((p) =>
    p.predictions.map((prediction) => {
      // The same rows for every statistic of this model: outcome defined and a prediction present.
      const rows = Array.from(p.outcome.outcome.keys()).filter(
        (i) => p.outcome.outcome[i] !== -1 && !Number.isNaN(prediction.probability[i]),
      );
      const pick = (values: ArrayLike<number>) => Float64Array.from(rows, (i) => values[i]);
      const subgroupLevels = new Map([...p.subgroups].map(([column, levels]) => [column, rows.map((i) => levels[i])] as const));
      return {
      cohort: p.cohort,
      model: prediction.model,
      score: pick(prediction.logit ?? prediction.probability),
      scoreName: prediction.logit ? ("logit" as const) : ("probability" as const),
      probability: pick(prediction.probability),
      outcome: pick(p.outcome.outcome),
      subgroupLevels,
      direction,
      };
    }),
  );
}

/** The primary model's predictions on every non-development cohort, once per survival endpoint. */
export function survivalCohorts(study: Study, prepared: readonly PreparedCohort[]): SurvivalCohort[] {
  const primary = study.models.find((m) => m.primary) ?? study.models[0];
  return prepared
    .filter((p) => p.cohort.role !== "development")
    .flatMap((p) => {
      const prediction = p.predictions.find((q) => q.model.id === primary.id)!;
      const rows = Array.from(prediction.probability.keys()).filter((i) => !Number.isNaN(prediction.probability[i]));
      const pick = (values: ArrayLike<number>) => Float64Array.from(rows, (i) => values[i]);
      const probability = pick(prediction.probability);
      const logit = prediction.logit ? pick(prediction.logit) : Float64Array.from(probability, (x) => Math.log(x / (1 - x)));
      return p.survivalEndpoints.map((endpoint) => ({
        cohort: p.cohort,
        model: primary,
        endpoint: endpoint.label,
        time: pick(endpoint.time),
        event: pick(endpoint.event),
        logit,
        probability,
      }));
    });
}
