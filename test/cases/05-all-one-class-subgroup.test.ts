import { test } from "node:test";
import assert from "node:assert/strict";
import { subgroupAuc } from "../../data-loaders/stats/subgroup-auc.ts";
import { thresholdMetrics } from "../../data-loaders/stats/threshold-metrics.ts";
import { bootstrapAuc } from "../../data-loaders/stats/auc-bootstrap.ts";
import { delong } from "../../data-loaders/stats/delong.ts";
import { NotEstimableError } from "../../data-loaders/errors.ts";
import { assertClose } from "../assert-close.ts";

// Case 05 (test/fixtures/cases/05-all-one-class-subgroup.md): subgroup A has only events.
// Brier score and calibration for this case belong to other modules and are tested there.
const subgroup = ["A", "A", "A", "B", "B", "B", "B"];
const y = [1, 1, 1, 0, 1, 0, 1];
const p = [0.9, 0.8, 0.7, 0.2, 0.6, 0.4, 0.3];
const inA = (_: number, i: number) => subgroup[i] === "A";
const inB = (_: number, i: number) => subgroup[i] === "B";

test("case 05: subgroup A's AUC and DeLong CI are not estimable (no non-events); B's AUC is 3/4", () => {
  const [overall, a, b] = subgroupAuc(p, y, subgroup, "<", { levelOrder: ["A", "B"] });
  assert.equal(overall.n, 7);
  assert.deepEqual([a.level, a.n, a.events, a.nonEvents], ["A", 3, 3, 0]);
  assert.deepEqual([a.auc, a.ciLower, a.ciUpper], [null, null, null]);
  assert.match(a.notEstimableReason ?? "", /no non-events/);
  assert.equal(b.auc, 3 / 4);
});

test("case 05: the AUC and the bootstrap refuse subgroup A outright rather than return 0, 0.5 or NaN", () => {
  assert.throws(() => delong(p.filter(inA), y.filter(inA), "<"), NotEstimableError);
  assert.throws(() => bootstrapAuc(p.filter(inA), y.filter(inA), "<", { seed: 5 }), /no controls/);
});

test("case 05: the stratified bootstrap of subgroup B never draws a one-class replicate", () => {
  const result = bootstrapAuc(p.filter(inB), y.filter(inB), "<", { replicates: 2000, seed: 5 });
  assert.ok(result.aucs.every((auc) => Number.isFinite(auc) && auc >= 0 && auc <= 1));
});

test("case 05: subgroup A at p >= 0.75: sensitivity 2/3 with Clopper-Pearson 0.0943-0.9916", () => {
  const metrics = thresholdMetrics(p.filter(inA), y.filter(inA), 0.75, "<");
  assert.equal(metrics.sensitivity.estimate, 2 / 3);
  assertClose(metrics.sensitivity.clopperPearson.ciLower, 0.0943, 5e-5, "CP lower");
  assertClose(metrics.sensitivity.clopperPearson.ciUpper, 0.9916, 5e-5, "CP upper");
});

test("case 05: subgroup A sensitivity 2/3 Wilson score CI is 0.2077-0.9385 (prop.test), not Hmisc's 0.9829", () => {
  const { wilson } = thresholdMetrics(p.filter(inA), y.filter(inA), 0.75, "<").sensitivity;
  assertClose(wilson.ciLower, 0.2077, 5e-5, "Wilson lower, as in the case file");
  // The case file's upper bound 0.9829 is Hmisc::binconf's modification for x = n - 1, which
  // replaces the score bound by 1 + log(1 - α)/n; our Wilson is the plain score interval that
  // prop.test(correct = FALSE) gives and the reference set (thresholds.json) uses.
  assertClose(wilson.ciUpper, 0.9385080552796037, 1e-12, "Wilson upper, plain score interval");
  assertClose(1 + Math.log(0.95) / 3, 0.9829, 5e-5, "the case file's figure is Hmisc's x = n - 1 rule");
});

test("case 05: subgroup A at p >= 0.75: specificity is not estimable (0/0); PPV is 2/2 = 1", () => {
  const metrics = thresholdMetrics(p.filter(inA), y.filter(inA), 0.75, "<");
  assert.deepEqual([metrics.tp, metrics.fp, metrics.tn, metrics.fn], [2, 0, 0, 1]);
  assert.equal(metrics.specificity.estimate, null);
  assert.equal(metrics.specificity.denominator, 0);
  assert.match(metrics.specificity.notEstimableReason ?? "", /no non-events/);
  assert.equal(metrics.positivePredictiveValue.estimate, 1);
});

test("case 05: subgroup A at p >= 0.75: NPV is 0/1 = 0, not 0/0 (the one negative call, 0.7, is an event)", () => {
  // The case file lists NPV as not estimable, but p = 0.7 < 0.75 is called negative and is a
  // false negative, so NPV = tn/(tn + fn) = 0/1; only specificity has a zero denominator.
  const npv = thresholdMetrics(p.filter(inA), y.filter(inA), 0.75, "<").negativePredictiveValue;
  assert.deepEqual([npv.numerator, npv.denominator, npv.estimate, npv.notEstimableReason], [0, 1, 0, null]);
  assert.equal(npv.clopperPearson.ciLower, 0);
  assertClose(npv.clopperPearson.ciUpper, 0.975, 1e-12, "CP 0/1 upper = 1 - 0.025");
});
