import { test } from "node:test";
import assert from "node:assert/strict";
import { thresholdMetrics, type ThresholdMetrics } from "../../data-loaders/stats/threshold-metrics.ts";
import { assertClose } from "../assert-close.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";

const EXACT = 1e-12;
const reference = loadReference("thresholds");
const asah = loadReferenceCsv("aSAH");
const poor = asah.map((row) => (row.outcome === "Poor" ? 1 : 0));
const s100b = asah.map((row) => Number(row.s100b));
const FIELDS = {
  sensitivity: "sensitivity",
  specificity: "specificity",
  positivePredictiveValue: "ppv",
  negativePredictiveValue: "npv",
  accuracy: "accuracy",
} as const;

for (const expected of reference.results) {
  test(`s100b >= ${expected.threshold}: the 2×2 counts equal R's (positive when score >= threshold)`, () => {
    const result = thresholdMetrics(s100b, poor, expected.threshold, "<");
    const { tp, fp, tn, fn, n } = result;
    assert.deepEqual({ tp, fp, tn, fn, n }, expected.counts);
  });

  test(`s100b >= ${expected.threshold}: each proportion, numerator, denominator and both 95% CIs equal R's`, () => {
    const result = thresholdMetrics(s100b, poor, expected.threshold, "<");
    for (const [field, key] of Object.entries(FIELDS)) {
      const actual = result[field as keyof typeof FIELDS];
      const want = expected[key];
      assert.equal(actual.numerator, want.numerator, `${key} numerator`);
      assert.equal(actual.denominator, want.denominator, `${key} denominator`);
      assertClose(actual.estimate, want.estimate, EXACT, `${key} estimate`);
      assertClose(actual.wilson.ciLower, want.wilson_95.lower, EXACT, `${key} Wilson lower`);
      assertClose(actual.wilson.ciUpper, want.wilson_95.upper, EXACT, `${key} Wilson upper`);
      assertClose(actual.clopperPearson.ciLower, want.clopper_pearson_95.lower, EXACT, `${key} CP lower`);
      assertClose(actual.clopperPearson.ciUpper, want.clopper_pearson_95.upper, EXACT, `${key} CP upper`);
      assert.equal(actual.notEstimableReason, null);
    }
  });
}

test("s100b at 0.5: the two scores equal to 0.5 are positive; just above 0.5 gives R's strict-rule counts", () => {
  const atHalf = reference.results.find((r: { threshold: number }) => r.threshold === 0.5);
  assert.equal(s100b.filter((x) => x === 0.5).length, atHalf.n_subjects_exactly_at_threshold);
  const justAbove = thresholdMetrics(s100b, poor, 0.5000000000000001, "<");
  const { tp, fp, tn, fn } = justAbove;
  const { note, ...strict } = atHalf.counts_if_rule_were_strictly_greater;
  assert.deepEqual({ tp, fp, tn, fn }, strict);
});

test('direction ">" calls positive when score <= threshold: the mirror of "<" on negated scores', () => {
  const up = thresholdMetrics(s100b, poor, 0.205, "<");
  const down = thresholdMetrics(s100b.map((x) => -x), poor, -0.205, ">");
  assert.deepEqual(counts(down), counts(up));
  assert.deepEqual(down.sensitivity, up.sensitivity);
});

function counts(m: ThresholdMetrics) {
  return [m.tp, m.fp, m.tn, m.fn, m.n];
}

test("empty input: every proportion is not estimable with a reason, and nothing throws", () => {
  const result = thresholdMetrics([], [], 0.5, "<");
  assert.deepEqual(counts(result), [0, 0, 0, 0, 0]);
  for (const field of Object.keys(FIELDS) as (keyof typeof FIELDS)[]) {
    assert.equal(result[field].estimate, null, field);
    assert.deepEqual(result[field].wilson, { ciLower: null, ciUpper: null });
    assert.ok((result[field].notEstimableReason ?? "").length > 0, `${field} reason`);
  }
});

test("one class only (no events): sensitivity and PPV are not estimable, specificity is", () => {
  const result = thresholdMetrics([0.1, 0.6, 0.3], [0, 0, 0], 0.5, "<");
  assert.equal(result.sensitivity.estimate, null);
  assert.match(result.sensitivity.notEstimableReason ?? "", /no cases/);
  assert.equal(result.positivePredictiveValue.estimate, 0);
  assert.equal(result.specificity.estimate, 2 / 3);
  assert.equal(result.negativePredictiveValue.estimate, 1);
});

test("all scores tied at the threshold: everyone is positive under >=", () => {
  const result = thresholdMetrics([0.4, 0.4, 0.4], [0, 1, 1], 0.4, "<");
  assert.deepEqual(counts(result), [2, 1, 0, 0, 3]);
  assert.equal(result.negativePredictiveValue.estimate, null);
  assert.match(result.negativePredictiveValue.notEstimableReason ?? "", /nobody is called negative/);
});

test("a single event: sensitivity is 0/1 or 1/1 with its exact interval", () => {
  const result = thresholdMetrics([0.2, 0.7, 0.4], [0, 1, 0], 0.5, "<");
  assert.deepEqual([result.tp, result.fn], [1, 0]);
  assert.equal(result.sensitivity.estimate, 1);
  assertClose(result.sensitivity.clopperPearson.ciLower, 0.025, EXACT, "CP 1/1 lower");
  assert.equal(result.sensitivity.clopperPearson.ciUpper, 1);
});

test("±Infinity thresholds call everyone negative or positive; a NaN threshold is refused", () => {
  assert.deepEqual(counts(thresholdMetrics([0.1, 0.9], [0, 1], Infinity, "<")), [0, 0, 1, 1, 2]);
  assert.deepEqual(counts(thresholdMetrics([0.1, 0.9], [0, 1], -Infinity, "<")), [1, 1, 0, 0, 2]);
  assert.throws(() => thresholdMetrics([0.1, 0.9], [0, 1], NaN, "<"), /threshold is NaN/);
});

test("NaN scores, bad outcomes and unknown directions are refused", () => {
  assert.throws(() => thresholdMetrics([0.1, NaN], [0, 1], 0.5, "<"), /1 of 2 scores is not finite/);
  assert.throws(() => thresholdMetrics([0.1, 0.2], [0, 3], 0.5, "<"), /not coded 0 or 1/);
  assert.throws(() => thresholdMetrics([0.1, 0.2], [0, 1], 0.5, ">=" as "<"), /direction/);
});
