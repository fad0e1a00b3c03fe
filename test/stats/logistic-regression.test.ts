import { test } from "node:test";
import assert from "node:assert/strict";
import {
  binomialDeviance,
  inverseLogit,
  logisticRegression,
} from "../../data-loaders/stats/logistic-regression.ts";
import { assertClose, CLOSED_FORM, ITERATIVE } from "../assert-close.ts";

const TIGHT = { epsilon: 1e-14 };

test("intercept only: the estimate is logit(events / n), SE 1 / sqrt(n p (1 - p)), null model = model", () => {
  const y = [1, 1, 0, 0, 0];
  const fit = logisticRegression([], y, { intercept: true, ...TIGHT });
  assert.equal(fit.notEstimableReason, null);
  const rate = 2 / 5;
  assertClose(fit.coefficients![0], Math.log(rate / (1 - rate)), CLOSED_FORM, "intercept");
  // As glm, the SE comes from the weights one Newton step before the estimate: accurate to about
  // the square root of the deviance tolerance, not to rounding.
  assertClose(fit.standardErrors![0], 1 / Math.sqrt(5 * rate * (1 - rate)), 1e-7, "SE");
  const deviance = -2 * (2 * Math.log(rate) + 3 * Math.log(1 - rate));
  assertClose(fit.deviance, deviance, CLOSED_FORM, "deviance");
  assertClose(fit.nullDeviance, deviance, CLOSED_FORM, "null deviance");
});

test("one binary predictor: coefficients are the log odds and the log odds ratio of the 2x2 table", () => {
  // x = 0: 1 event in 4; x = 1: 3 events in 5.
  const x = [0, 0, 0, 0, 1, 1, 1, 1, 1];
  const y = [1, 0, 0, 0, 1, 1, 1, 0, 0];
  const fit = logisticRegression([x], y, { intercept: true, ...TIGHT });
  assertClose(fit.coefficients![0], Math.log(1 / 3), CLOSED_FORM, "log odds at x = 0");
  assertClose(fit.coefficients![1], Math.log(3 / 2 / (1 / 3)), CLOSED_FORM, "log odds ratio");
  assertClose(fit.standardErrors![0], Math.sqrt(1 / 1 + 1 / 3), 1e-7, "SE intercept");
  assertClose(fit.standardErrors![1], Math.sqrt(1 + 1 / 3 + 1 / 3 + 1 / 2), 1e-7, "SE log OR");
  assertClose(fit.covariance![0][1], -(1 + 1 / 3), 1e-7, "covariance = -var(intercept)");
});

test("at the estimate the score X'(y - mu) is zero (glm(y ~ x) with x = 1:4, y = 0,1,0,1)", () => {
  const x = [1, 2, 3, 4];
  const y = [0, 1, 0, 1];
  const fit = logisticRegression([x], y, { intercept: true, ...TIGHT });
  const [a, b] = fit.coefficients!;
  const residuals = x.map((v, i) => y[i] - inverseLogit(a + b * v));
  assertClose(residuals.reduce((s, r) => s + r, 0), 0, 1e-12, "score for the intercept");
  assertClose(residuals.reduce((s, r, i) => s + r * x[i], 0), 0, 1e-12, "score for the slope");
  assertClose(a, -2.270460656398986, ITERATIVE, "intercept");
  assertClose(b, 0.9081842625595945, ITERATIVE, "slope");
});

test("R's default stopping rule (epsilon 1e-8) and a tighter one give the same estimate to 1e-7", () => {
  const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const y = [0, 0, 0, 0, 1, 0, 1, 1, 1, 1];
  const usual = logisticRegression([x], y, { intercept: true });
  const tight = logisticRegression([x], y, { intercept: true, ...TIGHT });
  assert.equal(usual.converged, true);
  assert.ok(tight.iterations >= usual.iterations);
  assertClose(usual.coefficients![1], tight.coefficients![1], 1e-7, "slope");
});

