import { test } from "node:test";
import assert from "node:assert/strict";
import { chooseThreshold } from "../../data-loaders/locks/choose-thresholds.ts";

// Cases 0.35, 0.6, 0.8, 0.9; controls 0.1, 0.3, 0.4, 0.7 (positive when p >= t).
const p = [0.1, 0.35, 0.3, 0.6, 0.4, 0.8, 0.7, 0.9];
const y = [0, 1, 0, 1, 0, 1, 0, 1];

test("screening rule picks the highest observed probability keeping sensitivity >= target", () => {
  const chosen = chooseThreshold(p, y, { id: "s", label: "", rule: "highest-threshold-with-sensitivity-at-least", value: 0.75 });
  // At 0.6 three of four cases (0.6, 0.8, 0.9) are positive; at 0.7 only two.
  assert.equal(chosen.probability, 0.6);
  assert.equal(chosen.sensitivity, 3 / 4);
  assert.equal(chosen.specificity, 3 / 4);
});

test("confirmation rule picks the lowest observed probability keeping specificity >= target", () => {
  const chosen = chooseThreshold(p, y, { id: "c", label: "", rule: "lowest-threshold-with-specificity-at-least", value: 1 });
  // Every control is below 0.8 (the next observed value above the highest control 0.7).
  assert.equal(chosen.probability, 0.8);
  assert.equal(chosen.specificity, 1);
  assert.equal(chosen.sensitivity, 2 / 4);
});

test("a sensitivity of 1 is met at the lowest case score, ties included (>= rule)", () => {
  const chosen = chooseThreshold([0.2, 0.2, 0.5], [1, 0, 1], { id: "s", label: "", rule: "highest-threshold-with-sensitivity-at-least", value: 1 });
  assert.equal(chosen.probability, 0.2);
  assert.equal(chosen.specificity, 0);
});

test("a rule that cannot be met, a single class or a non-finite probability is refused", () => {
  assert.throws(() => chooseThreshold(p, y, { id: "s", label: "", rule: "highest-threshold-with-sensitivity-at-least", value: 1.1 }), /target/);
  assert.throws(() => chooseThreshold([0.1, 0.2], [1, 1], { id: "s", label: "", rule: "lowest-threshold-with-specificity-at-least", value: 0.9 }), /both outcome classes/);
  assert.throws(() => chooseThreshold([0.1, NaN], [1, 0], { id: "s", label: "", rule: "fixed", value: 0.5 }), /not finite/);
});

test("a fixed rule keeps its value and reports what it reaches", () => {
  const chosen = chooseThreshold(p, y, { id: "f", label: "", rule: "fixed", value: 0.5 });
  assert.deepEqual([chosen.probability, chosen.sensitivity, chosen.specificity], [0.5, 3 / 4, 3 / 4]);
});
