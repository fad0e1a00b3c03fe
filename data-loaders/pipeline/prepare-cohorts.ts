/**
 * Reads every cohort of a study and attaches each model's predictions: the table is read and
 * checked once at the boundary (data-loaders/io/), derived columns are added, the binary
 * outcome and survival columns are built, and each model is run on the encoded features (or its
 * prediction columns are read when inference was done elsewhere).
 */
import { join } from "node:path";
import { sha256OfFile } from "../artifacts/fingerprint.ts";
import type { BinaryOutcome } from "../io/binary-outcome.ts";
import { readCohortTable, type CohortTable } from "../io/cohort-table.ts";
import type { EncodedFeatures } from "../io/encode-features.ts";
import type { CohortConfig, ModelConfig, Study } from "../io/study-types.ts";
import type { CohortFlow } from "../io/cohort-selection.ts";
import type { SurvivalColumns } from "../io/survival-columns.ts";
import type { SurvivalEndpoint } from "../io/survival-endpoints.ts";
import type { Table1Row } from "../io/table1.ts";
import { validateCohort, type ValidatedCohort } from "../io/validate-cohort.ts";
import type { PatchKind } from "../imaging/patches.ts";
import type { Logger } from "../log.ts";
import { runImageModel } from "../model/run-image-model.ts";
import { runModel } from "../model/run-onnx.ts";
import { cachedInference } from "./inference-cache.ts";
import { cohortPatches } from "./image-patches.ts";

export interface ModelPredictions {
  model: ModelConfig;
  probability: Float64Array;
  /** The logit: the model's output, or log(p / (1 − p)) when it has none. */
  logit: Float64Array | null;
  inputElementType: string;
  /** Patients without a prediction (stored predictions only); NaN in probability. */
  missing: number;
}

export interface PreparedCohort {
  cohort: CohortConfig;
  table: CohortTable;
  fileSha256: string;
  pseudonyms: string[];
  outcome: BinaryOutcome;
  survival: SurvivalColumns | null;
  /** Every survival endpoint of the cohort, in study.json order. */
  survivalEndpoints: SurvivalEndpoint[];
  /** Patients in the file, in the cohort, excluded per reason, eligible (the flow diagram). */
  flow: CohortFlow;
  table1: Table1Row[];
  /** Each subgroup column's level per row (null = missing). */
  subgroups: Map<string, (string | null)[]>;
  predictions: ModelPredictions[];
}

async function runOnnx(study: Study, cohort: CohortConfig, model: ModelConfig, encoded: EncodedFeatures, logger: Logger): Promise<ModelPredictions> {
  if (model.source.kind !== "onnx") throw new Error(`model ${model.id} is not an ONNX model`);
  const path = join(study.dir, model.source.file);
  logger.info(`${cohort.id}: running model ${model.id} on ${encoded.n} patients`);
  const result = await runModel(path, encoded.matrix, encoded.n, encoded.k, {
    logger,
    inputName: model.source.input,
    outputs: model.source.outputs,
  });
  return { model, probability: result.probability, logit: result.logit, inputElementType: result.inputElementType, missing: 0 };
}

/** Runs every image model of the study on the cohort's preprocessed lesion patches. */
async function runImageModels(study: Study, cohort: CohortConfig, validated: ValidatedCohort, logger: Logger): Promise<Map<string, ModelPredictions>> {
  const results = new Map<string, ModelPredictions>();
  const imageModels = study.models.filter((m) => m.source.kind === "onnx-image");
  if (imageModels.length === 0 || validated.images === null) return results;
  const kinds = [...new Set(imageModels.map((m) => (m.source.kind === "onnx-image" ? m.source.patch : "3d")))] as PatchKind[];
  let patients: ReturnType<typeof cohortPatches> | null = null;
  for (const model of imageModels) {
    if (model.source.kind !== "onnx-image") continue;
    const source = model.source;
    const run = await cachedInference(study, cohort, model, validated.images, async () => {
      patients ??= cohortPatches(study.dir, cohort.id, validated.images!, kinds, logger);
      const inputs = patients.map((p) => ({ patches: p.patches.get(source.patch)!, lesions: p.lesions, row: p.row }));
      const shape = patients[0]?.shapes.get(source.patch)?.slice(1) ?? [];
      const scored = await runImageModel(source.file, inputs, shape, { input: source.input, probability: source.outputs.probability, logit: source.outputs.logit }, logger, study.dir);
      return { probability: scored.probability, logit: scored.logit };
    }, logger);
    results.set(model.id, { model, probability: run.probability, logit: run.logit, inputElementType: "float32 lesion patches", missing: 0 });
  }
  return results;
}

/**
 * Reads, checks and scores one cohort with every model of the study. Stored predictions may be
 * missing for some patients (a model that could not score them): those rows are excluded from
 * every statistic of that model, counted in the cohorts table and named in a warning.
 */
export async function prepareCohort(study: Study, cohort: CohortConfig, logger: Logger): Promise<PreparedCohort> {
  const validated = validateCohort(readCohortTable(study, cohort), study, cohort);
  const imageRuns = await runImageModels(study, cohort, validated, logger);
  const predictions: ModelPredictions[] = [];
  for (const model of study.models) {
    const image = imageRuns.get(model.id);
    if (image) {
      predictions.push(image);
      continue;
    }
    const encoded = validated.features.get(model.id);
    if (encoded) {
      predictions.push(await runOnnx(study, cohort, model, encoded, logger));
      continue;
    }
    const stored = validated.predictions.get(model.id)!;
    if (stored.nMissing > 0) {
      logger.warn(`${cohort.id}: model ${model.id} has no prediction for ${stored.nMissing} of ${validated.table.nRows} patients; they are excluded from its statistics and counted in the report`);
    }
    predictions.push({ model, probability: stored.probability, logit: stored.logit, inputElementType: "predictions column", missing: stored.nMissing });
  }
  return {
    cohort,
    table: validated.table,
    fileSha256: sha256OfFile(join(study.dir, cohort.table)),
    pseudonyms: validated.pseudonyms,
    outcome: validated.outcome,
    survival: validated.survival,
    survivalEndpoints: validated.survivalEndpoints,
    flow: validated.flow,
    table1: validated.table1,
    subgroups: validated.subgroups,
    predictions,
  };
}
