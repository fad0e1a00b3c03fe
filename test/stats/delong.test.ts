import { test } from "node:test";
import assert from "node:assert/strict";
import { delong } from "../../data-loaders/stats/delong.ts";
import { Z_95 } from "../../data-loaders/stats/binomial-interval.ts";
import { seededRandom } from "../../data-loaders/stats/seeded-random.ts";
import { NotEstimableError } from "../../data-loaders/errors.ts";
import { assertAllClose, assertClose } from "../assert-close.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";

const EXACT = 1e-12;
const reference = loadReference("roc");
const asah = loadReferenceCsv("aSAH");
const poor = asah.map((row) => (row.outcome === "Poor" ? 1 : 0));
const predictor = (name: string) => asah.map((row) => Number(row[name]));

for (const name of ["s100b", "ndka", "wfns"]) {
  test(`aSAH ${name}: AUC, DeLong variance, SE and clipped 95% CI equal pROC's (direction "<")`, () => {
    const expected = reference.predictors[name];
    const result = delong(predictor(name), poor, "<");
    assertClose(result.auc, expected.auc, EXACT, `${name} auc`);
    assertClose(result.variance, expected.delong_variance, EXACT, `${name} variance`);
    assertClose(result.standardError, expected.delong_se, EXACT, `${name} se`);
    assertClose(result.ciLower, expected.delong_ci95.lower, EXACT, `${name} ciLower`);
    assertClose(result.ciUpper, expected.delong_ci95.upper, EXACT, `${name} ciUpper`);
    assert.equal(result.nCases, expected.n_cases);
    assert.equal(result.nControls, expected.n_controls);
    assert.equal(result.notEstimableReason, null);
  });

  test(`aSAH ${name}: placement values V10 and V01 in data order equal pROC's`, () => {
    const expected = reference.predictors[name].delong_placements;
    const result = delong(predictor(name), poor, "<");
    assertAllClose(result.placementsCases, expected.case_placements, EXACT, `${name} V10`);
    assertAllClose(result.placementsControls, expected.control_placements, EXACT, `${name} V01`);
  });
}

test("AUC counts pairs: cases 0.35 and 0.8 against controls 0.1 and 0.4 give 3/4", () => {
  const result = delong([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], "<");
  assert.equal(result.auc, 3 / 4);
  assert.deepEqual([...result.placementsCases], [1 / 2, 1]);
  assert.deepEqual([...result.placementsControls], [1, 1 / 2]);
  // var(V10)/2 + var(V01)/2 with each sample variance (1/2 - 3/4)² + (1 - 3/4)² = 1/8.
  assert.equal(result.variance, 1 / 8 / 2 + 1 / 8 / 2);
  assert.equal(result.ciLower, 3 / 4 - Z_95 * Math.sqrt(1 / 8));
  assert.equal(result.ciUpper, 1, "the upper bound 0.75 + 1.96·0.354 is clipped to 1");
});

test("a tied case/control pair counts 1/2", () => {
  const result = delong([1, 2, 2, 3], [0, 0, 1, 1], "<");
  assert.equal(result.auc, (1 + 1 / 2 + 1 + 1) / 4);
  assert.deepEqual([...result.placementsCases], [(1 + 1 / 2) / 2, 1]);
  assert.deepEqual([...result.placementsControls], [1, (1 + 1 / 2) / 2]);
});

test("all scores tied: AUC 1/2 with zero variance, CI (1/2, 1/2)", () => {
  const result = delong([7, 7, 7, 7, 7], [0, 1, 0, 1, 1], "<");
  assert.equal(result.auc, 0.5);
  assert.equal(result.variance, 0);
  assert.equal(result.ciLower, 0.5);
  assert.equal(result.ciUpper, 0.5);
});

test('direction ">" on negated scores gives the same AUC, variance and placements as "<"', () => {
  const scores = predictor("ndka");
  const up = delong(scores, poor, "<");
  const down = delong(scores.map((x) => -x), poor, ">");
  assert.equal(down.auc, up.auc);
  assert.equal(down.variance, up.variance);
  assert.deepEqual(down.placementsCases, up.placementsCases);
  assert.deepEqual(down.placementsControls, up.placementsControls);
  assert.equal(delong(scores, poor, ">").auc, 1 - up.auc, "the other direction gives 1 - AUC");
});

