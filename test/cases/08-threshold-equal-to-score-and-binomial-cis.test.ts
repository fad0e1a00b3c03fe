import { test } from "node:test";
import assert from "node:assert/strict";
import { thresholdMetrics } from "../../data-loaders/stats/threshold-metrics.ts";
import { clopperPearsonInterval, wilsonInterval } from "../../data-loaders/stats/binomial-interval.ts";
import { assertClose } from "../assert-close.ts";

// Case 08 (test/fixtures/cases/08-threshold-equal-to-score-and-binomial-cis.md): a threshold equal
// to observed scores, CIs at 0% and 100%, float32 scores. The expected intervals are printed to
// four decimals (Hmisc binconf, binom.test), so they are compared to half a unit in the 4th.
const FOUR_DECIMALS = 5e-5;
const y = [0, 0, 0, 0, 1, 0, 1, 0, 1, 1, 1, 1];
const p = [0.05, 0.1, 0.2, 0.3, 0.3, 0.35, 0.3, 0.45, 0.6, 0.7, 0.8, 0.9];
const metrics = thresholdMetrics(p, y, 0.3, "<");

test("case 08: positive when p >= 0.30, so the three scores equal to 0.30 are positive: TP 6, FP 3, TN 3, FN 0", () => {
  assert.deepEqual([metrics.tp, metrics.fp, metrics.tn, metrics.fn], [6, 3, 3, 0]);
});

const table = [
  ["sensitivity", 6, 6, 1, [0.6097, 1], [0.5407, 1]],
  ["specificity", 3, 6, 0.5, [0.1876, 0.8124], [0.1181, 0.8819]],
  ["positivePredictiveValue", 6, 9, 2 / 3, [0.3542, 0.8794], [0.2993, 0.9251]],
  ["negativePredictiveValue", 3, 3, 1, [0.4385, 1], [0.2924, 1]],
] as const;

for (const [field, numerator, denominator, estimate, wilson, exact] of table) {
  test(`case 08: ${field} ${numerator}/${denominator} with Wilson ${wilson.join("-")} and Clopper-Pearson ${exact.join("-")}`, () => {
    const actual = metrics[field];
    assert.deepEqual([actual.numerator, actual.denominator], [numerator, denominator]);
    assert.equal(actual.estimate, estimate);
    assertClose(actual.wilson.ciLower, wilson[0], FOUR_DECIMALS, `${field} Wilson lower`);
    assertClose(actual.wilson.ciUpper, wilson[1], FOUR_DECIMALS, `${field} Wilson upper`);
    assertClose(actual.clopperPearson.ciLower, exact[0], FOUR_DECIMALS, `${field} CP lower`);
    assertClose(actual.clopperPearson.ciUpper, exact[1], FOUR_DECIMALS, `${field} CP upper`);
  });
}

test("case 08: at 6/6 neither interval collapses to the zero-width Wald (1, 1); both end exactly at 1", () => {
  const { wilson, clopperPearson } = metrics.sensitivity;
  assert.equal(wilson.ciUpper, 1);
  assert.equal(clopperPearson.ciUpper, 1);
  assert.ok((wilson.ciLower as number) < 0.7 && (clopperPearson.ciLower as number) < 0.7);
});

test("case 08: the strict rule (just above 0.30) would give TP 4, FP 2, TN 4, FN 2, which we do not use", () => {
  const strict = thresholdMetrics(p, y, 0.30000000000000004, "<");
  assert.deepEqual([strict.tp, strict.fp, strict.tn, strict.fn], [4, 2, 4, 2]);
});

test("case 08: a float32 score 0.7 is Math.fround(0.7) < 0.7, so at threshold 0.7 it is negative: TP 0, FN 1", () => {
  // Pinned choice: thresholds compare the float64 value as given; no rounding to float32.
  const float32 = new Float32Array([0.7]);
  assert.equal(float32[0], Math.fround(0.7));
  const result = thresholdMetrics(float32, [1], 0.7, "<");
  assert.deepEqual([result.tp, result.fn], [0, 1]);
  const three = thresholdMetrics(new Float32Array([0.3]), [1], 0.3, "<");
  assert.deepEqual([three.tp, three.fn], [1, 0], "Math.fround(0.3) > 0.3 is positive");
});

test("case 08: Wilson 0/10 is (0, 0.2775) and Clopper-Pearson 1/1 is (0.025, 1)", () => {
  const wilson = wilsonInterval(0, 10);
  assert.equal(wilson.ciLower, 0);
  assertClose(wilson.ciUpper, 0.2775, FOUR_DECIMALS, "Wilson 0/10 upper");
  const exact = clopperPearsonInterval(1, 1);
  assertClose(exact.ciLower, 0.025, 1e-15, "CP 1/1 lower");
  assert.equal(exact.ciUpper, 1);
});
