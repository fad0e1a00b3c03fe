import { test } from "node:test";
import assert from "node:assert/strict";
import { rocCurve, scoreLevels } from "../../data-loaders/stats/roc-curve.ts";
import { NotEstimableError } from "../../data-loaders/errors.ts";
import { assertAllClose } from "../assert-close.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";

// pROC builds the curve from sums and midpoints only, so the arrays should agree to the last bit.
const EXACT = 1e-12;
const reference = loadReference("roc");
const asah = loadReferenceCsv("aSAH");
const poor = asah.map((row) => (row.outcome === "Poor" ? 1 : 0));
const predictor = (name: string) => asah.map((row) => Number(row[name]));

for (const name of ["s100b", "ndka", "wfns"]) {
  test(`aSAH ${name}: thresholds, sensitivities and specificities equal pROC's for direction "<"`, () => {
    const expected = reference.predictors[name].curve;
    const curve = rocCurve(predictor(name), poor, "<");
    assertAllClose(curve.thresholds, expected.thresholds, EXACT, `${name} thresholds`);
    assertAllClose(curve.sensitivity, expected.sensitivities, EXACT, `${name} sensitivities`);
    assertAllClose(curve.specificity, expected.specificities, EXACT, `${name} specificities`);
    assert.equal(curve.nCases, reference.predictors[name].n_cases);
    assert.equal(curve.nControls, reference.predictors[name].n_controls);
  });
}

test("thresholds are -Infinity, floating-point midpoints of distinct scores, then +Infinity", () => {
  const curve = rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], "<");
  assert.deepEqual([...curve.thresholds], [-Infinity, (0.1 + 0.35) / 2, (0.35 + 0.4) / 2, (0.4 + 0.8) / 2, Infinity]);
  assert.deepEqual([...curve.sensitivity], [1, 1, 1 / 2, 1 / 2, 0]);
  assert.deepEqual([...curve.specificity], [0, 1 / 2, 1 / 2, 1, 1]);
});

test('direction ">" is the mirror: positive when score <= threshold, thresholds descending', () => {
  const scores = predictor("s100b");
  const up = rocCurve(scores, poor, "<");
  const down = rocCurve(scores.map((x) => -x), poor, ">");
  assert.deepEqual([...down.thresholds], [...up.thresholds].map((t) => -t));
  assert.deepEqual([...down.sensitivity], [...up.sensitivity]);
  assert.deepEqual([...down.specificity], [...up.specificity]);
  assert.equal(down.thresholds[0], Infinity);
  assert.equal(down.direction, ">");
});

test("all scores tied: two points, (specificity 0, sensitivity 1) and (1, 0)", () => {
  const curve = rocCurve([0.5, 0.5, 0.5], [0, 1, 1], "<");
  assert.deepEqual([...curve.thresholds], [-Infinity, Infinity]);
  assert.deepEqual([...curve.sensitivity], [1, 0]);
  assert.deepEqual([...curve.specificity], [0, 1]);
});

test("a single case and a single control give three points", () => {
  const curve = rocCurve([0.2, 0.9], [0, 1], "<");
  assert.deepEqual([...curve.thresholds], [-Infinity, (0.2 + 0.9) / 2, Infinity]);
  assert.deepEqual([...curve.sensitivity], [1, 1, 0]);
  assert.deepEqual([...curve.specificity], [0, 1, 1]);
});

test("-0 and +0 are one tied score", () => {
  const levels = scoreLevels([-0, 0, 1], [0, 1, 1], "<");
  assert.equal(levels.values.length, 2);
  assert.deepEqual([...levels.cases], [1, 1]);
  assert.deepEqual([...levels.controls], [1, 0]);
});

test("empty input and one class only are not estimable, naming the missing class", () => {
  assert.throws(() => rocCurve([], [], "<"), NotEstimableError);
  assert.throws(() => rocCurve([0.1, 0.2], [1, 1], "<"), (e: Error) => e instanceof NotEstimableError && /no controls/.test(e.message));
  assert.throws(() => rocCurve([0.1, 0.2], [0, 0], "<"), (e: Error) => e instanceof NotEstimableError && /no cases/.test(e.message));
});

test("NaN or infinite scores, bad outcomes and unknown directions are refused, not sorted", () => {
  assert.throws(() => rocCurve([0.1, NaN, 0.3], [0, 1, 1], "<"), /1 of 3 scores is not finite/);
  assert.throws(() => rocCurve([0.1, Infinity], [0, 1], "<"), RangeError);
  assert.throws(() => rocCurve([0.1, 0.2], [0, 2], "<"), /not coded 0 or 1/);
  assert.throws(() => rocCurve([0.1, 0.2], [0, 1], "auto" as "<"), /direction/);
  assert.throws(() => rocCurve([0.1, 0.2], [0], "<"), /differ in length/);
});
