import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose, ITERATIVE } from "../../assert-close.ts";
import { ridgeLogisticRegression } from "../../../data-loaders/model/image-models/ridge-logistic-regression.ts";
import {
  inverseLogit,
  logisticRegression,
} from "../../../data-loaders/stats/logistic-regression.ts";

/** Gradient of the penalised log-likelihood: X'(y − p) − λβ (0 for the intercept's penalty). */
function penalisedScore(
  columns: number[][],
  y: number[],
  fit: { coefficients: number[]; intercept: number },
  lambda: number,
): number[] {
  const eta = (i: number) =>
    columns.reduce((s, c, j) => s + c[i] * fit.coefficients[j], fit.intercept);
  const residuals = y.map((v, i) => v - inverseLogit(eta(i)));
  const intercept = residuals.reduce((s, r) => s + r, 0);
  const slopes = columns.map(
    (c, j) => c.reduce((s, x, i) => s + x * residuals[i], 0) - lambda * fit.coefficients[j],
  );
  return [intercept, ...slopes];
}

test("separated outcomes get a finite estimate where the penalised score is zero (the documented example)", () => {
  const columns = [[1, 2, 3, 4]];
  const y = [0, 0, 1, 1];
  assert.equal(logisticRegression(columns, y, { intercept: true }).coefficients, null);
  const fit = ridgeLogisticRegression(columns, y, 1);
  assertClose(fit.coefficients[0], 0.9582859498493861, 1e-12, "slope");
  assertClose(fit.intercept, -2.395714874623465, 1e-12, "intercept");
  for (const score of penalisedScore(columns, y, fit, 1)) assert.ok(Math.abs(score) < 1e-12);
});

test("with a negligible penalty the fit equals maximum likelihood (glm) on non-separated data", () => {
  const columns = [
    [0.2, 1.4, -0.3, 2.2, 0.8, -1.1, 1.9, 0.4, -0.6, 1.1],
    [1, 0, 1, 1, 0, 0, 1, 0, 1, 0],
  ];
  const y = [0, 1, 0, 1, 1, 0, 0, 0, 1, 1];
  const ml = logisticRegression(columns, y, { intercept: true, epsilon: 1e-14 });
  const ridge = ridgeLogisticRegression(columns, y, 1e-10);
  assert.ok(ml.coefficients !== null);
  assertClose(ridge.intercept, ml.coefficients[0], ITERATIVE, "intercept");
  assertClose(ridge.coefficients[0], ml.coefficients[1], ITERATIVE, "slope 1");
  assertClose(ridge.coefficients[1], ml.coefficients[2], ITERATIVE, "slope 2");
});

test("all-tied (constant zero) columns get slope 0 and the intercept logit(events / n)", () => {
  const y = [1, 0, 0, 1, 0];
  const fit = ridgeLogisticRegression([[0, 0, 0, 0, 0], [0, 0, 0, 0, 0]], y, 1);
  assert.deepEqual(fit.coefficients, [0, 0]);
  assertClose(fit.intercept, Math.log(2 / 3), 1e-12, "intercept");
});

test("a single event among many rows gives a finite fit with a positive slope", () => {
  const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const y = [0, 0, 0, 0, 0, 0, 0, 0, 0, 1];
  const fit = ridgeLogisticRegression([x], y, 1);
  assert.ok(Number.isFinite(fit.intercept) && fit.coefficients[0] > 0);
  for (const score of penalisedScore([x], y, fit, 1)) assert.ok(Math.abs(score) < 1e-10);
});

test("refuses empty input, one class only, NaN or infinite values, unequal lengths, bad outcomes and λ ≤ 0", () => {
  assert.throws(
    () => ridgeLogisticRegression([[]], [], 1),
    /needs both outcomes \(found 0 events among 0 rows\)/,
  );
  assert.throws(() => ridgeLogisticRegression([[1, 2]], [1, 1], 1), /needs both outcomes/);
  assert.throws(() => ridgeLogisticRegression([[1, NaN]], [0, 1], 1), /NaN or infinite/);
  assert.throws(() => ridgeLogisticRegression([[1, Infinity]], [0, 1], 1), /NaN or infinite/);
  assert.throws(
    () => ridgeLogisticRegression([[1, 2, 3]], [0, 1], 1),
    /column 1 has 3 values for 2 outcomes/,
  );
  assert.throws(() => ridgeLogisticRegression([[1, 2]], [0, 2], 1), /not 0 or 1/);
  assert.throws(() => ridgeLogisticRegression([[1, 2]], [0, 1], 0), /positive finite/);
  assert.throws(() => ridgeLogisticRegression([[1, 2]], [0, 1], NaN), /positive finite/);
});
