import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../../assert-close.ts";
import {
  IMAGE_MODEL_IDS,
  imageArchitecture,
  lesionPatchSize,
  type ImageArchitecture,
} from "../../../data-loaders/model/image-models/architectures.ts";
import {
  buildImageModel,
  headLayout,
  type ImageModelWeights,
} from "../../../data-loaders/model/image-models/build-graph.ts";
import { filterBank } from "../../../data-loaders/model/image-models/fixed-filters.ts";
import { scoreImagePatients } from "../../../data-loaders/model/image-models/score-patients.ts";
import { silentLogger } from "../../../data-loaders/log.ts";
import { seededRandom, type SeededRandom } from "../../../data-loaders/stats/seeded-random.ts";

// An independent float64 computation of what every image model's graph should compute, written
// from the formulas in the module doc comments with plain loops (no ONNX, no graph code): naive
// zero-padded cross-correlation, 2× average pooling, Relu, mean and max, attention over
// sequence tokens, layer normalisation, attention pooling over lesions, logistic head.

type Volume = { shape: number[]; values: Float64Array };

/** Cross-correlation with zero padding ("same"), as ONNX Conv computes it. */
function correlate(image: Volume, kernel: Float64Array, size: number): Volume {
  const { shape, values } = image;
  const half = (size - 1) / 2;
  const n = shape.length;
  const out = new Float64Array(values.length);
  const at = (index: number[]) =>
    index.every((v, a) => v >= 0 && v < shape[a]) ? values[flat(index, shape)] : 0;
  for (let o = 0; o < out.length; o++) {
    const position = unflat(o, shape);
    let sum = 0;
    for (let k = 0; k < kernel.length; k++) {
      const offset = unflat(k, Array(n).fill(size)).map((v) => v - half);
      sum += kernel[k] * at(position.map((p, a) => p + offset[a]));
    }
    out[o] = sum;
  }
  return { shape, values: out };
}

function flat(index: number[], shape: number[]): number {
  return index.reduce((acc, v, a) => acc * shape[a] + v, 0);
}

function unflat(i: number, shape: number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    index[a] = i % shape[a];
    i = Math.floor(i / shape[a]);
  }
  return index;
}

function averagePool(image: Volume): Volume {
  const shape = image.shape.map((w) => Math.floor(w / 2));
  const out = new Float64Array(shape.reduce((p, w) => p * w, 1));
  const corners = 2 ** shape.length;
  for (let o = 0; o < out.length; o++) {
    const base = unflat(o, shape).map((v) => 2 * v);
    for (let c = 0; c < corners; c++) {
      const index = base.map((v, a) => v + ((c >> a) & 1));
      out[o] += image.values[flat(index, image.shape)] / corners;
    }
  }
  return { shape, values: out };
}

const add = (a: Volume, b: Volume): Volume => ({
  shape: a.shape,
  values: a.values.map((v, i) => v + b.values[i]),
});

const scale = (a: Volume, factor: number): Volume => ({
  shape: a.shape,
  values: a.values.map((v) => v * factor),
});

/** Token of one image: means of the six rectified maps, then their maxima. */
function token(slices: Volume[], geometry: "3d" | "2.5d" | "2d"): number[] {
  const fine = filterBank(geometry === "2d" ? 2 : 3);
  const coarse = filterBank(geometry === "3d" ? 3 : 2);
  const fineResponse = (kernel: Float64Array) => {
    if (geometry !== "2.5d") return correlate(slices[0], kernel, 3);
    // The 3-wide 3D kernel's plane dz is applied to slice dz; summed: the kernel at the centre.
    const planes = slices.map((s, dz) => correlate(s, kernel.subarray(9 * dz, 9 * dz + 9), 3));
    return planes.reduce(add);
  };
  const [smooth, blobFine] = fine.full.map((f) => fineResponse(f.values));
  const gradients = fine.gradient.map((f) => fineResponse(f.values));
  const edge = {
    shape: smooth.shape,
    values: smooth.values.map((_, i) => Math.hypot(...gradients.map((g) => g.values[i]))),
  };
  const base = geometry === "2.5d" ? scale(slices.reduce(add), 1 / 3) : slices[0];
  const half = averagePool(base);
  const quarter = averagePool(half);
  const maps = [
    smooth,
    blobFine,
    edge,
    ...coarse.half.map((f) => correlate(half, f.values, f.size)),
    correlate(quarter, coarse.quarter[0].values, coarse.quarter[0].size),
  ].map((m) => Array.from(m.values, (v) => Math.max(0, v)));
  const mean = maps.map((m) => m.reduce((s, v) => s + v, 0) / m.length);
  const max = maps.map((m) => Math.max(...m));
  return [...mean, ...max];
}

/** The images of one lesion, one list of slices per branch. */
function branchImages(a: ImageArchitecture, patch: Float64Array): Volume[][] {
  const shape = [...a.spatialShape];
  const voxels = shape.reduce((p, w) => p * w, 1);
  const channel = (c: number): Volume => ({
    shape,
    values: patch.slice(c * voxels, (c + 1) * voxels),
  });
  const perSequence = a.patchKind === "2.5d" ? 3 : 1;
  const sequenceSlices = (name: string) => {
    const s = a.inputSequences.indexOf(name);
    return Array.from({ length: perSequence }, (_, k) => channel(s * perSequence + k));
  };
  if (a.fusion !== "early") return a.sequences.map(sequenceSlices);
  const [t1, fl] = [channel(0).values, channel(1).values];
  return [
    [{ shape, values: t1.map((v, i) => (v + fl[i]) / Math.SQRT2) }],
    [{ shape, values: t1.map((v, i) => (v - fl[i]) / Math.SQRT2) }],
  ];
}

