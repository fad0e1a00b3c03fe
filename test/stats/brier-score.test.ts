import { test } from "node:test";
import assert from "node:assert/strict";
import { brierScore } from "../../data-loaders/stats/brier-score.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";
import { assertClose } from "../assert-close.ts";

const rows = loadReferenceCsv("gbsg_validation").filter((row) => row.y !== "");
const p = rows.map((row) => Number(row.p));
const y = rows.map((row) => Number(row.y));

test("GBSG Brier score equals val.prob's mean((p - y)^2) to 1e-12", () => {
  const expected = loadReference("calibration").val_prob.stats.Brier;
  const result = brierScore(p, y);
  assertClose(result.brierScore, expected, 1e-12, "Brier");
  assert.equal(result.n, 406);
  assertClose(result.prevalence, 285 / 406, 1e-15, "prevalence");
  const scaled = 1 - expected / ((285 / 406) * (121 / 406));
  assertClose(result.scaledBrierScore, scaled, 1e-12, "scaled = 1 - Brier / (prev (1 - prev))");
});

test("hand case: Brier is the mean squared error and scaled Brier compares it with p = prevalence", () => {
  const result = brierScore([0.2, 0.6, 0.4, 0.3], [0, 1, 0, 1]);
  const brier = (0.04 + 0.16 + 0.16 + 0.49) / 4;
  assertClose(result.brierScore, brier, 1e-15, "Brier");
  assertClose(result.scaledBrierScore, 1 - brier / 0.25, 1e-15, "scaled");
});

test("one outcome class keeps the Brier score defined; the scaled score is not estimable", () => {
  const events = brierScore([0.9, 0.8, 0.7], [1, 1, 1]);
  assertClose(events.brierScore, (0.01 + 0.04 + 0.09) / 3, 1e-15, "all events");
  assert.equal(events.scaledBrierScore, null);
  assert.match(events.notEstimableReason!, /both outcome classes.*all 3 outcomes are 1/);
  const none = brierScore([0.5], [0]);
  assert.equal(none.brierScore, 0.25);
  assert.equal(none.scaledBrierScore, null);
});

test("single-class checks from the scikit-learn reports: a lone label is not re-coded", () => {
  assert.equal(brierScore([1, 1, 1], [1, 1, 1]).brierScore, 0);
  assertClose(brierScore([0.4], [1]).brierScore, 0.36, 1e-15, "[1] vs [0.4]");
  assert.equal(brierScore([0.5], [0]).brierScore, 0.25);
  assert.equal(brierScore([0, 0, 0, 0], [1, 1, 1, 1]).brierScore, 1);
});

test("all risks tied at the prevalence score a scaled Brier of exactly 0", () => {
  const result = brierScore([0.5, 0.5, 0.5, 0.5], [0, 1, 0, 1]);
  assert.equal(result.brierScore, 0.25);
  assert.equal(result.scaledBrierScore, 0);
});

test("no patients: nothing is estimable", () => {
  const result = brierScore([], []);
  assert.equal(result.brierScore, null);
  assert.equal(result.scaledBrierScore, null);
  assert.match(result.notEstimableReason!, /no patients/);
});

test("NaN, infinite and out-of-range risks and outcomes other than 0/1 are refused, not sorted", () => {
  assert.throws(() => brierScore([NaN, 0.2], [0, 1]), /1 value is NaN or infinite \(position 1\)/);
  assert.throws(() => brierScore([0.2, -Infinity], [0, 1]), /position 2/);
  assert.throws(() => brierScore([1.2, 0.2], [0, 1]), /outside \[0, 1\]/);
  assert.throws(() => brierScore([0.2, 0.3], [0, -1]), /not 0 or 1/);
});
