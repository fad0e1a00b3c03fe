import { test } from "node:test";
import assert from "node:assert/strict";
import {
  calibrationInTheLarge,
  calibrationSlope,
  compensatedSum,
  observedExpected,
} from "../../data-loaders/stats/calibration.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";
import { assertClose, ITERATIVE } from "../assert-close.ts";

const reference = loadReference("calibration");
const rows = loadReferenceCsv("gbsg_validation").filter((row) => row.y !== "");
const p = rows.map((row) => Number(row.p));
const y = rows.map((row) => Number(row.y));
const logit = (q: number) => Math.log(q / (1 - q));

/** Relative comparison, for p-values far below 1 where assertClose would be absolute. */
function assertRelative(actual: number | null, expected: number, tolerance: number, what: string) {
  assertClose((actual as number) / expected, 1, tolerance, `${what} (ratio to R)`);
}

test("GBSG calibration-in-the-large equals glm(y ~ 1 + offset(qlogis(p))): estimate, SE, Wald CI, z, p", () => {
  const expected = reference.calibration_in_the_large;
  const result = calibrationInTheLarge(p, y);
  assert.equal(rows.length, reference.meta.n);
  assertClose(result.estimate, expected.estimate, ITERATIVE, "estimate");
  assertClose(result.standardError, expected.se, ITERATIVE, "SE");
  assertClose(result.ciLower, expected.ci95_wald.lower, ITERATIVE, "CI lower");
  assertClose(result.ciUpper, expected.ci95_wald.upper, ITERATIVE, "CI upper");
  assertClose(result.z, expected.z, ITERATIVE, "z");
  assertRelative(result.pValue, expected.p_value, ITERATIVE, "p-value");
  assert.equal(result.notEstimableReason, null);
});

test("GBSG calibration slope equals glm(y ~ qlogis(p)): intercept, slope, SEs, slope CI, test of slope = 1", () => {
  const expected = reference.calibration_slope;
  const result = calibrationSlope(p, y);
  assertClose(result.intercept, expected.intercept, ITERATIVE, "intercept");
  assertClose(result.interceptStandardError, expected.intercept_se, ITERATIVE, "intercept SE");
  assertClose(result.slope, expected.slope, ITERATIVE, "slope");
  assertClose(result.slopeStandardError, expected.slope_se, ITERATIVE, "slope SE");
  assertClose(result.slopeCiLower, expected.slope_ci95_wald.lower, ITERATIVE, "slope CI lower");
  assertClose(result.slopeCiUpper, expected.slope_ci95_wald.upper, ITERATIVE, "slope CI upper");
  assertClose(result.zSlopeEqualsOne, expected.slope_test_vs_1.z, ITERATIVE, "z (slope = 1)");
  const test = expected.slope_test_vs_1;
  assertRelative(result.pValueSlopeEqualsOne, test.p_value, ITERATIVE, "p (slope = 1)");
});

test("GBSG observed/expected: counts exact, sums and O/E = sum(y)/sum(p) to 1e-12", () => {
  const expected = reference.observed_expected;
  const result = observedExpected(p, y);
  assert.equal(result.observedEvents, expected.observed_events);
  assert.equal(result.n, expected.n);
  assertClose(result.expectedEvents, expected.expected_events, 1e-12, "expected events");
  assertClose(result.observedRate, expected.observed_rate, 1e-12, "observed rate");
  assertClose(result.meanPredicted, expected.mean_predicted, 1e-12, "mean predicted");
  const ratio = expected.ratio_observed_over_expected;
  assertClose(result.ratioObservedOverExpected, ratio, 1e-12, "O/E");
});

test("all risks tied at p0: calibration-in-the-large is logit(event rate) - logit(p0); the slope is not estimable", () => {
  const tied = [0.3, 0.3, 0.3, 0.3, 0.3];
  const outcomes = [1, 0, 1, 1, 0];
  const large = calibrationInTheLarge(tied, outcomes);
  assertClose(large.estimate, logit(3 / 5) - logit(0.3), ITERATIVE, "intercept");
  assertClose(large.standardError, 1 / Math.sqrt(5 * 0.6 * 0.4), ITERATIVE, "SE");
  const slope = calibrationSlope(tied, outcomes);
  assert.equal(slope.slope, null);
  assert.match(slope.notEstimableReason!, /collinear/);
});

test("one outcome class: intercept and slope not estimable (infinite MLE), never R's large 'converged' number", () => {
  const large = calibrationInTheLarge([0.9, 0.8, 0.7], [1, 1, 1]);
  assert.equal(large.estimate, null);
  assert.equal(large.ciUpper, null);
  assert.match(large.notEstimableReason!, /no non-events/);
  const slope = calibrationSlope([0.2, 0.3, 0.4], [0, 0, 0]);
  assert.equal(slope.slope, null);
  assert.match(slope.notEstimableReason!, /no events/);
});

test("a single event: the intercept is finite; the slope is not estimable when that event has the top risk", () => {
  const risks = [0.1, 0.2, 0.3, 0.4];
  const outcomes = [0, 0, 0, 1];
  const large = calibrationInTheLarge(risks, outcomes);
  assert.ok(Number.isFinite(large.estimate));
  const slope = calibrationSlope(risks, outcomes);
  assert.equal(slope.slope, null);
  assert.match(slope.notEstimableReason!, /separated/);
});

test("no patients: nothing is estimable, and O/E reports n = 0", () => {
  assert.match(calibrationInTheLarge([], []).notEstimableReason!, /no observations/);
  assert.match(calibrationSlope([], []).notEstimableReason!, /no observations/);
  const ratio = observedExpected([], []);
  assert.equal(ratio.n, 0);
  assert.equal(ratio.ratioObservedOverExpected, null);
  assert.match(ratio.notEstimableReason!, /no patients/);
});

test("O/E accepts risks of exactly 0 and 1 and is not estimable when nothing is expected", () => {
  assert.equal(observedExpected([0, 1], [0, 1]).ratioObservedOverExpected, 1);
  const zero = observedExpected([0, 0], [0, 1]);
  assert.equal(zero.ratioObservedOverExpected, null);
  assert.match(zero.notEstimableReason!, /no events are expected/);
});

test("NaN, infinite and out-of-range risks, risks of exactly 0 or 1 and bad outcomes are refused", () => {
  for (const method of [calibrationInTheLarge, calibrationSlope, observedExpected]) {
    assert.throws(
      () => method([0.2, NaN, 0.4, Infinity], [0, 1, 0, 1]),
      /2 values are NaN or infinite \(positions 2, 4\)/,
    );
    assert.throws(() => method([0.2, 1.5, -0.1], [0, 1, 0]), /outside \[0, 1\] \(positions 2, 3\)/);
    assert.throws(() => method([0.2, 0.5], [0, 2]), /not 0 or 1 \(position 2\)/);
    assert.throws(() => method([0.2, 0.5], [0]), /2 predicted probabilities but 1 outcomes/);
  }
  assert.throws(
    () => calibrationInTheLarge([0.2, 1, 0.3], [0, 1, 0]),
    /exactly 0 or 1 \(position 2\).*logit is infinite/,
  );
  assert.throws(() => calibrationSlope([0, 0.5], [0, 1]), /exactly 0 or 1 \(position 1\)/);
});

test("compensated summation keeps the small terms that naive summation drops", () => {
  assert.equal(compensatedSum([1e16, 1, -1e16, 1]), 2);
  assert.equal(compensatedSum([]), 0);
});
