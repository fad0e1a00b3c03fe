import { test } from "node:test";
import assert from "node:assert/strict";
import { brierScore } from "../../data-loaders/stats/brier-score.ts";
import { calibrationInTheLarge, calibrationSlope } from "../../data-loaders/stats/calibration.ts";
import { logisticRegression } from "../../data-loaders/stats/logistic-regression.ts";
import { valProb } from "../../data-loaders/stats/val-prob.ts";
import { calibrationDeciles } from "../../data-loaders/stats/calibration-deciles.ts";
import { assertClose } from "../assert-close.ts";

// Case 05 (test/fixtures/cases/05-all-one-class-subgroup.md), calibration side: subgroup A has
// only events. The Brier score stays defined; calibration intercept and slope are +infinity
// in truth, which R's glm reports as 22.14 with converged = TRUE. That number must not appear.
const subgroup = ["A", "A", "A", "B", "B", "B", "B"];
const y = [1, 1, 1, 0, 1, 0, 1];
const p = [0.9, 0.8, 0.7, 0.2, 0.6, 0.4, 0.3];
const pA = p.filter((_, i) => subgroup[i] === "A");
const yA = y.filter((_, i) => subgroup[i] === "A");
const pB = p.filter((_, i) => subgroup[i] === "B");
const yB = y.filter((_, i) => subgroup[i] === "B");

test("case 05: subgroup A Brier = ((0.1)^2 + (0.2)^2 + (0.3)^2) / 3 = 0.046667; scaled Brier not estimable", () => {
  const result = brierScore(pA, yA);
  assertClose(result.brierScore, (0.01 + 0.04 + 0.09) / 3, 1e-15, "Brier");
  assertClose(result.brierScore, 0.046667, 5e-7, "as printed in the case file");
  assert.equal(result.scaledBrierScore, null);
  assert.match(result.notEstimableReason!, /both outcome classes/);
});

test("case 05: the scikit-learn single-class Brier reports come out right (no re-coding of a lone label)", () => {
  assert.equal(brierScore([1, 1, 1], [1, 1, 1]).brierScore, 0);
  assertClose(brierScore([0.4], [1]).brierScore, 0.36, 1e-15, "[1] vs [0.4]");
  assert.equal(brierScore([0.5], [0]).brierScore, 0.25);
  assert.equal(brierScore([0, 0, 0, 0], [1, 1, 1, 1]).brierScore, 1);
});

test("case 05: subgroup A calibration intercept and slope are not estimable, and 22.14 is never produced", () => {
  const large = calibrationInTheLarge(pA, yA);
  const slope = calibrationSlope(pA, yA);
  const interval = [large.estimate, large.standardError, large.ciLower, large.ciUpper];
  assert.deepEqual(interval, [null, null, null, null]);
  assert.deepEqual([slope.intercept, slope.slope], [null, null]);
  assert.match(large.notEstimableReason!, /infinite.*no non-events/);
  assert.match(slope.notEstimableReason!, /infinite.*no non-events/);
  // Even without the one-class shortcut, the Newton iterations are recognised as diverging.
  const offset = pA.map((q) => Math.log(q / (1 - q)));
  const fit = logisticRegression([new Float64Array(3).fill(1)], yA, { intercept: false, offset });
  assert.equal(fit.coefficients, null);
  assert.match(fit.notEstimableReason!, /infinite.*separated/);
});

test("case 05: subgroup A val.prob keeps Brier and drops C, R2, U, Intercept and Slope with reasons", () => {
  const result = valProb(pA, yA);
  assertClose(result.statistics.Brier, 0.14 / 3, 1e-15, "Brier");
  for (const name of ["C (ROC)", "R2", "U", "Intercept", "Slope"] as const) {
    assert.equal(result.statistics[name], null, name);
    assert.match(result.notEstimableReasons[name]!, /no non-event/, name);
  }
});

test("case 05: subgroup A decile table shows proportion 1 with an upper CP limit of exactly 1", () => {
  const [bin] = calibrationDeciles(pA, yA, { groups: 1 }).bins;
  assert.deepEqual([bin.n, bin.observedEvents, bin.observedProportion, bin.ciUpper], [3, 3, 1, 1]);
  assertClose(bin.ciLower, 0.025 ** (1 / 3), 1e-12, "(alpha/2)^(1/n)");
});

test("case 05: subgroup B (2 events, 2 non-events, overlapping risks) has finite calibration estimates", () => {
  const large = calibrationInTheLarge(pB, yB);
  const slope = calibrationSlope(pB, yB);
  assert.equal(large.notEstimableReason, null);
  assert.equal(slope.notEstimableReason, null);
  assert.ok(Number.isFinite(large.estimate) && Number.isFinite(slope.slope));
  assertClose(brierScore(pB, yB).brierScore, (0.04 + 0.16 + 0.16 + 0.49) / 4, 1e-15, "Brier B");
});
