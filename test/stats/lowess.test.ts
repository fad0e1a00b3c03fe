import { test } from "node:test";
import assert from "node:assert/strict";
import { evenlySpaced, interpolateLinear, lowess } from "../../data-loaders/stats/lowess.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";
import { assertAllClose, assertClose } from "../assert-close.ts";

const curve = loadReference("calibration").lowess_curve;
const rows = loadReferenceCsv("gbsg_validation").filter((row) => row.y !== "");
const p = rows.map((row) => Number(row.p));
const y = rows.map((row) => Number(row.y));

test("GBSG lowess(p, y, f = 2/3, iter = 0) equals R's stats::lowess output at all 406 points to 1e-12", () => {
  const result = lowess(p, y, { f: 2 / 3, iter: 0 });
  assert.deepEqual(Array.from(result.x), curve.lowess_raw_output.x, "sorted x, bit for bit");
  assertAllClose(result.y, curve.lowess_raw_output.y, 1e-12, "smoothed y");
});

test("GBSG curve on 50 grid points: seq(min, max, length.out = 50) bit for bit, approx(ties = mean) to 1e-12", () => {
  const result = lowess(p, y, { iter: 0 });
  const grid = evenlySpaced(result.x[0], result.x[result.x.length - 1], 50);
  assert.deepEqual(grid, curve.grid_p);
  const smoothed = interpolateLinear(result.x, result.y, grid);
  assertAllClose(smoothed, curve.smoothed_observed, 1e-12, "curve");
});

test("all x tied: every fitted value is the mean of y (zero bandwidth, equal weights)", () => {
  const result = lowess([2, 2, 2, 2], [1, 2, 3, 6], { iter: 0 });
  assert.deepEqual(Array.from(result.y), [3, 3, 3, 3]);
  // With robustness iterations it is one bisquare-weighted mean, pulled away from the 6.
  const robust = Array.from(lowess([2, 2, 2, 2], [1, 2, 3, 6]).y);
  assert.ok(robust.every((v) => v === robust[0]) && robust[0] > 1 && robust[0] < 3);
});

test("n = 1 returns the point; n = 2 returns both points (the far neighbour gets zero tricube weight)", () => {
  assert.deepEqual(Array.from(lowess([5], [7]).y), [7]);
  assert.deepEqual(Array.from(lowess([4, 1], [3, 9]).x), [1, 4]);
  assert.deepEqual(Array.from(lowess([4, 1], [3, 9]).y), [9, 3]);
});

test("a straight line is reproduced exactly by the local linear fits", () => {
  const x = Array.from({ length: 10 }, (_, i) => i + 1);
  const line = x.map((v) => 3 * v - 2);
  assertAllClose(lowess(x, line).y, line, 1e-12, "fitted line");
});

test("robustness iterations (iter = 3) discount an outlier that iter = 0 follows", () => {
  const x = Array.from({ length: 20 }, (_, i) => i + 1);
  const withOutlier = x.map((v) => (v === 10 ? 100 : v));
  assert.ok(lowess(x, withOutlier, { iter: 0 }).y[9] > 20, "the plain fit is pulled up");
  assertClose(lowess(x, withOutlier).y[9], 10, 1e-9, "the robust fit ignores the outlier");
});

test("delta larger than the range: only the end points are fitted, the rest interpolated linearly", () => {
  const x = Array.from({ length: 11 }, (_, i) => i);
  const result = lowess(x, x.map((v) => v * v), { delta: 100, iter: 0 });
  const first = result.y[0];
  const last = result.y[10];
  for (let j = 1; j < 10; j++) {
    assertClose(result.y[j], first + ((last - first) * j) / 10, 1e-12, `x = ${j}`);
  }
});

test("points tied in x share one fitted value; output is sorted by x with ties in input order", () => {
  const result = lowess([3, 1, 2, 2, 5], [1, 2, 3, 4, 5], { iter: 0 });
  assert.deepEqual(Array.from(result.x), [1, 2, 2, 3, 5]);
  assert.equal(result.y[1], result.y[2]);
});

test("empty input gives an empty curve", () => {
  const result = lowess([], []);
  assert.equal(result.x.length, 0);
  assert.equal(result.y.length, 0);
});

test("NaN or infinite x or y, unequal lengths and invalid f, iter or delta are refused", () => {
  assert.throws(
    () => lowess([1, NaN, 3], [1, 2, 3]),
    /x has 1 NaN or infinite value \(position 2\)/,
  );
  assert.throws(() => lowess([1, 2, 3], [1, 2, Infinity]), /y has 1 NaN/);
  assert.throws(() => lowess([1, 2], [1]), /equal length/);
  assert.throws(() => lowess([1, 2], [1, 2], { f: 0 }), /span f/);
  assert.throws(() => lowess([1, 2], [1, 2], { iter: -1 }), /iter/);
  assert.throws(() => lowess([1, 2], [1, 2], { delta: -1 }), /delta/);
});

test("approx with ties = mean: tied x are averaged first, outside the range gives null", () => {
  const values = interpolateLinear([0, 1, 1, 2], [0, 1, 3, 4], [0.5, 1, 1.5, 3, -1]);
  assert.deepEqual(values, [1, 2, 3, null, null]);
  assert.deepEqual(interpolateLinear([], [], [0]), [null]);
  assert.throws(() => interpolateLinear([0, 1], [0, 1], [NaN]), /xout/);
});

test("evenlySpaced has exact ends and equal steps", () => {
  assert.deepEqual(evenlySpaced(0, 1, 5), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(evenlySpaced(3, 3, 1), [3]);
  assert.throws(() => evenlySpaced(0, 1, 0), /positive integer/);
});
