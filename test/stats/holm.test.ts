import { test } from "node:test";
import assert from "node:assert/strict";
import { holmAdjust } from "../../data-loaders/stats/holm.ts";
import { assertAllClose } from "../assert-close.ts";

test("Holm multiplies the i-th smallest of m p-values by m − i + 1 and keeps the sequence monotone", () => {
  // Sorted 0.01, 0.03, 0.04 → 3·0.01, max(0.03, 2·0.03), max(0.06, 1·0.04).
  assertAllClose(holmAdjust([0.01, 0.04, 0.03]), [0.03, 0.06, 0.06], 1e-15, "adjusted");
});

test("Holm caps at 1, leaves missing p-values out of m and keeps them missing", () => {
  assert.deepEqual(holmAdjust([0.6, null, 0.5]), [1, null, 1]);
  const adjusted = holmAdjust([null, 0.02, 0.2]);
  assert.equal(adjusted[0], null);
  assertAllClose(adjusted.slice(1) as number[], [0.04, 0.2], 1e-15, "with a missing value");
});

test("Holm of an empty list is empty; a single p-value is unchanged", () => {
  assert.deepEqual(holmAdjust([]), []);
  assert.deepEqual(holmAdjust([0.2]), [0.2]);
});

test("Holm refuses a p-value outside [0, 1]", () => {
  assert.throws(() => holmAdjust([0.2, 1.2]), /p-value 2/);
  assert.throws(() => holmAdjust([NaN]), /not in \[0, 1\]/);
});
