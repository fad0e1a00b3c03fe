import { test } from "node:test";
import assert from "node:assert/strict";
import { checkScoresAndOutcomes, completeCases } from "../../data-loaders/stats/complete-cases.ts";
import { NotEstimableError } from "../../data-loaders/errors.ts";

test("missing (NaN) scores are excluded and reported by 1-based row; the rest keep data order", () => {
  const kept = completeCases([0.2, NaN, 0.7, 0.4, NaN], [0, 0, 1, 1, 1]);
  assert.deepEqual([...kept.scores], [0.2, 0.7, 0.4]);
  assert.deepEqual([...kept.outcomes], [0, 1, 1]);
  assert.deepEqual(kept.usedRows, [1, 3, 4]);
  assert.equal(kept.nUsed, 3);
  assert.deepEqual(kept.excludedRows, [2, 5]);
  assert.equal(kept.nExcluded, 2);
});

test("nothing missing: every row is used, nothing excluded", () => {
  const kept = completeCases([0.3, 0.1], [1, 0]);
  assert.deepEqual(kept.usedRows, [1, 2]);
  assert.equal(kept.nExcluded, 0);
});

test("one class only passes through: completeness says nothing about estimability", () => {
  assert.equal(completeCases([0.3, 0.1], [1, 1]).nUsed, 2);
});

test("an infinite score is refused, not treated as missing or as the highest rank", () => {
  assert.throws(
    () => completeCases([0.2, Infinity, 0.7, -Infinity], [0, 0, 1, 1]),
    (e: Error) => e instanceof RangeError && /2 of 4 scores are infinite/.test(e.message) && /rows 2, 4/.test(e.message),
  );
});

test("every score missing: NotEstimableError naming the count, the same for any row order", () => {
  const message = (outcomes: number[]) => {
    try {
      completeCases([NaN, NaN, NaN, NaN], outcomes);
    } catch (error) {
      assert.ok(error instanceof NotEstimableError);
      return error.message;
    }
    assert.fail("expected NotEstimableError");
  };
  assert.match(message([0, 0, 1, 1]), /4 of 4 scores are missing/);
  assert.equal(message([1, 1, 0, 0]), message([0, 0, 1, 1]));
});

test("empty input: NotEstimableError, no rows were given", () => {
  assert.throws(() => completeCases([], []), (e: Error) => e instanceof NotEstimableError && /no rows/.test(e.message));
});

test("outcomes must be 0 or 1 (a missing outcome is not a missing score) and lengths must match", () => {
  assert.throws(() => completeCases([0.1, 0.2], [0, NaN]), /1 of 2 outcomes are not coded 0 or 1.*row 2/);
  assert.throws(() => completeCases([0.1, 0.2], [0]), /differ in length/);
});

test("checkScoresAndOutcomes counts the classes and lists at most five failing rows", () => {
  assert.deepEqual(checkScoresAndOutcomes([0.1, 0.2, 0.3], [1, 0, 1]), { nCases: 2, nControls: 1 });
  const scores = Array.from({ length: 8 }, () => NaN);
  assert.throws(() => checkScoresAndOutcomes(scores, scores.map(() => 0)), /8 of 8 scores are not finite.*rows 1, 2, 3, 4, 5 and 3 more/);
});
