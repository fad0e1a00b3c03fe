/**
 * From lesion embeddings to the patient's logit: standardisation, attention pooling over the
 * patient's lesions (multiple-instance learning), and a logistic head.
 */
import { int, ints, type GraphBuilder } from "./graph-builder.ts";

export interface LesionHead {
  /** "fused", or the sequence a late-fusion branch reads. */
  branch: string;
  featureNames: string[];
  /** Per embedding feature, over the NCC training lesions. */
  featureMean: number[];
  /** Per embedding feature; a feature constant in training is given 1. */
  featureStandardDeviation: number[];
  /** The attention vector a: lesion l's score is z_l · a. */
  attention: number[];
  /** Head weights w on the pooled standardised embedding. */
  coefficients: number[];
  intercept: number;
  /** How the head was fitted (see fit.ts). */
  fitMethod: "maximum-likelihood" | "ridge";
  /** The ridge penalty λ when fitMethod is "ridge", else null. */
  ridgePenalty: number | null;
}

/**
 * Adds one branch's pooling and head to `g`: embeddings E [L, D] → logit [1, 1].
 *
 *   z_l = (E_l − mean) / sd
 *   α = softmax over the L lesions of z_l · a
 *   pooled = Σ_l α_l z_l
 *   logit = pooled · w + b
 *
 * Ilse M, Tomczak JM, Welling M. Attention-based deep multiple instance learning. ICML 2018
 * (here with a linear score z · a in place of their small network). The softmax runs over the
 * lesion axis, so the result does not depend on the order of the lesions.
 *
 * @returns the name of the [1, 1] logit value.
 */
export function addLesionPooling(g: GraphBuilder, embeddings: string, head: LesionHead): string {
  const d = head.featureMean.length;
  const tag = head.branch;
  const mean = g.floats(`${tag}_feature_mean`, [d], head.featureMean);
  const sd = g.floats(`${tag}_feature_sd`, [d], head.featureStandardDeviation);
  const centred = g.op("Sub", [embeddings, mean], `${tag}_centred`);
  const z = g.op("Div", [centred, sd], `${tag}_standardised`);

  const a = g.floats(`${tag}_attention_vector`, [d, 1], head.attention);
  const scores = g.op("MatMul", [z, a], `${tag}_lesion_scores`);
  const alpha = g.op("Softmax", [scores], `${tag}_lesion_weights`, { axis: int(0) });
  const alphaT = g.op("Transpose", [alpha], `${tag}_lesion_weights_row`, { perm: ints([1, 0]) });
  const pooled = g.op("MatMul", [alphaT, z], `${tag}_pooled`);

  const w = g.floats(`${tag}_head_weights`, [d, 1], head.coefficients);
  const b = g.floats(`${tag}_head_intercept`, [1], [head.intercept]);
  return g.op("Add", [g.op("MatMul", [pooled, w], `${tag}_weighted_sum`), b], `${tag}_logit`);
}
