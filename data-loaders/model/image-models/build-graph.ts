/**
 * Writes the locked image models as ONNX graphs: fixed convolutions, sequence fusion, attention
 * pooling over a patient's lesions and a logistic head, all inside one graph with a dynamic
 * lesion axis. Also writes the two partial graphs fit.ts runs on the training lesions, built from
 * the same node-adding functions, so the fitted statistics describe exactly what the locked
 * model computes.
 */
import { writeOnnxModel, type GraphSpec, type ValueType } from "../write-onnx.ts";
import type { ImageArchitecture, ImageModelId } from "./architectures.ts";
import { extractorFilters } from "./feature-extractor.ts";
import { describeFilters } from "./fixed-filters.ts";
import { GraphBuilder } from "./graph-builder.ts";
import { addLesionPooling, type LesionHead } from "./lesion-pooling.ts";
import {
  LESION_AXIS,
  LESIONS_INPUT,
  TOKEN_SIZE,
  addEmbeddings,
  addTokens,
  tokenNames,
} from "./lesion-tokens.ts";
import type { TokenStandardisation } from "./sequence-fusion.ts";

/** Opset 17 for LayerNormalization; IR version 8 is the one that introduced opset 17. */
export const IMAGE_MODEL_OPSET = 17;
export const IMAGE_MODEL_IR_VERSION = 8;
export const IMAGE_MODEL_OUTPUTS = { logit: "logit", probability: "probability" } as const;
export const WEIGHTS_SOURCE = "weights fit on NCC training split";

export interface ImageModelWeights {
  modelId: ImageModelId;
  /** Transformer fusion only; null for the other fusions. */
  tokenStandardisation: TokenStandardisation | null;
  /** One head; for late fusion one per sequence, in the study's order. */
  heads: LesionHead[];
  training: { patients: number; lesions: number; events: number };
}

/**
 * The full locked model: input `lesions` Float32 [L, C, ...spatial] (L = one patient's lesions,
 * a dim_param), outputs `logit` [1] and `probability` [1] = sigmoid(logit), float32. Late fusion
 * averages the branch logits (ONNX Mean) before the sigmoid.
 *
 * @throws RangeError when the weights belong to another model, have the wrong number of heads or
 *   features, or hold a value that is not finite, or a standard deviation that is not positive.
 * @example buildImageModel(imageArchitecture("t1ce-3d"), weights) // Uint8Array of about 7 kB
 */
export function buildImageModel(
  architecture: ImageArchitecture,
  weights: ImageModelWeights,
): Uint8Array {
  const g = new GraphBuilder();
  const input = g.reserve(LESIONS_INPUT);
  const { tokens } = addTokens(g, architecture, input);
  const embeddings = addEmbeddings(g, architecture, tokens, weights.tokenStandardisation);
  checkWeights(architecture, weights, embeddings);
  const logits = embeddings.map((e, b) => addLesionPooling(g, e.value, weights.heads[b]));
  const combined = logits.length === 1 ? logits[0] : g.op("Mean", logits, "mean_branch_logit");
  const { logit, probability } = IMAGE_MODEL_OUTPUTS;
  g.output("Reshape", [combined, g.ints("patient_shape", [1])], logit);
  g.output("Sigmoid", [logit], probability);
  const outputs = [
    { name: logit, type: floatTensor([1]) },
    { name: probability, type: floatTensor([1]) },
  ];
  const metadata = modelMetadata(architecture, weights);
  return write(g, architecture, "image_model", lesionsInput(architecture), outputs, metadata);
}

/** Partial graph: `lesions` [L, C, ...spatial] → `tokens` [L, B, 12] (no learned weights). */
export function buildTokenGraph(architecture: ImageArchitecture): Uint8Array {
  const g = new GraphBuilder();
  const { tokens, branches } = addTokens(g, architecture, g.reserve(LESIONS_INPUT));
  return write(g, architecture, "lesion_tokens", lesionsInput(architecture), [
    { name: tokens, type: floatTensor([LESION_AXIS, branches, TOKEN_SIZE]) },
  ]);
}

/** Partial graph: `tokens` [L, B, 12] → one embedding [L, D] per head, in head order. */
export function buildEmbeddingGraph(
  architecture: ImageArchitecture,
  tokenStandardisation: TokenStandardisation | null,
): { model: Uint8Array; outputs: { branch: string; name: string; featureNames: string[] }[] } {
  const g = new GraphBuilder();
  const branches = tokenNames(architecture).length;
  const input = g.reserve("tokens");
  const embeddings = addEmbeddings(g, architecture, input, tokenStandardisation);
  const inputs = [{ name: input, type: floatTensor([LESION_AXIS, branches, TOKEN_SIZE]) }];
  const outputs = embeddings.map((e) => ({
    name: e.value,
    type: floatTensor([LESION_AXIS, e.featureNames.length]),
  }));
  const model = write(g, architecture, "lesion_embeddings", inputs, outputs);
  const named = embeddings.map(({ branch, value, featureNames }) => ({
    branch,
    name: value,
    featureNames,
  }));
  return { model, outputs: named };
}