test("a single case gives the AUC but no variance or CI (R's var() of one value is NA)", () => {
  const result = delong([0.1, 0.2, 0.3], [0, 0, 1], "<");
  assert.equal(result.auc, 1);
  assert.equal(result.variance, null);
  assert.equal(result.standardError, null);
  assert.equal(result.ciLower, null);
  assert.equal(result.ciUpper, null);
  assert.match(result.notEstimableReason ?? "", /at least 2 cases and 2 controls/);
});

test("no cases, no controls or no rows: NotEstimableError saying which class is missing", () => {
  const notEstimable = (pattern: RegExp) => (e: Error) => e instanceof NotEstimableError && pattern.test(e.message);
  assert.throws(() => delong([0.1, 0.2], [0, 0], "<"), notEstimable(/no cases/));
  assert.throws(() => delong([0.1, 0.2], [1, 1], "<"), notEstimable(/no controls/));
  assert.throws(() => delong([], [], "<"), notEstimable(/no rows/));
});

test("NaN and infinite scores are refused with their count, whatever the row order", () => {
  const message = (scores: number[], outcomes: number[]) => {
    try {
      delong(scores, outcomes, "<");
    } catch (error) {
      assert.ok(error instanceof RangeError);
      return error.message;
    }
    assert.fail("expected a RangeError");
  };
  const forward = message([NaN, NaN, NaN, NaN], [0, 0, 1, 1]);
  assert.match(forward, /4 of 4 scores are not finite/);
  assert.equal(message([NaN, NaN, NaN, NaN], [1, 1, 0, 0]), forward);
  assert.match(message([0.2, Infinity, 0.7, 0.4], [0, 0, 1, 1]), /1 of 4 scores is not finite \(NaN or ±Infinity\).*row 2/);
  assert.match(message([0.2, -Infinity, 0.7, 0.4], [0, 0, 1, 1]), /1 of 4 scores is not finite/);
});

test("outcomes other than 0/1 and unequal lengths are refused", () => {
  assert.throws(() => delong([0.1, 0.2, 0.3], [0, 1, 2], "<"), /1 of 3 outcomes are not coded 0 or 1/);
  assert.throws(() => delong([0.1, 0.2, 0.3], [0, 1, NaN], "<"), /not coded 0 or 1/);
  assert.throws(() => delong([0.1, 0.2], [0, 1, 1], "<"), /differ in length/);
});

/** O(m·n) DeLong from the definition, to check the one-sort algorithm. */
function delongByPairs(scores: ArrayLike<number>, outcomes: ArrayLike<number>) {
  const cases: number[] = [];
  const controls: number[] = [];
  for (let i = 0; i < scores.length; i++) (outcomes[i] === 1 ? cases : controls).push(scores[i]);
  const kernel = (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0);
  const v10 = cases.map((x) => controls.reduce((s, y) => s + kernel(x, y), 0) / controls.length);
  const v01 = controls.map((y) => cases.reduce((s, x) => s + kernel(x, y), 0) / cases.length);
  const auc = v10.reduce((s, v) => s + v, 0) / cases.length;
  const sampleVariance = (v: number[]) => v.reduce((s, x) => s + (x - auc) ** 2, 0) / (v.length - 1);
  return { auc, v10, v01, variance: sampleVariance(v10) / cases.length + sampleVariance(v01) / controls.length };
}

/** Seeded scores with ties, negative values and both zeros, so every key path of the sort is used. */
function randomSample(n: number, seed: number) {
  const random = seededRandom(seed);
  const scores = new Float64Array(n);
  const outcomes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    outcomes[i] = random.uniform() < 0.4 ? 1 : 0;
    const raw = random.uniform() * 4 - 2 + outcomes[i];
    scores[i] = i % 3 === 0 ? Math.round(raw * 8) / 8 : raw;
    if (i % 50 === 0) scores[i] = i % 100 === 0 ? -0 : 0;
  }
  return { scores, outcomes };
}

for (const n of [600, 70_000]) {
  test(`n = ${n}: the one-sort algorithm equals the O(m·n) pairwise definition`, () => {
    const { scores, outcomes } = randomSample(n, 4242 + n);
    const fast = delong(scores, outcomes, "<");
    const slow = delongByPairs(scores, outcomes);
    assertClose(fast.auc, slow.auc, 1e-12, "auc");
    assertClose(fast.variance, slow.variance, 1e-10, "variance");
    assertAllClose(fast.placementsCases, slow.v10, 1e-12, "V10");
    assertAllClose(fast.placementsControls, slow.v01, 1e-12, "V01");
  });
}
