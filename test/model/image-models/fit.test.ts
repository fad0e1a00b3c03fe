import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../../assert-close.ts";
import {
  IMAGE_MODEL_IDS,
  imageArchitecture,
  lesionPatchSize,
  type ImageArchitecture,
} from "../../../data-loaders/model/image-models/architectures.ts";
import { buildImageModel } from "../../../data-loaders/model/image-models/build-graph.ts";
import {
  fitImageModel,
  type TrainingPatient,
} from "../../../data-loaders/model/image-models/fit.ts";
import { scoreImagePatients } from "../../../data-loaders/model/image-models/score-patients.ts";
import { syntheticPatient } from "../../../data-loaders/model/image-models/synthetic-patches.ts";
import {
  lesionEmbeddings,
  lesionTokens,
} from "../../../data-loaders/model/image-models/training-features.ts";
import { NotEstimableError } from "../../../data-loaders/errors.ts";
import { memoryLogger, silentLogger } from "../../../data-loaders/log.ts";
import { delong } from "../../../data-loaders/stats/delong.ts";
import { seededRandom } from "../../../data-loaders/stats/seeded-random.ts";

/**
 * Patients with 1–3 lesions; events have larger enhancing balls (radius 3.5–6 voxels against
 * 2.5–5, overlapping), with noise sd 0.5 on intensities of about 2.
 */
function cohort(a: ImageArchitecture, patients: number, seed: number): TrainingPatient[] {
  const random = seededRandom(seed);
  return Array.from({ length: patients }, (_, i) => {
    const outcome = (i % 2) as 0 | 1;
    const lesions = Array.from({ length: 1 + random.integer(3) }, () => ({
      radius: (outcome ? 3.5 : 2.5) + 2.5 * random.uniform(),
    }));
    return { ...syntheticPatient(a, lesions, random, 0.5), outcome };
  });
}

for (const id of IMAGE_MODEL_IDS) {
  test(`${id}: fitted where lesion size differs by class, the training AUC (DeLong) is well above 0.5`, async () => {
    const a = imageArchitecture(id);
    const training = cohort(a, 60, 1);
    const weights = await fitImageModel(a, training, { logger: silentLogger });
    const model = buildImageModel(a, weights);
    const scores = await scoreImagePatients(model, a, training, { logger: silentLogger });
    const result = delong(scores.probability, training.map((p) => p.outcome), "<");
    assert.ok(result.auc >= 0.8, `training AUC ${result.auc}`);
    assert.ok(result.ciLower! > 0.6, `lower 95% bound ${result.ciLower}`);
  });
}

test("fitting twice on the same patients gives byte-identical model files", async () => {
  const a = imageArchitecture("fusion-3d-transformer", { patchWidth: 8 });
  const training = cohort(a, 24, 2);
  const first = buildImageModel(a, await fitImageModel(a, training, { logger: silentLogger }));
  const second = buildImageModel(a, await fitImageModel(a, training, { logger: silentLogger }));
  assert.deepEqual(first, second);
});

