import { test } from "node:test";
import assert from "node:assert/strict";
import {
  IMAGE_MODEL_IDS,
  imageArchitecture,
  type ImageArchitecture,
  type PatchKind,
} from "../../../data-loaders/model/image-models/architectures.ts";
import { buildImageModel } from "../../../data-loaders/model/image-models/build-graph.ts";
import {
  fitImageModel,
  type TrainingPatient,
} from "../../../data-loaders/model/image-models/fit.ts";
import { scoreImagePatients } from "../../../data-loaders/model/image-models/score-patients.ts";
import { syntheticPatient } from "../../../data-loaders/model/image-models/synthetic-patches.ts";
import { InputError } from "../../../data-loaders/errors.ts";
import { memoryLogger, silentLogger } from "../../../data-loaders/log.ts";
import { seededRandom } from "../../../data-loaders/stats/seeded-random.ts";

function cohort(a: ImageArchitecture, patients: number, seed: number): TrainingPatient[] {
  const random = seededRandom(seed);
  return Array.from({ length: patients }, (_, i) => {
    const outcome = (i % 2) as 0 | 1;
    const lesions = Array.from({ length: 1 + random.integer(4) }, () => ({
      radius: (outcome ? 3.5 : 2.5) + 2.5 * random.uniform(),
    }));
    return { ...syntheticPatient(a, lesions, random, 0.5), outcome };
  });
}

async function fittedModel(a: ImageArchitecture, training: TrainingPatient[]) {
  return buildImageModel(a, await fitImageModel(a, training, { logger: silentLogger }));
}

test("each patient's score depends on that patient only: scoring in reverse order gives the same numbers", async () => {
  const a = imageArchitecture("fusion-3d-transformer", { patchWidth: 8 });
  const patients = cohort(a, 12, 1);
  const model = await fittedModel(a, patients);
  const forward = await scoreImagePatients(model, a, patients, { logger: silentLogger });
  const reversed = [...patients].reverse();
  const backward = await scoreImagePatients(model, a, reversed, { logger: silentLogger });
  assert.deepEqual(Array.from(backward.logit).reverse(), Array.from(forward.logit));
  assert.equal(forward.lesions, patients.reduce((s, p) => s + p.lesions, 0));
  for (let i = 0; i < patients.length; i++) {
    const expected = 1 / (1 + Math.exp(-forward.logit[i]));
    const probability = forward.probability[i];
    assert.ok(Math.abs(probability - expected) < 1e-7, `${probability} vs ${expected}`);
  }
});

test("no patients give empty scores; the progress log ends with the count", async () => {
  const a = imageArchitecture("slice-2d", { patchWidth: 8 });
  const model = await fittedModel(a, cohort(a, 10, 2));
  const empty = await scoreImagePatients(model, a, [], { logger: silentLogger });
  assert.deepEqual([empty.logit.length, empty.probability.length, empty.lesions], [0, 0, 0]);
  const logger = memoryLogger();
  await scoreImagePatients(model, a, cohort(a, 3, 3), { logger, label: "demo slice-2d" });
  const last = logger.lines.at(-1)!;
  assert.match(last, /^demo slice-2d: scoring 3 patients: 3 rows done in \d+\.\d s$/);
});

test("refuses a patient without lesions, patches of the wrong size, NaN values and a model for another patch", async () => {
  const a = imageArchitecture("t1ce-3d", { patchWidth: 8 });
  const patients = cohort(a, 4, 4);
  const model = await fittedModel(a, patients);
  const score = (list: TrainingPatient[], arch = a) =>
    scoreImagePatients(model, arch, list, { logger: silentLogger });
  const [first, second, third] = patients;
  await assert.rejects(score([first, { ...second, lesions: 0 }]), /patient 2 has 0 lesions/);
  const short = { ...first, patches: first.patches.subarray(1) };
  await assert.rejects(score([short]), /patient 1: the patches hold/);
  const nan = Float32Array.from(third.patches);
  nan[0] = NaN;
  const withNaN = { ...third, patches: nan };
  await assert.rejects(score([first, second, withNaN]), /patient 3: 1 patch value\(s\) are NaN/);
  const wide = imageArchitecture("t1ce-3d", { patchWidth: 12 });
  await assert.rejects(
    score(cohort(wide, 1, 5), wide),
    (e) => e instanceof InputError && /onnxruntime failed on patient 1/.test(e.message),
  );
});

test("throughput: about 900 lesions per model at full patch size, fitted on 40 patients, one session.run per patient", async (t) => {
  const patients = new Map<PatchKind, TrainingPatient[]>();
  let totalSeconds = 0;
  for (const id of IMAGE_MODEL_IDS) {
    const a = imageArchitecture(id);
    if (!patients.has(a.patchKind)) patients.set(a.patchKind, cohort(a, 360, 6));
    const cohortPatients = patients.get(a.patchKind)!;
    const started = performance.now();
    const model = await fittedModel(a, cohortPatients.slice(0, 40));
    const fitSeconds = (performance.now() - started) / 1000;
    const scores = await scoreImagePatients(model, a, cohortPatients, { logger: silentLogger });
    totalSeconds += fitSeconds + scores.seconds;
    const rate = Math.round(scores.lesionsPerSecond);
    const scoring = `${scores.lesions} lesions in ${scores.seconds.toFixed(2)} s = ${rate} lesions/s`;
    t.diagnostic(`${id}: ${scoring} (fit on 40 patients: ${fitSeconds.toFixed(2)} s)`);
    // A loose floor: the machine is shared, and the build budget (90 s for 7 models on ~1000
    // lesions each, plus fitting) needs only about 100 lesions/s.
    assert.ok(scores.lesionsPerSecond > 50, `${id}: ${scores.lesionsPerSecond} lesions/s`);
  }
  t.diagnostic(`all 7 models, fit and score: ${totalSeconds.toFixed(1)} s`);
});
