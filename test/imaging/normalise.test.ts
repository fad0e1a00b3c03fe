import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../assert-close.ts";
import {
  CLIP_LIMIT,
  headNormalisation,
  nonZeroQuantileType7,
  normaliseIntensity,
} from "../../data-loaders/imaging/normalise.ts";
import { quantileType7 } from "../../data-loaders/stats/quantile.ts";
import { seededRandom } from "../../data-loaders/stats/seeded-random.ts";

const volume = (values: number[]) => ({ data: Float32Array.from(values) });

test("head z-score of 0,0,1,2,3,4,5: threshold 1 + 0.05·(5 − 1) = 1.2, head 2…5, mean 3.5, sd √(5/3)", () => {
  const result = headNormalisation(volume([0, 0, 1, 2, 3, 4, 5]));
  assertClose(result.headThreshold, 1.2, 1e-15, "5th percentile of 1..5");
  assert.equal(result.headVoxelCount, 4);
  assert.equal(result.mean, 3.5);
  assertClose(result.standardDeviation, Math.sqrt(5 / 3), 1e-15, "sample sd (n − 1) of 2..5");
});

test("zeros do not enter the 5th percentile: adding background voxels leaves the normalisation alone", () => {
  const head = [0, 0, 12, 40, 41, 45, 50, 52, 60, 61, 63, 70];
  const padded = [...head, ...new Array(500).fill(0)];
  assert.deepEqual(headNormalisation(volume(padded)), headNormalisation(volume(head)));
});

test("the head holds voxels strictly above the threshold: a voxel equal to it is left out", () => {
  // 21 non-zero values: index 1 + 20 · 0.05 = 2, the threshold is the 2nd smallest, 3.
  const values = [1, 3, 3, ...Array.from({ length: 18 }, (_, n) => 10 + n)];
  const result = headNormalisation(volume(values));
  assert.equal(result.headThreshold, 3);
  assert.equal(result.headVoxelCount, 18);
  assert.equal(result.mean, 18.5);
});

test("the standard deviation is taken in two passes: 10^6 + 1 … 10^6 + 6 keep sd = √3.5 exactly enough", () => {
  const values = [0, 1e6, 1e6 + 1, 1e6 + 2, 1e6 + 3, 1e6 + 4, 1e6 + 5, 1e6 + 6];
  const result = headNormalisation(volume(values));
  // Non-zero: 10^6 … 10^6 + 6; threshold 10^6 + 0.3; head 10^6 + 1 … 10^6 + 6.
  assert.equal(result.headVoxelCount, 6);
  assert.equal(result.mean, 1e6 + 3.5);
  assertClose(result.standardDeviation, Math.sqrt(3.5), 1e-14, "sd of 1..6");
});

test("the 5th percentile by selection is bit-identical to quantileType7 (R type 7) of the non-zero values", () => {
  const random = seededRandom(20240611);
  const makers: ((n: number) => number)[] = [
    () => random.uniform() * 1200 - 200,
    () => random.integer(5),
    () => (random.uniform() < 0.5 ? 0 : 1e-40 * (1 + random.uniform())),
    () => random.integer(4000) - 10,
    () => 7,
  ];
  let compared = 0;
  for (let round = 0; round < 300; round++) {
    const n = 1 + random.integer(round < 150 ? 40 : 20000);
    const data = Float32Array.from({ length: n }, makers[round % makers.length]);
    const nonZero = Array.from(data).filter((v) => v !== 0);
    if (nonZero.length === 0) continue;
    for (const p of [0, 0.05, 0.5, 1, random.uniform()]) {
      const expected = quantileType7(nonZero, p);
      assert.ok(Object.is(nonZeroQuantileType7(data.slice(), p), expected), `n = ${n}, p = ${p}`);
      compared++;
    }
  }
  assert.ok(compared > 1000, `${compared} quantiles compared`);
});

test("nonZeroQuantileType7 leaves the volume's voxels as they were", () => {
  const data = Float32Array.of(5, 0, -2, 9, 1, 0, 3);
  const copy = data.slice();
  assert.equal(nonZeroQuantileType7(data, 0.5), 3);
  assert.deepEqual(data, copy);
});

test("normaliseIntensity is (value − mean) / sd clipped to [−5, 5]", () => {
  const n = { mean: 400, standardDeviation: 50, headThreshold: 1, headVoxelCount: 9 };
  assert.equal(normaliseIntensity(500, n), 2);
  assert.equal(normaliseIntensity(375, n), -0.5);
  assert.equal(normaliseIntensity(900, n), CLIP_LIMIT);
  assert.equal(normaliseIntensity(0, n), -CLIP_LIMIT);
  assert.equal(normaliseIntensity(650, n), 5);
});

test("an empty (all-zero) volume and a volume with no voxels are refused", () => {
  assert.throws(() => headNormalisation(volume([0, 0, 0])), /every voxel is 0/);
  assert.throws(() => headNormalisation(volume([])), /every voxel is 0/);
});

test("a constant volume is refused: its head is empty, so no z-score exists", () => {
  assert.throws(() => headNormalisation(volume(new Array(50).fill(300))), /holds 0 voxel/);
  assert.throws(() => headNormalisation(volume([0, 0, 42])), /holds 0 voxel/);
});

test("a head of one intensity (standard deviation 0) is refused", () => {
  const values = [...new Array(10).fill(1), ...new Array(10).fill(9)];
  assert.throws(() => headNormalisation(volume(values)), /standard deviation is 0/);
});

test("a head of a single voxel is refused: the sample standard deviation needs two", () => {
  assert.throws(() => headNormalisation(volume([1, 1, 1, 1, 5])), /holds 1 voxel/);
});

test("NaN and ±Infinity are refused, not sorted", () => {
  assert.throws(() => headNormalisation(volume([1, 2, NaN, 4])), /voxel 2 holds a NaN or infinite/);
  assert.throws(() => headNormalisation(volume([1, Infinity, 3])), RangeError);
  assert.throws(() => headNormalisation(volume([1, -Infinity, 3])), RangeError);
});
