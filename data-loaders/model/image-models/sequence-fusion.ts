/**
 * Transformer-style fusion of the sequence tokens of each lesion: one self-attention block over
 * the S tokens (one per MRI sequence), residual connection, layer normalisation, and the mean over
 * tokens as the lesion's embedding.
 */
import { float, int, ints, type GraphBuilder } from "./graph-builder.ts";

/** Layer normalisation's ε, as in the original transformer implementations. */
export const LAYER_NORM_EPSILON = 1e-5;

export interface TokenStandardisation {
  /** Per token feature, over all training lesions and sequences. */
  mean: number[];
  /** Per token feature; a feature constant in training is given 1, so it stays at 0. */
  standardDeviation: number[];
}

/**
 * Adds the fusion block to `g`: tokens T [L, S, d] → lesion embeddings [L, d].
 *
 *   Z = (T − mean) / sd                      (per feature; fitted on NCC training lesions)
 *   Q = Z·Wq, K = Z·Wk, V = Z·Wv             (Wq = Wk = Wv = identity, fixed)
 *   P = softmax over the token axis of Q·Kᵀ / √d
 *   H = LayerNorm(Z + P·V)                   (over the d features, ε = 1e-5, gain 1, bias 0)
 *   embedding = mean of H over the S tokens
 *
 * The projections are fixed at the identity and stored as MatMul initializers: each sequence's
 * token attends most to the tokens whose standardised feature profile it resembles. Learning
 * d×d projections would need far more training lesions than the NCC training split holds.
 * Vaswani A et al. Attention is all you need. NeurIPS 2017; Ba JL, Kiros JR, Hinton GE. Layer
 * normalization. arXiv:1607.06450, 2016.
 *
 * @returns the name of the [L, d] embedding value.
 */
export function addSequenceFusion(
  g: GraphBuilder,
  tokens: string,
  d: number,
  standardisation: TokenStandardisation,
): string {
  const mean = g.floats("token_mean", [d], standardisation.mean);
  const sd = g.floats("token_sd", [d], standardisation.standardDeviation);
  const z = g.op("Div", [g.op("Sub", [tokens, mean], "token_centred"), sd], "token_standardised");

  const identity = identityMatrix(d);
  const project = (name: string) =>
    g.op("MatMul", [z, g.floats(`${name}_projection`, [d, d], identity)], name);
  const [query, key, value] = [project("query"), project("key"), project("value")];
  const keyT = g.op("Transpose", [key], "key_transposed", { perm: ints([0, 2, 1]) });
  const scores = g.op("MatMul", [query, keyT], "attention_scores");
  const scaled = g.op("Div", [scores, g.floats("sqrt_d", [], [Math.sqrt(d)])], "scaled_scores");
  const weights = g.op("Softmax", [scaled], "attention_weights", { axis: int(2) });
  const attended = g.op("MatMul", [weights, value], "attended");
  const residual = g.op("Add", [z, attended], "residual");

  const gain = g.floats("layer_norm_gain", [d], Array(d).fill(1));
  const bias = g.floats("layer_norm_bias", [d], Array(d).fill(0));
  const normalised = g.op("LayerNormalization", [residual, gain, bias], "layer_normalised", {
    axis: int(-1),
    epsilon: float(LAYER_NORM_EPSILON),
  });
  return g.op("ReduceMean", [normalised], "lesion_embedding", {
    axes: ints([1]),
    keepdims: int(0),
  });
}

function identityMatrix(d: number): number[] {
  return Array.from({ length: d * d }, (_, i) => (Math.floor(i / d) === i % d ? 1 : 0));
}
