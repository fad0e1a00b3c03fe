import { test } from "node:test";
import assert from "node:assert/strict";
import { completeCases } from "../../data-loaders/stats/complete-cases.ts";
import { delong } from "../../data-loaders/stats/delong.ts";
import { rocCurve } from "../../data-loaders/stats/roc-curve.ts";
import { NotEstimableError } from "../../data-loaders/errors.ts";

// Case 04 (test/fixtures/cases/04-nan-inf-scores.md): NaN, missing and infinite predictions.
// Missing scores are excluded and counted (pROC's na.rm = TRUE); infinite ones are refused.
const A = { y: [0, 0, 1, 1], score: [NaN, NaN, NaN, NaN] };
const B = { y: [0, 0, 1, 1], score: [0.2, NaN, 0.7, 0.4] };
const C = { y: [0, 0, 1, 1], score: [0.2, Infinity, 0.7, 0.4] };
const D = { y: [1, 1, 0, 0], score: [NaN, NaN, NaN, NaN] };

function errorOf(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  assert.fail("expected the input to be refused");
}

test("case 04 B: the missing row is excluded and reported (n used 3, n excluded 1); AUC on the rest is 1", () => {
  const kept = completeCases(B.score, B.y);
  assert.equal(kept.nUsed, 3);
  assert.equal(kept.nExcluded, 1);
  assert.deepEqual(kept.excludedRows, [2]);
  assert.equal(delong(kept.scores, kept.outcomes, "<").auc, 1);
});

test("case 04 C: an infinite score is refused with an explicit message, not ranked", () => {
  const error = errorOf(() => completeCases(C.score, C.y));
  assert.ok(error instanceof RangeError);
  assert.match(error.message, /1 of 4 scores is infinite.*row 2/);
  assert.throws(() => delong(C.score, C.y, "<"), /1 of 4 scores is not finite/);
});

test("case 04 A and D: all NaN is not estimable, naming 4 of 4, with the same message in either row order", () => {
  const a = errorOf(() => completeCases(A.score, A.y));
  const d = errorOf(() => completeCases(D.score, D.y));
  assert.ok(a instanceof NotEstimableError);
  assert.match(a.message, /4 of 4 scores are missing/);
  assert.equal(d.message, a.message);
});

test("case 04 A and D: the AUC itself refuses NaN scores before sorting, identically in either order", () => {
  const a = errorOf(() => delong(A.score, A.y, "<"));
  const d = errorOf(() => delong(D.score, D.y, "<"));
  assert.ok(a instanceof RangeError);
  assert.match(a.message, /4 of 4 scores are not finite/);
  assert.equal(d.message, a.message);
  assert.throws(() => rocCurve(D.score, D.y, "<"), /4 of 4 scores are not finite/);
});
