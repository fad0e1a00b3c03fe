import { test } from "node:test";
import assert from "node:assert/strict";
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
import { loadOnnxRuntime, openSession } from "../../../data-loaders/model/onnx-runtime.ts";
import { decodeModel } from "../../../data-loaders/model/onnx-schema.ts";
import { seededRandom, type SeededRandom } from "../../../data-loaders/stats/seeded-random.ts";

function randomWeights(a: ImageArchitecture, random: SeededRandom): ImageModelWeights {
  const vector = (d: number, scale: number, shift = 0) =>
    Array.from({ length: d }, () => shift + scale * (random.uniform() - 0.5));
  const heads = headLayout(a).map(({ branch, featureNames }) => ({
    branch,
    featureNames,
    featureMean: vector(featureNames.length, 0.2),
    featureStandardDeviation: vector(featureNames.length, 0.2, 0.5),
    attention: vector(featureNames.length, 2),
    coefficients: vector(featureNames.length, 0.5),
    intercept: -0.3,
    fitMethod: "ridge" as const,
    ridgePenalty: 1,
  }));
  const tokenStandardisation =
    a.fusion === "transformer"
      ? { mean: vector(12, 0.2), standardDeviation: vector(12, 0.2, 0.5) }
      : null;
  const training = { patients: 9, lesions: 20, events: 4 };
  return { modelId: a.id, tokenStandardisation, heads, training };
}

/** Runs a model on one patient's lesions, given as a list of per-lesion patches. */
async function runPatient(model: Uint8Array, a: ImageArchitecture, lesions: Float32Array[]) {
  const ort = await loadOnnxRuntime();
  const session = await openSession(model, a.id);
  const data = new Float32Array(lesions.length * lesionPatchSize(a));
  lesions.forEach((patch, l) => data.set(patch, l * patch.length));
  const shape = [lesions.length, a.inputChannels, ...a.spatialShape];
  const result = await session.run({ lesions: new ort.Tensor("float32", data, shape) });
  await session.release();
  return { logit: result.logit, probability: result.probability };
}

const lesionPatches = (a: ImageArchitecture, count: number, random: SeededRandom) =>
  Array.from({ length: count }, (_, l) =>
    Float32Array.from({ length: lesionPatchSize(a) }, () => (1 + l) * (random.uniform() - 0.4)),
  );

const shapeOf = (value: any) =>
  value.type.tensor_type.shape.dim.map((d: any) => d.dim_value ?? d.dim_param);

for (const id of IMAGE_MODEL_IDS) {
  test(`${id}: runs in onnxruntime-node with 1, 2 and 5 lesions; outputs logit [1] and probability = sigmoid(logit) [1]`, async () => {
    const a = imageArchitecture(id);
    const random = seededRandom(11);
    const model = buildImageModel(a, randomWeights(a, random));
    const logits: number[] = [];
    for (const count of [1, 2, 5]) {
      const { logit, probability } = await runPatient(model, a, lesionPatches(a, count, random));
      assert.deepEqual([logit.dims, probability.dims], [[1], [1]]);
      assert.equal(logit.type, "float32");
      const expected = 1 / (1 + Math.exp(-(logit.data[0] as number)));
      assert.ok(Math.abs((probability.data[0] as number) - expected) < 1e-6);
      logits.push(logit.data[0] as number);
    }
    assert.equal(new Set(logits).size, 3, "different patients give different logits");
  });

  test(`${id}: the lesion axis is a dim_param and permuting lesions leaves the output unchanged (attention pooling is a softmax over lesions)`, async () => {
    const a = imageArchitecture(id);
    const random = seededRandom(12);
    const model = buildImageModel(a, randomWeights(a, random));
    const decoded = decodeModel(model);
    assert.deepEqual(shapeOf(decoded.graph.input[0]), ["L", a.inputChannels, ...a.spatialShape]);
    const lesions = lesionPatches(a, 5, random);
    const original = (await runPatient(model, a, lesions)).logit.data[0] as number;
    for (const order of [[4, 3, 2, 1, 0], [2, 0, 4, 1, 3]]) {
      const result = await runPatient(model, a, order.map((i) => lesions[i]));
      const permuted = result.logit.data[0] as number;
      const tolerance = 1e-6 * Math.max(1, Math.abs(original));
      assert.ok(Math.abs(permuted - original) <= tolerance, `${permuted} vs ${original}`);
    }
  });
}

test("with one lesion the attention vector has no effect: the pooled embedding is that lesion's", async () => {
  const a = imageArchitecture("t1ce-3d", { patchWidth: 8 });
  const weights = randomWeights(a, seededRandom(13));
  const heads = weights.heads.map((h) => ({ ...h, attention: h.attention.map(() => 0) }));
  const flat = { ...weights, heads };
  const lesion = lesionPatches(a, 1, seededRandom(14));
  const withAttention = (await runPatient(buildImageModel(a, weights), a, lesion)).logit.data[0];
  const without = (await runPatient(buildImageModel(a, flat), a, lesion)).logit.data[0];
  assert.equal(withAttention, without);
});