function attentionFusion(tokens: number[][], mean: number[], sd: number[]): number[] {
  const d = mean.length;
  const z = tokens.map((t) => t.map((v, j) => (v - mean[j]) / sd[j]));
  const dot = (u: number[], v: number[]) => u.reduce((s, x, j) => s + x * v[j], 0);
  const fused = z.map((q) => {
    const scores = z.map((k) => dot(q, k) / Math.sqrt(d));
    const top = Math.max(...scores);
    const w = scores.map((s) => Math.exp(s - top));
    const total = w.reduce((s, x) => s + x, 0);
    const h = q.map((x, j) => x + z.reduce((s, v, i) => s + (w[i] / total) * v[j], 0));
    const mu = h.reduce((s, x) => s + x, 0) / d;
    const variance = h.reduce((s, x) => s + (x - mu) ** 2, 0) / d;
    return h.map((x) => (x - mu) / Math.sqrt(variance + 1e-5));
  });
  return Array.from({ length: d }, (_, j) => fused.reduce((s, h) => s + h[j], 0) / fused.length);
}

function headLogit(embeddings: number[][], head: ImageModelWeights["heads"][number]): number {
  const z = embeddings.map((e) =>
    e.map((v, j) => (v - head.featureMean[j]) / head.featureStandardDeviation[j]),
  );
  const scores = z.map((row) => row.reduce((s, v, j) => s + v * head.attention[j], 0));
  const top = Math.max(...scores);
  const w = scores.map((s) => Math.exp(s - top));
  const total = w.reduce((s, x) => s + x, 0);
  const pooled = head.coefficients.map((_, j) =>
    z.reduce((s, row, l) => s + (w[l] / total) * row[j], 0),
  );
  return pooled.reduce((s, v, j) => s + v * head.coefficients[j], head.intercept);
}

function referenceLogit(
  a: ImageArchitecture,
  w: ImageModelWeights,
  patches: Float32Array,
  lesions: number,
): number {
  const per = lesionPatchSize(a);
  const lesionTokens = Array.from({ length: lesions }, (_, l) => {
    const patch = Float64Array.from(patches.subarray(l * per, (l + 1) * per));
    return branchImages(a, patch).map((slices) => token(slices, a.patchKind));
  });
  const t = w.tokenStandardisation;
  let embeddingsPerHead: number[][][];
  if (a.fusion === "transformer") {
    const fuse = (tokens: number[][]) => attentionFusion(tokens, t!.mean, t!.standardDeviation);
    embeddingsPerHead = [lesionTokens.map(fuse)];
  } else if (a.fusion === "early") {
    embeddingsPerHead = [lesionTokens.map((tokens) => tokens.flat())];
  } else {
    embeddingsPerHead = a.sequences.map((_, b) => lesionTokens.map((tokens) => tokens[b]));
  }
  const logits = embeddingsPerHead.map((e, b) => headLogit(e, w.heads[b]));
  return logits.reduce((s, v) => s + v, 0) / logits.length;
}

function randomWeights(a: ImageArchitecture, random: SeededRandom): ImageModelWeights {
  const vector = (d: number, scale: number, shift = 0) =>
    Array.from({ length: d }, () => Math.fround(shift + scale * (random.uniform() - 0.5)));
  const heads = headLayout(a).map(({ branch, featureNames }) => {
    const d = featureNames.length;
    return {
      branch,
      featureNames,
      featureMean: vector(d, 0.4),
      featureStandardDeviation: vector(d, 0.5, 0.6),
      attention: vector(d, 2),
      coefficients: vector(d, 1),
      intercept: Math.fround(random.uniform() - 0.5),
      fitMethod: "ridge" as const,
      ridgePenalty: 1,
    };
  });
  const tokenStandardisation =
    a.fusion === "transformer"
      ? { mean: vector(12, 0.4), standardDeviation: vector(12, 0.5, 0.6) }
      : null;
  const training = { patients: 0, lesions: 0, events: 0 };
  return { modelId: a.id, tokenStandardisation, heads, training };
}

for (const id of IMAGE_MODEL_IDS) {
  test(`${id}: onnxruntime's logit and probability equal a float64 loop computation of the same graph (3 lesions, 8-voxel patches, within float32 rounding)`, async () => {
    const a = imageArchitecture(id, { patchWidth: 8 });
    const random = seededRandom(20240611);
    const weights = randomWeights(a, random);
    const lesions = 3;
    const size = lesions * lesionPatchSize(a);
    const patches = Float32Array.from({ length: size }, () => 3 * (random.uniform() - 0.3));
    const model = buildImageModel(a, weights);
    const patient = [{ patches, lesions }];
    const scores = await scoreImagePatients(model, a, patient, { logger: silentLogger });
    const expected = referenceLogit(a, weights, patches, lesions);
    assert.ok(Math.abs(expected) > 0.05, `the test needs a logit away from 0, got ${expected}`);
    assertClose(scores.logit[0], expected, 2e-5, `${id} logit`);
    assertClose(scores.probability[0], 1 / (1 + Math.exp(-expected)), 1e-5, `${id} probability`);
  });
}