/** The heads a model has and the embedding features each reads, without building a model. */
export function headLayout(
  architecture: ImageArchitecture,
): { branch: string; featureNames: string[] }[] {
  const g = new GraphBuilder();
  const placeholder = {
    mean: Array(TOKEN_SIZE).fill(0),
    standardDeviation: Array(TOKEN_SIZE).fill(1),
  };
  const embeddings = addEmbeddings(g, architecture, g.reserve("tokens"), placeholder);
  return embeddings.map(({ branch, featureNames }) => ({ branch, featureNames }));
}

const floatTensor = (shape: (number | string)[]): ValueType => ({
  tensor: { elementType: "float", shape },
});

function lesionsInput(architecture: ImageArchitecture) {
  const shape = [LESION_AXIS, architecture.inputChannels, ...architecture.spatialShape];
  return [{ name: LESIONS_INPUT, type: floatTensor(shape) }];
}

function write(
  g: GraphBuilder,
  architecture: ImageArchitecture,
  part: string,
  inputs: GraphSpec["inputs"],
  outputs: GraphSpec["outputs"],
  metadata: [string, string][] = [],
): Uint8Array {
  return writeOnnxModel({
    graphName: `${architecture.id.replace(/[^a-z0-9]+/g, "_")}_${part}`,
    producer: "validation-report image-models",
    producerVersion: "1",
    docString: architecture.description,
    inputs,
    outputs,
    nodes: g.nodes,
    initializers: g.initializers,
    opsets: [{ domain: "", version: IMAGE_MODEL_OPSET }],
    irVersion: IMAGE_MODEL_IR_VERSION,
    metadata,
  });
}

function modelMetadata(a: ImageArchitecture, w: ImageModelWeights): [string, string][] {
  const slices = a.patchKind === "2.5d" ? " × slices k−1, k, k+1" : "";
  const layout = `[${LESION_AXIS}, ${a.inputChannels}, ${a.spatialShape.join(", ")}]`;
  const channels = `channels ${JSON.stringify(a.inputSequences)}${slices}`;
  const heads = w.heads.map(({ branch, fitMethod, ridgePenalty }) => ({
    branch,
    fitMethod,
    ridgePenalty,
  }));
  return [
    ["model_id", a.id],
    ["architecture", a.description],
    ["fusion", a.fusion],
    ["patch_kind", a.patchKind],
    ["input_layout", `${LESIONS_INPUT} ${layout}, one patient's lesions; ${channels}`],
    ["input_sequences", JSON.stringify(a.inputSequences)],
    ["sequences", JSON.stringify(a.sequences)],
    ["source", WEIGHTS_SOURCE],
    ["training", JSON.stringify(w.training)],
    ["fixed_filters", JSON.stringify(describeFilters(extractorFilters(a.patchKind)))],
    ["lesion_pooling", "attention: softmax over lesions of z·a, pooled = Σ softmax·z"],
    ["heads", JSON.stringify(heads)],
  ];
}

function checkWeights(
  architecture: ImageArchitecture,
  weights: ImageModelWeights,
  embeddings: readonly { branch: string; featureNames: string[] }[],
): void {
  const refuse = (problem: string) => {
    throw new RangeError(
      `weights for "${weights.modelId}" cannot build "${architecture.id}": ${problem}`,
    );
  };
  if (weights.modelId !== architecture.id) refuse("they were fitted for another model");
  if (weights.heads.length !== embeddings.length) {
    refuse(`${weights.heads.length} head(s) given, ${embeddings.length} needed`);
  }
  embeddings.forEach((e, b) => {
    const head = weights.heads[b];
    if (head.branch !== e.branch) {
      refuse(`head ${b + 1} is for "${head.branch}", not "${e.branch}"`);
    }
    const { featureMean, featureStandardDeviation, attention, coefficients } = head;
    const vectors = [featureMean, featureStandardDeviation, attention, coefficients];
    const d = e.featureNames.length;
    if (vectors.some((v) => v.length !== d)) {
      refuse(`head "${head.branch}" needs ${d} values per vector`);
    }
    const values = [...featureMean, ...attention, ...coefficients, head.intercept];
    checkScale(`head "${head.branch}"`, values, featureStandardDeviation, refuse);
  });
  const t = weights.tokenStandardisation;
  if (t !== null) checkScale("the token standardisation", t.mean, t.standardDeviation, refuse);
}

function checkScale(
  what: string,
  values: readonly number[],
  standardDeviations: readonly number[],
  refuse: (problem: string) => void,
): void {
  const all = [...values, ...standardDeviations];
  if (!all.every(Number.isFinite)) refuse(`${what} holds a value that is not finite`);
  if (!standardDeviations.every((s) => s > 0)) {
    refuse(`${what} has a standard deviation that is not positive`);
  }
}