test("the graph is made of convolutions, sequence attention, LayerNormalization and a softmax over lesions, at opset 17", () => {
  const a = imageArchitecture("fusion-3d-transformer");
  const model = decodeModel(buildImageModel(a, randomWeights(a, seededRandom(1))));
  assert.equal(model.ir_version, 8);
  assert.deepEqual(model.opset_import, [{ domain: "", version: 17 }]);
  const ops = model.graph.node.map((n: any) => n.op_type);
  // Full resolution (linear and gradient kernels together), the 3 mm grid and the 6 mm grid.
  assert.equal(ops.filter((op: string) => op === "Conv").length, 3);
  assert.equal(ops.filter((op: string) => op === "LayerNormalization").length, 1);
  const softmaxAxes = model.graph.node
    .filter((n: any) => n.op_type === "Softmax")
    .map((n: any) => n.attribute.find((x: any) => x.name === "axis").i);
  // Axis 2 of [L, S, S]: over sequence tokens; axis 0 of [L, 1]: over lesions.
  assert.deepEqual(softmaxAxes.map(Number), [2, 0]);
  assert.deepEqual(model.graph.output.map((o: any) => [o.name, shapeOf(o)]), [
    ["logit", [1]],
    ["probability", [1]],
  ]);
});

test("late fusion averages one logit per sequence branch; early fusion mixes channels with a 1×1×1 Conv", () => {
  const late = imageArchitecture("late-fusion-3d");
  const lateModel = decodeModel(buildImageModel(late, randomWeights(late, seededRandom(2))));
  const lateOps = lateModel.graph.node.map((n: any) => n.op_type);
  assert.equal(lateOps.filter((op: string) => op === "Softmax").length, 2);
  assert.ok(lateOps.includes("Mean") && lateOps.includes("Split"));
  const early = imageArchitecture("early-fusion-3d");
  const earlyModel = decodeModel(buildImageModel(early, randomWeights(early, seededRandom(3))));
  const mix = earlyModel.graph.initializer.find((t: any) => t.name === "sequence_mix");
  assert.deepEqual(mix.dims.map(Number), [2, 2, 1, 1, 1]);
  const r = Math.fround(Math.SQRT1_2);
  assert.deepEqual(mix.float_data, [r, r, r, -r]);
});

test("metadata names the model, patch kind, sequences, the NCC training fit and every fixed filter", () => {
  const a = imageArchitecture("stack-2.5d");
  const model = decodeModel(buildImageModel(a, randomWeights(a, seededRandom(4))));
  const meta = Object.fromEntries(model.metadata_props.map((p: any) => [p.key, p.value]));
  assert.equal(meta.model_id, "stack-2.5d");
  assert.equal(meta.patch_kind, "2.5d");
  assert.equal(meta.fusion, "transformer");
  assert.deepEqual(JSON.parse(meta.sequences), ["t1ce", "flair"]);
  assert.equal(meta.source, "weights fit on NCC training split");
  assert.deepEqual(JSON.parse(meta.training), { patients: 9, lesions: 20, events: 4 });
  assert.equal(JSON.parse(meta.fixed_filters).length, 8);
  assert.match(meta.input_layout, /^lesions \[L, 6, 32, 32\]/);
});

test("building twice from the same weights gives byte-identical model files", () => {
  for (const id of IMAGE_MODEL_IDS) {
    const a = imageArchitecture(id);
    const first = buildImageModel(a, randomWeights(a, seededRandom(5)));
    const second = buildImageModel(a, randomWeights(a, seededRandom(5)));
    assert.deepEqual(first, second, id);
  }
});

test("refuses weights of another model, a wrong head count or length, non-finite values and sd ≤ 0", () => {
  const a = imageArchitecture("late-fusion-3d");
  const w = randomWeights(a, seededRandom(6));
  const head = w.heads[0];
  const build = (weights: ImageModelWeights) => () => buildImageModel(a, weights);
  assert.throws(build({ ...w, modelId: "t1ce-3d" }), /fitted for another model/);
  assert.throws(build({ ...w, heads: [head] }), /1 head\(s\) given, 2 needed/);
  const withFirst = (first: typeof head) => build({ ...w, heads: [first, w.heads[1]] });
  assert.throws(withFirst({ ...head, attention: [1] }), /needs 12 values/);
  assert.throws(withFirst({ ...head, intercept: NaN }), /not finite/);
  const zeroSd = { ...head, featureStandardDeviation: head.featureStandardDeviation.map(() => 0) };
  assert.throws(withFirst(zeroSd), /has a standard deviation that is not positive/);
  assert.throws(build({ ...w, heads: [w.heads[1], head] }), /head 1 is for "flair", not "t1ce"/);
  const t = imageArchitecture("fusion-3d-transformer");
  const tw = randomWeights(t, seededRandom(7));
  const noTokenStandardisation = { ...tw, tokenStandardisation: null };
  assert.throws(() => buildImageModel(t, noTokenStandardisation), /token standardisation/);
});
