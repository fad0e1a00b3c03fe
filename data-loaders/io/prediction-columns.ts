/**
 * Predictions made elsewhere and stored in the cohort table (a model whose source kind is
 * "predictions"): read, range-checked and, when a logit column is given too, checked against it.
 */
import { InputError } from "../errors.ts";
import { type CohortTable, rowNumber } from "./cohort-table.ts";
import { numericColumn } from "./column-access.ts";
import type { ModelConfig } from "./study-types.ts";

export interface PredictionColumns {
  /** Predicted probability of the positive class; NaN where the cell was missing. */
  probability: Float64Array;
  /** The model's logit (log-odds) when the table has it; NaN where missing. */
  logit: Float64Array | null;
  /** Rows without a prediction; every metric must exclude these same rows and report the count. */
  nMissing: number;
}

/** Largest |1/(1 + e^−logit) − p| accepted; float32 model outputs differ by about 1e-7. */
export const LOGIT_AGREEMENT = 1e-6;

function refuseDisagreement(
  table: CohortTable,
  model: ModelConfig,
  probability: Float64Array,
  logit: Float64Array,
  column: string,
): void {
  const rows: number[] = [];
  probability.forEach((p, i) => {
    const missingOne = Number.isNaN(p) !== Number.isNaN(logit[i]);
    const apart = !Number.isNaN(p) && Math.abs(1 / (1 + Math.exp(-logit[i])) - p) > LOGIT_AGREEMENT;
    if (missingOne || apart) rows.push(rowNumber(table, i));
  });
  if (rows.length === 0) return;
  throw new InputError({
    file: table.file,
    cohort: table.cohortId,
    column,
    rows,
    problem: `model "${model.id}": the logit and the probability disagree (1/(1 + e^−logit) differs from p by more than ${LOGIT_AGREEMENT}, or only one is missing)`,
    fix: "check that logitColumn and probabilityColumn belong to the same model and row, and that the logit is the natural log-odds",
  });
}

/**
 * A predictions-source model's probabilities (and logits). Missing cells (empty or NA) are
 * allowed and counted, as pROC's na.rm does, so each metric can exclude the same rows; NaN,
 * infinity and values outside [0, 1] are refused.
 *
 * @throws InputError for a missing column; text, NaN or ±Infinity; probabilities outside [0, 1]
 *   (the final sigmoid was probably not applied); non-finite logits; a logit that does not match
 *   its probability.
 * @example predictionColumns(table, model).nMissing // 1 when one prediction cell is empty
 */
export function predictionColumns(table: CohortTable, model: ModelConfig): PredictionColumns {
  if (model.source.kind !== "predictions") {
    throw new InputError({
      cohort: table.cohortId,
      problem: `model "${model.id}" is run by the engine, not read from table columns`,
      fix: "encode its features with encodeFeatures and run it",
    });
  }
  const { probabilityColumn, logitColumn } = model.source;
  const probability = numericColumn(table, probabilityColumn, {
    allowMissing: true,
    min: 0,
    max: 1,
    purpose: `model "${model.id}" probability`,
    rangeFix: "the model must output probabilities in [0, 1]; check that the final sigmoid (or softmax) is applied",
  });
  let logit: Float64Array | null = null;
  if (logitColumn !== undefined) {
    const purpose = `model "${model.id}" logit`;
    logit = numericColumn(table, logitColumn, { allowMissing: true, purpose });
    refuseDisagreement(table, model, probability, logit, logitColumn);
  }
  const nMissing = probability.reduce((count, p) => count + (Number.isNaN(p) ? 1 : 0), 0);
  return { probability, logit, nMissing };
}
