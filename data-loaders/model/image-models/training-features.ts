/**
 * Runs the fixed part of an image model (convolutions, then sequence fusion) over many
 * patients' lesions at once, through the same ONNX nodes the locked model holds.
 */
import type { Logger } from "../../log.ts";
import { progressReporter } from "../inference-progress.ts";
import { loadOnnxRuntime, openSession } from "../onnx-runtime.ts";
import { lesionPatchSize, type ImageArchitecture } from "./architectures.ts";
import { buildEmbeddingGraph, buildTokenGraph } from "./build-graph.ts";
import { LESIONS_INPUT, TOKEN_SIZE, tokenNames } from "./lesion-tokens.ts";
import type { TokenStandardisation } from "./sequence-fusion.ts";

/** One patient's lesion patches, Float32 [lesions, ...patch], lesions in any order. */
export interface LesionPatches {
  patches: Float32Array;
  lesions: number;
}

/** Lesions per onnxruntime call while fitting: large enough to amortise a call, small in memory. */
export const LESIONS_PER_RUN = 64;

/**
 * Sequence tokens of every lesion of every patient, in patient then lesion order: Float32
 * [N, B, 12] with N the total number of lesions and B the tokens per lesion.
 */
export async function lesionTokens(
  architecture: ImageArchitecture,
  patients: readonly LesionPatches[],
  logger: Logger,
): Promise<Float32Array> {
  const ort = await loadOnnxRuntime();
  const session = await openSession(buildTokenGraph(architecture), `${architecture.id} tokens`);
  const perLesion = lesionPatchSize(architecture);
  const perToken = tokenNames(architecture).length * TOKEN_SIZE;
  const total = patients.reduce((sum, p) => sum + p.lesions, 0);
  const tokens = new Float32Array(total * perToken);
  const step = `${architecture.id}: features of ${total} training lesions`;
  const progress = progressReporter(step, total, logger);
  try {
    let done = 0;
    for (const chunk of chunksOfPatients(patients, LESIONS_PER_RUN)) {
      const count = chunk.reduce((sum, p) => sum + p.lesions, 0);
      const data = new Float32Array(count * perLesion);
      let offset = 0;
      for (const p of chunk) {
        data.set(p.patches, offset);
        offset += p.patches.length;
      }
      const shape = [count, architecture.inputChannels, ...architecture.spatialShape];
      const result = await session.run({ [LESIONS_INPUT]: new ort.Tensor("float32", data, shape) });
      tokens.set(result[session.outputNames[0]].data as Float32Array, done * perToken);
      done += count;
      progress(done);
    }
  } finally {
    await session.release();
  }
  return tokens;
}

/** Consecutive patients grouped so that a group holds at most `limit` lesions (or one patient). */
function* chunksOfPatients(patients: readonly LesionPatches[], limit: number) {
  let chunk: LesionPatches[] = [];
  let lesions = 0;
  for (const patient of patients) {
    if (chunk.length > 0 && lesions + patient.lesions > limit) {
      yield chunk;
      chunk = [];
      lesions = 0;
    }
    chunk.push(patient);
    lesions += patient.lesions;
  }
  if (chunk.length > 0) yield chunk;
}

export interface LesionEmbeddings {
  branch: string;
  featureNames: string[];
  /** Float32 [N, featureNames.length], lesions in the order of the tokens. */
  values: Float32Array;
}

/** The fusion step over all lesions' tokens at once: one embedding matrix per head. */
export async function lesionEmbeddings(
  architecture: ImageArchitecture,
  tokens: Float32Array,
  tokenStandardisation: TokenStandardisation | null,
): Promise<LesionEmbeddings[]> {
  const ort = await loadOnnxRuntime();
  const { model, outputs } = buildEmbeddingGraph(architecture, tokenStandardisation);
  const session = await openSession(model, `${architecture.id} embeddings`);
  const branches = tokenNames(architecture).length;
  const count = tokens.length / (branches * TOKEN_SIZE);
  try {
    const input = new ort.Tensor("float32", tokens, [count, branches, TOKEN_SIZE]);
    const result = await session.run({ tokens: input });
    return outputs.map((o) => ({
      branch: o.branch,
      featureNames: o.featureNames,
      values: result[o.name].data as Float32Array,
    }));
  } finally {
    await session.release();
  }
}
