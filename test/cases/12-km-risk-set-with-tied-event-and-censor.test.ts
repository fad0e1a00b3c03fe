import { test } from "node:test";
import assert from "node:assert/strict";
import { kaplanMeier, medianSurvival } from "../../data-loaders/stats/kaplan-meier.ts";
import { assertAllClose, CLOSED_FORM } from "../assert-close.ts";

// Case 12 (test/fixtures/cases/12-km-risk-set-with-tied-event-and-censor.md): R survfit,
// summary(..., censored = TRUE) and print(fit) on ten subjects with tied events and censorings.
const time = [1, 2, 2, 2, 3, 4, 4, 5, 6, 6];
const event = [1, 1, 1, 0, 0, 1, 0, 0, 1, 0];
const curve = kaplanMeier(time, event, { confidenceType: "log" });

test("case 12: one row per distinct time; censored at t still at risk at t (n.risk 10, 9, 6, 5, 3, 2)", () => {
  assert.deepEqual(curve.rows.map((r) => r.time), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(curve.rows.map((r) => r.numberAtRisk), [10, 9, 6, 5, 3, 2]);
  assert.deepEqual(curve.rows.map((r) => r.numberOfEvents), [1, 2, 0, 1, 0, 1]);
  assert.deepEqual(curve.rows.map((r) => r.numberCensored), [0, 1, 1, 1, 1, 1]);
});

test("case 12: S = 0.9, 0.7, 0.7, 0.56, 0.56, 0.28 as products of (n - d)/n, never 0.675 at t = 2", () => {
  const s1 = 9 / 10;
  const s2 = s1 * (7 / 9);
  const s4 = s2 * (4 / 5);
  const s6 = s4 * (1 / 2);
  assertAllClose(curve.rows.map((r) => r.survival), [s1, s2, s2, s4, s4, s6], CLOSED_FORM, "S");
  const printed = [0.9, 0.7, 0.7, 0.56, 0.56, 0.28];
  assertAllClose(curve.rows.map((r) => r.survival), printed, 1e-12, "S as printed");
  assert.notEqual(curve.rows[1].survival, 0.675);
});

test("case 12: Greenwood SE of S equals S·sqrt(Σ d/(n(n−d))) and R's printed 0.094868 … 0.215592", () => {
  const g1 = 1 / (10 * 9);
  const g2 = g1 + 2 / (9 * 7);
  const g4 = g2 + 1 / (5 * 4);
  const g6 = g4 + 1 / (2 * 1);
  const expected = [0.9 * Math.sqrt(g1), 0.7 * Math.sqrt(g2), 0.7 * Math.sqrt(g2)]
    .concat([0.56 * Math.sqrt(g4), 0.56 * Math.sqrt(g4), 0.28 * Math.sqrt(g6)]);
  const se = curve.rows.map((r) => r.standardErrorSurvival);
  assertAllClose(se, expected, CLOSED_FORM, "SE of S");
  // R printed six decimals, so agreement is to half a unit in the sixth place.
  const printed = [0.094868, 0.144914, 0.144914, 0.170646, 0.170646, 0.215592];
  assertAllClose(se, printed, 5e-7, "SE as printed");
});

test("case 12: median 6 (first S <= 0.5) with log-CI [2, NA] (upper bound not reached)", () => {
  const median = medianSurvival(curve);
  assert.deepEqual([median.median, median.ciLower, median.ciUpper], [6, 2, null]);
});