test("standardised training embeddings have mean 0, and attention scores z·a have sd 1 over training lesions", async () => {
  const a = imageArchitecture("t1ce-3d", { patchWidth: 8 });
  const training = cohort(a, 30, 3);
  const weights = await fitImageModel(a, training, { logger: silentLogger });
  const tokens = await lesionTokens(a, training, silentLogger);
  const [embeddings] = await lesionEmbeddings(a, tokens, null);
  const head = weights.heads[0];
  const d = head.featureMean.length;
  const n = embeddings.values.length / d;
  const sd = head.featureStandardDeviation;
  const z = Array.from({ length: n }, (_, i) =>
    head.featureMean.map((m, j) => (embeddings.values[i * d + j] - m) / sd[j]),
  );
  for (let j = 0; j < d; j++) {
    assertClose(z.reduce((s, row) => s + row[j], 0) / n, 0, 1e-9, `mean of feature ${j + 1}`);
  }
  const scores = z.map((row) => row.reduce((s, v, j) => s + v * head.attention[j], 0));
  const mean = scores.reduce((s, v) => s + v, 0) / n;
  const spread = Math.sqrt(scores.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  assertClose(spread, 1, 1e-9, "sd of attention scores");
});

test("the log gives counts and says when and why the ridge fallback was used", async () => {
  const a = imageArchitecture("slice-2d", { patchWidth: 8 });
  const logger = memoryLogger();
  const training = cohort(a, 20, 4);
  const lesions = training.reduce((sum, p) => sum + p.lesions, 0);
  await fitImageModel(a, training, { logger });
  assert.equal(
    logger.lines[0],
    `slice-2d: fitting on the NCC training split, 20 patients (10 events), ${lesions} lesions`,
  );
  // Layer normalisation makes each fused token's features sum to 0: the embedding is collinear.
  assert.ok(logger.lines.some((l) => /head "fused" \(attention\): maximum likelihood not estimable \(.*collinear.*\); fitted with ridge penalty λ = 1$/.test(l)));
  assert.ok(logger.lines.every((l) => !l.startsWith("warning")));
});

test("all patches identical (all scores tied): slopes 0 and every patient's logit is log(events / non-events)", async () => {
  const a = imageArchitecture("flair-3d", { patchWidth: 8 });
  const patch = cohort(a, 1, 5)[0];
  const same = (outcome: 0 | 1): TrainingPatient => ({ ...patch, outcome });
  const training = [same(1), same(0), same(0), same(1), same(0)];
  const weights = await fitImageModel(a, training, { logger: silentLogger });
  assert.deepEqual(weights.heads[0].coefficients, Array(12).fill(0));
  assert.equal(weights.heads[0].fitMethod, "ridge");
  const model = buildImageModel(a, weights);
  const scores = await scoreImagePatients(model, a, training, { logger: silentLogger });
  for (const logit of scores.logit) assertClose(logit, Math.log(2 / 3), 1e-6, "logit");
});

test("a single event gives finite weights through the ridge fallback", async () => {
  const a = imageArchitecture("late-fusion-3d", { patchWidth: 8 });
  const training = cohort(a, 16, 6).map(
    (p, i): TrainingPatient => ({ ...p, outcome: i === 3 ? 1 : 0 }),
  );
  const weights = await fitImageModel(a, training, { logger: silentLogger });
  assert.equal(weights.training.events, 1);
  for (const head of weights.heads) {
    assert.ok([...head.coefficients, ...head.attention, head.intercept].every(Number.isFinite));
  }
});

test("refuses no patients, one class only, NaN or infinite patch values, wrong sizes and bad outcomes", async () => {
  const a = imageArchitecture("t1ce-3d", { patchWidth: 8 });
  const [p0, p1] = cohort(a, 2, 7);
  const fit = (patients: TrainingPatient[]) => fitImageModel(a, patients, { logger: silentLogger });
  await assert.rejects(fit([]), /no training patients/);
  await assert.rejects(
    fit([p1, { ...p1 }]),
    (e) =>
      e instanceof NotEstimableError && /all 2 training patients have outcome 1/.test(e.message),
  );
  const withValue = (value: number) => {
    const patches = Float32Array.from(p0.patches);
    patches[5] = value;
    return { ...p0, patches };
  };
  await assert.rejects(
    fit([withValue(NaN), p1]),
    /training patient 1: 1 patch value\(s\) are NaN or infinite/,
  );
  const infinite = { ...withValue(-Infinity), outcome: 1 as const };
  await assert.rejects(fit([p0, infinite]), /training patient 2: 1 patch value/);
  const size = lesionPatchSize(a);
  const expected = new RegExp(`× ${size} = ${(p0.lesions + 1) * size} expected`);
  await assert.rejects(fit([{ ...p0, lesions: p0.lesions + 1 }, p1]), expected);
  const noLesion = { ...p0, lesions: 0, patches: new Float32Array(0) };
  await assert.rejects(fit([noLesion, p1]), /has 0 lesions/);
  await assert.rejects(fit([p0, { ...p1, outcome: 2 as 1 }]), /outcome 2/);
});