test("an offset without intercept or columns: nothing to estimate, deviance of the offset itself", () => {
  const offset = [0.5, -1, 2];
  const y = [1, 0, 0];
  const fit = logisticRegression([], y, { intercept: false, offset });
  assert.deepEqual(fit.coefficients, []);
  const logLikelihood =
    Math.log(inverseLogit(0.5)) + Math.log(1 - inverseLogit(-1)) + Math.log(1 - inverseLogit(2));
  const expected = -2 * logLikelihood;
  assertClose(fit.deviance, expected, CLOSED_FORM, "deviance");
  assertClose(binomialDeviance(y, offset), expected, CLOSED_FORM, "binomialDeviance");
  assertClose(fit.nullDeviance, expected, CLOSED_FORM, "null deviance");
});

test("with an offset, the null deviance is that of the intercept-plus-offset model, as in R's glm", () => {
  const x = [0.1, 0.4, 0.2, 0.9, 0.5, 0.7];
  const offset = [-0.3, 0.2, 0.1, 0.4, -0.1, 0.3];
  const y = [0, 1, 0, 1, 1, 0];
  const full = logisticRegression([x], y, { intercept: true, offset });
  const interceptOnly = logisticRegression([], y, { intercept: true, offset });
  assertClose(full.nullDeviance, interceptOnly.deviance, ITERATIVE, "null deviance");
  assert.ok(full.deviance! <= full.nullDeviance!);
});

test("empty input is not estimable", () => {
  const fit = logisticRegression([[]], [], { intercept: true });
  assert.equal(fit.coefficients, null);
  assert.match(fit.notEstimableReason!, /no observations/);
});

test("one outcome class with an intercept: infinite MLE, not estimable (never R's 22.14 'converged' value)", () => {
  const offset = [0.9, 0.8, 0.7].map((p) => Math.log(p / (1 - p)));
  const events = logisticRegression([], [1, 1, 1], { intercept: true, offset });
  assert.equal(events.coefficients, null);
  assert.match(events.notEstimableReason!, /infinite.*no non-events/);
  const none = logisticRegression([[1, 2, 3]], [0, 0, 0], { intercept: true });
  assert.match(none.notEstimableReason!, /no events/);
});

test("complete separation (all events above all non-events) is detected as an infinite MLE", () => {
  const fit = logisticRegression([[1, 2, 3, 4]], [0, 0, 1, 1], { intercept: true });
  assert.equal(fit.coefficients, null);
  assert.match(fit.notEstimableReason!, /infinite.*separated/);
});

test("quasi-complete separation (overlap only at one x) is detected as an infinite MLE", () => {
  const fit = logisticRegression([[0, 0, 1, 2]], [0, 1, 1, 1], { intercept: true });
  assert.match(fit.notEstimableReason!, /separated/);
  const single = logisticRegression([[0.1, 0.2, 0.3, 0.4]], [0, 0, 0, 1], { intercept: true });
  assert.match(single.notEstimableReason!, /separated/, "a single event at the highest x");
});

test("a single event that overlaps the non-events gives a finite fit", () => {
  const fit = logisticRegression([[0.1, 0.2, 0.3, 0.4, 0.5]], [0, 0, 1, 0, 0], { intercept: true });
  assert.equal(fit.notEstimableReason, null);
  assert.ok(Number.isFinite(fit.coefficients![1]));
});

test("all predictor values tied: the slope is collinear with the intercept, not estimable", () => {
  const fit = logisticRegression([[2, 2, 2, 2]], [0, 1, 0, 1], { intercept: true });
  assert.match(fit.notEstimableReason!, /collinear/);
});

test("NaN or infinite design values and offsets, and outcomes other than 0/1, are refused", () => {
  assert.throws(
    () => logisticRegression([[1, NaN, 3, Infinity]], [0, 1, 0, 1], { intercept: true }),
    /design column 1: 2 values are NaN or infinite \(positions 2, 4\)/,
  );
  assert.throws(
    () => logisticRegression([], [0, 1], { intercept: true, offset: [0, -Infinity] }),
    /offset: 1 value is NaN or infinite \(position 2\)/,
  );
  assert.throws(
    () => logisticRegression([], [0, 2, 1, NaN], { intercept: true }),
    /outcomes: 2 values are not 0 or 1 \(positions 2, 4\)/,
  );
  assert.throws(() => logisticRegression([[1, 2]], [0, 1, 1], { intercept: true }), /equal length/);
});
