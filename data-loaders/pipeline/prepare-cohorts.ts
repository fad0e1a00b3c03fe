/**
 * Reads every cohort of a study and attaches each model's predictions: the table is read and
 * checked once at the boundary (data-loaders/io/), derived columns are added, the binary
 * outcome and survival columns are built, and each model is run on the encoded features (or its
 * prediction columns are read when inference was done elsewhere).
 */
import { join } from "node:path";
import { sha256OfFile } from "../artifacts/fingerprint.ts";
import { InputError } from "../errors.ts";
import { binaryOutcome, type BinaryOutcome } from "../io/binary-outcome.ts";
import { readCohortTable, type CohortTable } from "../io/cohort-table.ts";
import { deriveColumns } from "../io/derive-columns.ts";
import { encodeFeatures } from "../io/encode-features.ts";
import { predictionColumns } from "../io/prediction-columns.ts";
import { pseudonymize } from "../io/pseudonymize.ts";
import { refuseMissingColumns } from "../io/study-columns.ts";
import type { CohortConfig, ModelConfig, Study } from "../io/study-types.ts";
import { survivalColumns, type SurvivalColumns } from "../io/survival-columns.ts";
import type { Logger } from "../log.ts";
import { runModel } from "../model/run-onnx.ts";

export interface ModelPredictions {
  model: ModelConfig;
  probability: Float64Array;
  /** The logit: the model's output, or log(p / (1 − p)) when it has none. */
  logit: Float64Array | null;
  inputElementType: string;
}

export interface PreparedCohort {
  cohort: CohortConfig;
  table: CohortTable;
  fileSha256: string;
  pseudonyms: string[];
  outcome: BinaryOutcome;
  survival: SurvivalColumns | null;
  predictions: ModelPredictions[];
}

async function predict(study: Study, table: CohortTable, cohort: CohortConfig, model: ModelConfig, logger: Logger): Promise<ModelPredictions> {
  if (model.source.kind === "predictions") {
    const columns = predictionColumns(table, model);
    if (columns.nMissing > 0) {
      throw new InputError({
        file: table.file, cohort: cohort.id, column: model.source.probabilityColumn,
        problem: `${columns.nMissing} predictions are missing`,
        fix: "provide a prediction for every patient, or remove the patients the model could not score from the table and report them in the flow diagram",
      });
    }
    return { model, probability: columns.probability, logit: columns.logit, inputElementType: "predictions column" };
  }
  const encoded = encodeFeatures(table, model, cohort);
  const path = join(study.dir, model.source.file);
  logger.info(`${cohort.id}: running model ${model.id} on ${encoded.n} patients`);
  const result = await runModel(path, encoded.matrix, encoded.n, encoded.k, {
    logger,
    inputName: model.source.input,
    outputs: model.source.outputs,
  });
  return { model, probability: result.probability, logit: result.logit, inputElementType: result.inputElementType };
}

/** Reads, checks and scores one cohort with every model of the study. */
export async function prepareCohort(study: Study, cohort: CohortConfig, logger: Logger): Promise<PreparedCohort> {
  const raw = readCohortTable(study, cohort);
  refuseMissingColumns(study, cohort, raw.columns.keys());
  const table = deriveColumns(raw, cohort);
  const ids = table.columns.get(cohort.idColumn)?.values ?? [];
  const predictions: ModelPredictions[] = [];
  for (const model of study.models) predictions.push(await predict(study, table, cohort, model, logger));
  return {
    cohort,
    table,
    fileSha256: sha256OfFile(join(study.dir, cohort.table)),
    pseudonyms: pseudonymize(ids, cohort.id),
    outcome: binaryOutcome(table, cohort),
    survival: cohort.survival ? survivalColumns(table, cohort) : null,
    predictions,
  };
}
