/**
 * One model's predictions on one cohort, restricted to the patients the binary outcome
 * defines (the rows every discrimination, threshold, calibration and decision-curve statistic
 * uses, so all of them are computed on the same n).
 */
import type { CohortConfig, ModelConfig } from "../io/study-types.ts";
import type { Direction } from "../stats/roc-curve.ts";

export interface ScoredCohort {
  cohort: CohortConfig;
  model: ModelConfig;
  /** The score discrimination is computed on: the logit when the model gives one. */
  score: Float64Array;
  scoreName: "logit" | "probability";
  probability: Float64Array;
  /** 1 = positive (event), 0 = negative; same length as score. */
  outcome: Float64Array;
  /** Subgroup column → level of each included patient (null when missing). */
  subgroupLevels: Map<string, (string | null)[]>;
  direction: Direction;
}

/** Row fields shared by every per-model, per-cohort result row. */
export function keys(scored: ScoredCohort): { modelId: string; cohortId: string } {
  return { modelId: scored.model.id, cohortId: scored.cohort.id };
}
