import { test } from "node:test";
import assert from "node:assert/strict";
import { youdenPoints } from "../../data-loaders/stats/youden.ts";
import { rocCurve } from "../../data-loaders/stats/roc-curve.ts";
import { assertAllClose } from "../assert-close.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";

const EXACT = 1e-12;
const reference = loadReference("roc");
const asah = loadReferenceCsv("aSAH");
const poor = asah.map((row) => (row.outcome === "Poor" ? 1 : 0));
const predictor = (name: string) => asah.map((row) => Number(row[name]));

for (const name of ["s100b", "ndka", "wfns"]) {
  test(`aSAH ${name}: every threshold maximising sensitivity + specificity equals pROC's "best" (youden)`, () => {
    const expected = reference.predictors[name].youden_best;
    const points = youdenPoints(rocCurve(predictor(name), poor, "<"));
    assert.equal(points.length, expected.n_tied_optima);
    assertAllClose(points.map((p) => p.threshold), expected.threshold, EXACT, `${name} threshold`);
    assertAllClose(points.map((p) => p.sensitivity), expected.sensitivity, EXACT, `${name} sensitivity`);
    assertAllClose(points.map((p) => p.specificity), expected.specificity, EXACT, `${name} specificity`);
    assertAllClose(points.map((p) => p.youdenIndex), expected.youden_j, EXACT, `${name} J`);
  });
}

test("s100b's optimum is the floating-point midpoint 0.20500000000000002, not 0.205", () => {
  const [best] = youdenPoints(rocCurve(predictor("s100b"), poor, "<"));
  assert.equal(best.threshold, 0.20500000000000002);
  assert.notEqual(best.threshold, 0.205);
});

test("tied optima are all listed, in curve order", () => {
  const points = youdenPoints(rocCurve([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], "<"));
  assert.deepEqual(
    points.map((p) => [p.threshold, p.sensitivity, p.specificity, p.youdenIndex]),
    [
      [(0.1 + 0.35) / 2, 1, 0.5, 0.5],
      [(0.4 + 0.8) / 2, 0.5, 1, 0.5],
    ],
  );
});

test("all scores tied: both end points tie at J = 0", () => {
  const points = youdenPoints(rocCurve([3, 3, 3], [0, 1, 0], "<"));
  assert.deepEqual(points.map((p) => p.threshold), [-Infinity, Infinity]);
  assert.deepEqual(points.map((p) => p.youdenIndex), [0, 0]);
});

test("perfect separation with a single case: J = 1 at the gap", () => {
  const points = youdenPoints(rocCurve([0.1, 0.2, 0.9], [0, 0, 1], "<"));
  assert.deepEqual(points.map((p) => [p.threshold, p.youdenIndex]), [[(0.2 + 0.9) / 2, 1]]);
});

test("an empty or ragged curve is refused", () => {
  const empty = { thresholds: new Float64Array(0), sensitivity: new Float64Array(0), specificity: new Float64Array(0) };
  assert.throws(() => youdenPoints({ ...empty, direction: "<", nCases: 0, nControls: 0 }), /non-empty/);
  const ragged = { ...empty, thresholds: new Float64Array(2), direction: "<" as const, nCases: 1, nControls: 1 };
  assert.throws(() => youdenPoints(ragged), RangeError);
});
