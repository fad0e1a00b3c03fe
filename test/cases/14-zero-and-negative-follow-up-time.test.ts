import { test } from "node:test";
import assert from "node:assert/strict";
import { kaplanMeier } from "../../data-loaders/stats/kaplan-meier.ts";
import { logrankTest } from "../../data-loaders/stats/logrank.ts";
import { coxProportionalHazards } from "../../data-loaders/stats/cox-proportional-hazards.ts";
import { harrellConcordance } from "../../data-loaders/stats/concordance.ts";
import { assertAllClose, CLOSED_FORM } from "../assert-close.ts";

// Case 14 (test/fixtures/cases/14-zero-and-negative-follow-up-time.md). We pin R's semantics:
// a follow-up time of 0 is kept (an event at 0 drops the curve at 0); negative times are refused.

test("case 14 A: time 0 is legal; the event at 0 drops S to 6/7 with 7 at risk, the censored-at-0 leaves after", () => {
  const time = [0, 0, 1, 2, 3, 3, 4];
  const curve = kaplanMeier(time, [1, 0, 1, 0, 1, 1, 0], { confidenceType: "log" });
  assert.deepEqual(curve.rows.map((r) => r.time), [0, 1, 2, 3, 4]);
  assert.deepEqual(curve.rows.map((r) => r.numberAtRisk), [7, 5, 4, 3, 1]);
  assert.deepEqual(curve.rows.map((r) => r.numberOfEvents), [1, 1, 0, 2, 0]);
  assert.deepEqual(curve.rows.map((r) => r.numberCensored), [1, 0, 1, 0, 1]);
  const s0 = 6 / 7;
  const s1 = s0 * (4 / 5);
  const s3 = s1 * (1 / 3);
  assertAllClose(curve.rows.map((r) => r.survival), [s0, s1, s1, s3, s3], CLOSED_FORM, "S");
  const printed = [0.857143, 0.685714, 0.685714, 0.228571, 0.228571];
  assertAllClose(curve.rows.map((r) => r.survival), printed, 5e-7, "S as printed");
});

test("case 14 B: a negative follow-up time is refused, naming the row: time must be >= 0; row 1 has -1", () => {
  const time = [-1, 1, 2, 3, 4];
  const event = [1, 1, 1, 1, 1];
  const message = /time must be >= 0; row 1 has -1\b/;
  assert.throws(() => kaplanMeier(time, event, { confidenceType: "log" }), message);
  assert.throws(() => logrankTest(time, event, ["A", "A", "B", "B", "B"], ["A", "B"]), message);
  const arm = [Float64Array.from([0, 0, 1, 1, 1])];
  assert.throws(() => coxProportionalHazards(time, event, arm), message);
  assert.throws(() => harrellConcordance(time, event, [5, 4, 3, 2, 1], { reverse: true }), message);
});
