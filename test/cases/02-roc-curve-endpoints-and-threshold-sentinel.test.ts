import { test } from "node:test";
import assert from "node:assert/strict";
import { rocCurve } from "../../data-loaders/stats/roc-curve.ts";
import { delong } from "../../data-loaders/stats/delong.ts";
import { assertAllClose } from "../assert-close.ts";

// Case 02 (test/fixtures/cases/02-roc-curve-endpoints-and-threshold-sentinel.md): five scores,
// positive when score >= threshold; pROC 1.18.0 coords(roc(y, score, direction = "<"), "all").
const y = [0, 0, 1, 1, 1];
const score = [0.89, 0.61, 0.83, 0.62, 0.9];
const curve = rocCurve(score, y, "<");

test("case 02: 5 distinct scores give 6 points, from (FPR 0, TPR 0) at +Infinity to (1, 1) at -Infinity", () => {
  assert.equal(curve.thresholds.length, 6);
  const last = curve.thresholds.length - 1;
  assert.deepEqual([curve.thresholds[last], 1 - curve.specificity[last], curve.sensitivity[last]], [Infinity, 0, 0]);
  assert.deepEqual([curve.thresholds[0], 1 - curve.specificity[0], curve.sensitivity[0]], [-Infinity, 1, 1]);
});

test("case 02: read from the highest threshold down, (FPR, TPR) are the hand-enumerated six points", () => {
  const fromTop = [...curve.thresholds.keys()].reverse();
  assertAllClose(fromTop.map((j) => 1 - curve.specificity[j]), [0, 0, 0.5, 0.5, 0.5, 1], 1e-15, "FPR");
  assertAllClose(fromTop.map((j) => curve.sensitivity[j]), [0, 1 / 3, 1 / 3, 2 / 3, 1, 1], 1e-15, "TPR");
});

test("case 02: pROC's specificities and sensitivities in pROC's order", () => {
  assert.deepEqual([...curve.specificity], [0, 0.5, 0.5, 0.5, 1, 1]);
  assert.deepEqual([...curve.sensitivity], [1, 1, 2 / 3, 1 / 3, 1 / 3, 0]);
});

test("case 02: thresholds are -Inf, the midpoints 0.615, 0.725, 0.86, 0.895, then +Inf; none is max + 1", () => {
  assert.deepEqual(
    [...curve.thresholds],
    [-Infinity, (0.61 + 0.62) / 2, (0.62 + 0.83) / 2, (0.83 + 0.89) / 2, (0.89 + 0.9) / 2, Infinity],
  );
  assertAllClose(curve.thresholds.slice(1, 5), [0.615, 0.725, 0.86, 0.895], 1e-15, "midpoints");
  const finite = [...curve.thresholds].filter(Number.isFinite);
  assert.ok(finite.every((t) => t <= 1), "no finite threshold above 1 for probability scores");
});

test("case 02: AUC = 4/6 (four of six case/control pairs ordered correctly)", () => {
  assert.equal(delong(score, y, "<").auc, 4 / 6);
});
