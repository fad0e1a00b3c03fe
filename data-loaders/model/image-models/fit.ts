/**
 * Fits the learned weights of a locked image model on the NCC training split.
 */
import { NotEstimableError } from "../../errors.ts";
import type { Logger } from "../../log.ts";
import { lesionPatchSize, type ImageArchitecture } from "./architectures.ts";
import type { ImageModelWeights } from "./build-graph.ts";
import { DEFAULT_RIDGE_PENALTY, columnMoments, fitLesionHead } from "./fit-head.ts";
import { TOKEN_SIZE } from "./lesion-tokens.ts";
import type { TokenStandardisation } from "./sequence-fusion.ts";
import { lesionEmbeddings, lesionTokens, type LesionPatches } from "./training-features.ts";

export interface TrainingPatient extends LesionPatches {
  /** 1 = event, 0 = no event. */
  outcome: 0 | 1;
}

export interface FitImageModelOptions {
  logger: Logger;
  /** λ of the ridge fallback when maximum likelihood does not exist; default 1. */
  ridgePenalty?: number;
}

/**
 * Fits every learned weight of an image model; the convolution kernels and the Q, K, V
 * projections are fixed (fixed-filters.ts, sequence-fusion.ts) and not fitted. Steps:
 * 1. Tokens of all training lesions through the model's own convolution nodes in onnxruntime.
 * 2. Transformer fusion only: each token feature's mean and standard deviation over all training
 *    lesions and sequences (the token standardisation), then the fusion nodes.
 * 3. Per head (one; one per sequence for late fusion): feature standardisation, attention vector
 *    and logistic head, as `fitLesionHead` describes.
 * Deterministic: the same patients in the same order give the same weights, bit for bit.
 *
 * Only NCC training patients may be passed: the caller guarantees that no validation or external
 * cohort reaches this function, and the weights are labelled "fit on NCC training split".
 *
 * @throws RangeError when there are no patients, a lesion count is not a positive integer, a
 *   patch array does not hold lesions × patch floats, a patch value is NaN or infinite, or an
 *   outcome is not 0 or 1.
 * @throws NotEstimableError when all training patients have the same outcome.
 * @example
 * await fitImageModel(imageArchitecture("t1ce-3d"), ncc, { logger })
 * // { modelId: "t1ce-3d", tokenStandardisation: null, heads: [{ branch: "t1ce", … }],
 * //   training: { patients: 240, lesions: 610, events: 96 } }
 */
export async function fitImageModel(
  architecture: ImageArchitecture,
  trainingPatients: readonly TrainingPatient[],
  options: FitImageModelOptions,
): Promise<ImageModelWeights> {
  const { logger } = options;
  const ridgePenalty = options.ridgePenalty ?? DEFAULT_RIDGE_PENALTY;
  checkTrainingPatients(architecture, trainingPatients);
  const patientLesions = trainingPatients.map((p) => p.lesions);
  const outcomes = trainingPatients.map((p) => p.outcome);
  const training = {
    patients: trainingPatients.length,
    lesions: patientLesions.reduce((sum, l) => sum + l, 0),
    events: outcomes.reduce<number>((sum, y) => sum + y, 0),
  };
  logger.info(
    `${architecture.id}: fitting on the NCC training split, ${training.patients} patients (${training.events} events), ${training.lesions} lesions`,
  );

  const tokens = await lesionTokens(architecture, trainingPatients, logger);
  const tokenStandardisation = architecture.fusion === "transformer" ? tokenMoments(tokens) : null;
  const embeddings = await lesionEmbeddings(architecture, tokens, tokenStandardisation);
  const heads = embeddings.map((e) =>
    fitLesionHead(e, patientLesions, outcomes, {
      logger,
      ridgePenalty,
      label: `${architecture.id} head "${e.branch}"`,
    }),
  );
  return { modelId: architecture.id, tokenStandardisation, heads, training };
}

/** Mean and sd of each token feature over every token (lesions × sequences). */
function tokenMoments(tokens: Float32Array): TokenStandardisation {
  const rows = tokens.length / TOKEN_SIZE;
  const moments = columnMoments({ rows, columns: TOKEN_SIZE, values: Float64Array.from(tokens) });
  return { mean: moments.mean, standardDeviation: moments.standardDeviation };
}

function checkTrainingPatients(
  architecture: ImageArchitecture,
  patients: readonly TrainingPatient[],
): void {
  if (patients.length === 0) {
    throw new RangeError(`${architecture.id}: no training patients; pass the NCC training split`);
  }
  const perLesion = lesionPatchSize(architecture);
  patients.forEach((p, i) => {
    checkLesionPatches(p, perLesion, `${architecture.id}: training patient ${i + 1}`);
    if (p.outcome !== 0 && p.outcome !== 1) {
      throw new RangeError(
        `${architecture.id}: training patient ${i + 1} has outcome ${p.outcome}; code outcomes as 1 = event, 0 = no event`,
      );
    }
  });
  const events = patients.filter((p) => p.outcome === 1).length;
  if (events === 0 || events === patients.length) {
    throw new NotEstimableError(
      `${architecture.id}: all ${patients.length} training patients have outcome ${patients[0].outcome}; the head needs patients with and without the event`,
    );
  }
}

/**
 * Checks one patient's patches: a positive integer lesion count, lesions × perLesion floats, all
 * finite (a NaN would spread through the convolutions and the softmax to the patient's logit).
 *
 * @throws RangeError naming the patient (by position), the problem and the fix.
 */
export function checkLesionPatches(p: LesionPatches, perLesion: number, who: string): void {
  if (!(Number.isInteger(p.lesions) && p.lesions >= 1)) {
    throw new RangeError(`${who} has ${p.lesions} lesions; every patient needs at least one lesion`);
  }
  if (!(p.patches instanceof Float32Array) || p.patches.length !== p.lesions * perLesion) {
    throw new RangeError(
      `${who}: the patches hold ${p.patches?.length ?? "no"} floats; ${p.lesions} lesion(s) × ${perLesion} = ${p.lesions * perLesion} expected (Float32Array)`,
    );
  }
  let bad = 0;
  for (let i = 0; i < p.patches.length; i++) if (!Number.isFinite(p.patches[i])) bad++;
  if (bad > 0) {
    throw new RangeError(
      `${who}: ${bad} patch value(s) are NaN or infinite; patches are zero outside the volume and clipped to [−5, 5] after normalisation, so check the preprocessing`,
    );
  }
}
