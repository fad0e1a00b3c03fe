import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, CLOSED_FORM } from "../../assert-close.ts";
import {
  columnMoments,
  fitLesionHead,
  poolPatients,
} from "../../../data-loaders/model/image-models/fit-head.ts";
import { memoryLogger } from "../../../data-loaders/log.ts";
import { seededRandom } from "../../../data-loaders/stats/seeded-random.ts";

const matrix = (rows: number[][]) => ({
  rows: rows.length,
  columns: rows[0]?.length ?? 0,
  values: Float64Array.from(rows.flat()),
});

test("column moments: mean and n − 1 standard deviation; constant columns and one row get sd 1", () => {
  const m = columnMoments(matrix([[1, 5], [2, 5], [3, 5], [6, 5]]));
  assert.deepEqual(m.mean, [3, 5]);
  assertClose(m.standardDeviation[0], Math.sqrt(14 / 3), CLOSED_FORM, "sd");
  assert.equal(m.standardDeviation[1], 1);
  assert.deepEqual(columnMoments(matrix([[4, -1]])).standardDeviation, [1, 1]);
});

test("attention pooling: softmax weights over each patient's own lesions; a = 0 gives the mean", () => {
  // Patient 1: lesions (0, 1) and (2, 3); patient 2: one lesion (5, −1).
  const z = matrix([[0, 1], [2, 3], [5, -1]]);
  const mean = poolPatients(z, [2, 1], new Float64Array(2));
  assert.deepEqual(mean.map((c) => Array.from(c)), [[1, 5], [2, -1]]);
  const pooled = poolPatients(z, [2, 1], Float64Array.from([1, 0]));
  const w = Math.exp(2) / (1 + Math.exp(2));
  assertClose(pooled[0][0], 2 * w, CLOSED_FORM, "feature 1, patient 1");
  assertClose(pooled[1][0], (1 - w) * 1 + w * 3, CLOSED_FORM, "feature 2, patient 1");
  // A single lesion is its own pool whatever a is.
  assert.deepEqual([pooled[0][1], pooled[1][1]], [5, -1]);
});

test("attention pooling is invariant to the order of a patient's lesions", () => {
  const a = Float64Array.from([0.7, -0.4]);
  const forward = poolPatients(matrix([[0.1, 2], [1.5, -3], [0.4, 0.2]]), [3], a);
  const backward = poolPatients(matrix([[0.4, 0.2], [1.5, -3], [0.1, 2]]), [3], a);
  for (let j = 0; j < 2; j++) assertClose(backward[j][0], forward[j][0], 1e-15, `feature ${j}`);
});

test("a head fitted on lesions whose first feature tracks the outcome weights that feature up", () => {
  // 40 patients with 1–3 lesions; feature 1 is 1 higher on average in events, feature 2 is noise.
  const random = seededRandom(8);
  const outcomes = Array.from({ length: 40 }, (_, i) => i % 2);
  const patientLesions = outcomes.map(() => 1 + random.integer(3));
  const values: number[] = [];
  outcomes.forEach((y, p) => {
    for (let l = 0; l < patientLesions[p]; l++) {
      values.push(y + 2 * random.uniform() - 1, 2 * random.uniform() - 1);
    }
  });
  const logger = memoryLogger();
  const embeddings = { branch: "t1ce", featureNames: ["a", "b"], values: Float32Array.from(values) };
  const options = { logger, ridgePenalty: 1, label: "test" };
  const head = fitLesionHead(embeddings, patientLesions, outcomes, options);
  assert.equal(head.branch, "t1ce");
  assert.ok(head.coefficients[0] > 1, `coefficient ${head.coefficients[0]}`);
  assert.ok(head.attention[0] > 0, "lesions with more of feature 1 get more attention");
  assert.deepEqual([head.fitMethod, head.ridgePenalty, logger.lines], ["maximum-likelihood", null, []]);
  assert.deepEqual(Object.keys(head).sort(), [
    "attention",
    "branch",
    "coefficients",
    "featureMean",
    "featureNames",
    "featureStandardDeviation",
    "fitMethod",
    "intercept",
    "ridgePenalty",
  ]);
});
