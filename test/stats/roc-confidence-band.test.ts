import { test } from "node:test";
import assert from "node:assert/strict";
import { rocConfidenceBand, sensitivityAtSpecificities } from "../../data-loaders/stats/roc-confidence-band.ts";
import { rocCurve } from "../../data-loaders/stats/roc-curve.ts";
import { NotEstimableError } from "../../data-loaders/errors.ts";
import { loadReferenceCsv } from "../golden/reference/load.ts";

const asah = loadReferenceCsv("aSAH");
const poor = asah.map((row) => (row.outcome === "Poor" ? 1 : 0));
const s100b = asah.map((row) => Number(row.s100b));
const grid = Array.from({ length: 41 }, (_, k) => k / 40);

test("aSAH s100b: sensitivity and both bounds are non-increasing in specificity and lie in [0, 1]", () => {
  const { points } = rocConfidenceBand(s100b, poor, "<", { specificities: grid, replicates: 500, seed: 17 });
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    for (const value of [p.sensitivity, p.ciLower, p.ciUpper]) assert.ok(value >= 0 && value <= 1);
    assert.ok(p.ciLower <= p.ciUpper, `at specificity ${p.specificity}`);
    if (i === 0) continue;
    const q = points[i - 1];
    assert.ok(p.sensitivity <= q.sensitivity, `sensitivity at ${p.specificity}`);
    assert.ok(p.ciLower <= q.ciLower && p.ciUpper <= q.ciUpper, `bounds at ${p.specificity}`);
  }
  assert.deepEqual(points[0], { specificity: 0, sensitivity: 1, ciLower: 1, ciUpper: 1 });
});

test("the same seed reproduces the band; points come back in the order requested", () => {
  const options = { specificities: [0.9, 0, 1, 0.5], replicates: 300, seed: 1 };
  const first = rocConfidenceBand(s100b, poor, "<", options);
  assert.deepEqual(rocConfidenceBand(s100b, poor, "<", options), first);
  assert.deepEqual(first.points.map((p) => p.specificity), [0.9, 0, 1, 0.5]);
  const alone = rocConfidenceBand(s100b, poor, "<", { ...options, specificities: [0.9] });
  assert.deepEqual(alone.points[0], first.points[0], "each point depends only on the resamples");
  assert.notDeepEqual(rocConfidenceBand(s100b, poor, "<", { ...options, seed: 2 }).points, first.points);
});

test("at a specificity on the curve the estimate is the highest sensitivity there", () => {
  const curve = rocCurve(s100b, poor, "<");
  const specificity = curve.specificity[10];
  const highest = Math.max(...[...curve.sensitivity].filter((_, j) => curve.specificity[j] === specificity));
  const { points } = rocConfidenceBand(s100b, poor, "<", { specificities: [specificity], replicates: 20, seed: 4 });
  assert.equal(points[0].sensitivity, highest);
});

test("between operating points the sensitivity is interpolated linearly along the drawn curve", () => {
  // Points (specificity, sensitivity): (0, 1), (1/2, 1), then a tie jumps to (1, 1/2), then (1, 0).
  const out = new Float64Array(4);
  sensitivityAtSpecificities([0, 1, 1], [1, 1, 0], [0.25, 0.5, 0.75, 1], out);
  assert.deepEqual([...out], [1, 1, 0.75, 0.5]);
});

test("all scores tied: the curve is the diagonal, sensitivity = 1 - specificity", () => {
  const { points } = rocConfidenceBand([2, 2, 2, 2], [0, 1, 0, 1], "<", { specificities: [0, 0.25, 1], replicates: 30, seed: 6 });
  assert.deepEqual(points.map((p) => p.sensitivity), [1, 0.75, 0]);
});

test('direction ">" on negated scores gives the same band as "<"', () => {
  const options = { specificities: [0.3, 0.8], replicates: 100, seed: 12 };
  const up = rocConfidenceBand(s100b, poor, "<", options);
  const down = rocConfidenceBand(s100b.map((x) => -x), poor, ">", options);
  assert.deepEqual(down, up);
});

test("a single case: the curve steps from sensitivity 1 to 0 where the case lies", () => {
  // Controls 0.1, 0.3, 0.9 and the case 0.5: points (0, 1), (1/3, 1), (2/3, 1), (2/3, 0), (1, 0).
  const options = { specificities: [0.5, 0.8], replicates: 50, seed: 2 };
  const { points } = rocConfidenceBand([0.1, 0.5, 0.9, 0.3], [0, 1, 0, 0], "<", options);
  assert.deepEqual(points.map((p) => p.sensitivity), [1, 0]);
  for (const p of points) assert.ok(p.ciLower >= 0 && p.ciUpper <= 1);
});

test("default grid is 0, 0.05, …, 1", () => {
  const { points, replicates } = rocConfidenceBand(s100b, poor, "<", { replicates: 10, seed: 9 });
  assert.equal(points.length, 21);
  assert.equal(points[20].specificity, 1);
  assert.equal(replicates, 10);
});

test("one class only, empty input, specificities outside [0, 1] and NaN scores are refused", () => {
  assert.throws(() => rocConfidenceBand([0.1, 0.2], [0, 0], "<", { seed: 1 }), NotEstimableError);
  assert.throws(() => rocConfidenceBand([], [], "<", { seed: 1 }), NotEstimableError);
  assert.throws(() => rocConfidenceBand([0.1, 0.2], [0, 1], "<", { seed: 1, specificities: [1.2] }), /\[0, 1\]/);
  assert.throws(() => rocConfidenceBand([0.1, 0.2], [0, 1], "<", { seed: 1, specificities: [NaN] }), /\[0, 1\]/);
  assert.throws(() => rocConfidenceBand([0.1, NaN], [0, 1], "<", { seed: 1 }), /not finite/);
});
