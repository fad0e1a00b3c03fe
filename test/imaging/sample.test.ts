import { test } from "node:test";
import assert from "node:assert/strict";
import { assertAllClose } from "../assert-close.ts";
import {
  IDENTITY_MAP,
  sampleGridInto,
  sampleNearest,
  sampleTrilinear,
} from "../../data-loaders/imaging/sample.ts";
import type { Volume } from "../../data-loaders/imaging/volume.ts";
import {
  gridWorldPoints,
  rasGrid,
  voxelToWorld,
  voxelWorldTransform,
  type Vector3,
} from "../../data-loaders/imaging/world-grid.ts";

const IDENTITY = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
];

function volumeOf(
  dims: Vector3,
  value: (i: number, j: number, k: number) => number,
  affine: number[][] = IDENTITY,
): Volume {
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0, p = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      for (let i = 0; i < dims[0]; i++, p++) data[p] = value(i, j, k);
    }
  }
  const spacing = [0, 1, 2].map((c) => Math.hypot(affine[0][c], affine[1][c], affine[2][c]));
  const file = "test.nii.gz";
  return { file, dims, spacing: spacing as Vector3, affine, data, datatype: "float32" };
}

const ramp = (i: number, j: number, k: number) => 2 * i + 3 * j + 5 * k + 7;

test("trilinear interpolation reproduces a linear ramp 2i + 3j + 5k + 7 exactly at dyadic points", () => {
  const volume = volumeOf([6, 5, 4], ramp);
  const points = [0.5, 0, 0, 1.25, 2.75, 0.5, 4.875, 3.5, 2.125, 5, 4, 3, 0, 0, 0];
  const { values, inside } = sampleTrilinear(volume, points);
  const expected = [0, 1, 2, 3, 4].map((p) => {
    return ramp(points[3 * p], points[3 * p + 1], points[3 * p + 2]);
  });
  assert.deepEqual(Array.from(values), expected);
  assert.deepEqual(Array.from(inside), [1, 1, 1, 1, 1]);
});

test("trilinear interpolation reproduces the ramp at arbitrary points to 1e-12", () => {
  const volume = volumeOf([6, 5, 4], ramp);
  const points = [0.1, 0.2, 0.3, 4.99, 0.01, 2.7182818, 3.14159, 2.71828, 1.41421];
  const { values } = sampleTrilinear(volume, points);
  const expected = [0, 1, 2].map((p) => ramp(points[3 * p], points[3 * p + 1], points[3 * p + 2]));
  assertAllClose(values, expected, 1e-12, "ramp");
});

test("a rotated and flipped affine samples the same world point: world-linear values are reproduced", () => {
  // i runs left (x decreasing), j runs superior, k runs anterior: a flip and a 90° rotation.
  const affine = [
    [-2, 0, 0, 20],
    [0, 0, 3, -12],
    [0, 1.5, 0, 4],
    [0, 0, 0, 1],
  ];
  const t = voxelWorldTransform(affine);
  const world = (x: number, y: number, z: number) => x - 2 * y + 4 * z;
  const volume = volumeOf([8, 6, 5], (i, j, k) => world(...voxelToWorld(t, i, j, k)), affine);
  const points = [10, -6, 6.25, 15.5, 0, 9.1, 7.3, -1.2, 5.5];
  const { values, inside } = sampleTrilinear(volume, points);
  const expected = [0, 1, 2].map((p) => world(points[3 * p], points[3 * p + 1], points[3 * p + 2]));
  assertAllClose(values, expected, 1e-12, "world ramp");
  assert.deepEqual(Array.from(inside), [1, 1, 1]);
});

test("a volume and its copy flipped along i with the matching affine give the same value at a world point", () => {
  const dims: Vector3 = [7, 4, 3];
  const value = (i: number, j: number, k: number) => Math.sin(i) + j * j + Math.sqrt(k + 1);
  const flippedAffine = [
    [-1, 0, 0, 6],
    [0, 1, 0, 0],
    [0, 0, 1, 0],
    [0, 0, 0, 1],
  ];
  const original = volumeOf(dims, value);
  const flipped = volumeOf(dims, (i, j, k) => value(6 - i, j, k), flippedAffine);
  const points = [0.3, 1.7, 0.2, 5.9, 2.2, 1.5, 3, 3, 2];
  assertAllClose(
    sampleTrilinear(flipped, points).values,
    sampleTrilinear(original, points).values,
    1e-12,
    "flipped copy",
  );
});

test("points outside the box of voxel centres are flagged and valued 0; the last centre itself is inside", () => {
  const volume = volumeOf([4, 4, 4], ramp);
  const points = [3, 3, 3, 3 + 1e-9, 0, 0, 3.01, 0, 0, -0.5, 1, 1, 1, 1, -20];
  const { values, inside } = sampleTrilinear(volume, points);
  assert.deepEqual(Array.from(inside), [1, 1, 0, 0, 0]);
  assert.deepEqual(Array.from(values), [ramp(3, 3, 3), ramp(3, 0, 0), 0, 0, 0]);
});

test("a single-slice volume (one voxel along k) interpolates within its plane", () => {
  const volume = volumeOf([3, 3, 1], (i, j) => 10 * i + j);
  const { values, inside } = sampleTrilinear(volume, [0.5, 1.5, 0, 1, 1, 0.5]);
  assert.deepEqual(Array.from(values), [6.5, 0]);
  assert.deepEqual(Array.from(inside), [1, 0]);
});

test("nearest neighbour returns a voxel's own label, never a blend, and rounds a half up", () => {
  const mask = volumeOf([4, 1, 1], (i) => [0, 3, 7, 7][i]);
  const points = [0.49, 0, 0, 0.5, 0, 0, 1.5, 0, 0, 1.2, 0, 0, 3.2, 0, 0];
  const { values, inside } = sampleNearest(mask, points);
  assert.deepEqual(Array.from(values), [0, 3, 7, 3, 0]);
  assert.deepEqual(Array.from(inside), [1, 1, 1, 1, 0]);
});

test("sampling no points gives empty results; non-finite points and partial triples are refused", () => {
  const volume = volumeOf([2, 2, 2], ramp);
  assert.equal(sampleTrilinear(volume, []).values.length, 0);
  assert.equal(sampleNearest(volume, []).inside.length, 0);
  assert.throws(() => sampleTrilinear(volume, [0, NaN, 0]), /finite/);
  assert.throws(() => sampleNearest(volume, [0, 0, Infinity]), /finite/);
  assert.throws(() => sampleTrilinear(volume, [0, 0]), /triples/);
});

test("sampleGridInto equals point sampling at the grid's world points, in grid order", () => {
  const affine = [
    [0, -1.25, 0, 30],
    [0.8, 0, 0, -2],
    [0, 0, 2, 1],
    [0, 0, 0, 1],
  ];
  const volume = volumeOf([30, 40, 20], (i, j, k) => Math.cos(i / 3) * 50 + j * k, affine);
  const t = voxelWorldTransform(affine);
  const grid = rasGrid([0, 12, 17], [5, 6, 7], 1.5);
  const out = new Float64Array(5 * 6 * 7);
  sampleGridInto(volume, t, grid, "trilinear", out, 0, IDENTITY_MAP, -99);
  const { values, inside } = sampleTrilinear(volume, gridWorldPoints(grid), t);
  const expected = Array.from(values, (v, p) => (inside[p] === 1 ? v : -99));
  assertAllClose(out, expected, 1e-9, "grid vs points");
  assert.ok(inside.includes(1), "the grid overlaps the volume");
});

test("sampleGridInto on an oblique affine (the general walk) equals point sampling, outside included", () => {
  const [c, s] = [Math.cos(0.3), Math.sin(0.3)];
  const affine = [
    [c * 1.1, -s * 0.9, 0, -5],
    [s * 1.1, c * 0.9, 0.2, 3],
    [0, -0.1, 1.7, -8],
    [0, 0, 0, 1],
  ];
  const volume = volumeOf([25, 30, 12], (i, j, k) => Math.sin(i / 4) * 80 + j * j - k, affine);
  const t = voxelWorldTransform(affine);
  const grid = rasGrid([4, 14, 2], [6, 9, 11], 1.5);
  const out = new Float64Array(6 * 9 * 11);
  const map = { centre: 20, scale: 7, low: -Infinity, high: Infinity };
  sampleGridInto(volume, t, grid, "trilinear", out, 0, map, -99);
  const { values, inside } = sampleTrilinear(volume, gridWorldPoints(grid), t);
  const expected = Array.from(values, (v, p) => (inside[p] === 1 ? (v - 20) / 7 : -99));
  assertAllClose(out, expected, 1e-9, "oblique grid vs points");
  assert.ok(inside.includes(0) && inside.includes(1), "the grid crosses the volume's edge");
});

test("the per-axis fast path equals point sampling for every axis order and flip, one-voxel axes too", () => {
  const orders = [[0, 1, 2], [2, 0, 1], [1, 2, 0], [0, 2, 1]];
  const value = (i: number, j: number, k: number) => Math.cos(i / 2) * 30 + j * (k + 1);
  for (const [n, order] of orders.entries()) {
    for (const dims of [[9, 8, 7], [9, 8, 1]] as Vector3[]) {
      const affine = [
        [0, 0, 0, 3],
        [0, 0, 0, -2],
        [0, 0, 0, 1],
        [0, 0, 0, 1],
      ];
      const sign = n % 2 === 0 ? 1 : -1;
      order.forEach((world, voxel) => (affine[world][voxel] = sign * (1 + voxel / 2)));
      const volume = volumeOf(dims, value, affine);
      const t = voxelWorldTransform(affine);
      const grid = rasGrid(voxelToWorld(t, 4.2, 3.7, dims[2] > 1 ? 3.1 : 0), [3, 7, 9], 1.5);
      const out = new Float64Array(3 * 7 * 9);
      sampleGridInto(volume, t, grid, "trilinear", out, 0, IDENTITY_MAP, -1);
      const { values, inside } = sampleTrilinear(volume, gridWorldPoints(grid), t);
      const expected = Array.from(values, (v, p) => (inside[p] === 1 ? v : -1));
      assertAllClose(out, expected, 1e-12, `axis order ${order}, dims ${dims}`);
      assert.ok(inside.includes(1), `axis order ${order}, dims ${dims}: some points inside`);
    }
  }
});

test("sampleGridInto applies (value − centre) / scale, clips to [low, high] and fills outside points", () => {
  const volume = volumeOf([3, 1, 1], (i) => [0, 10, 100][i]);
  const grid = rasGrid([1.5, 0, 0], [1, 1, 4], 1);
  const out = new Float32Array(6).fill(42);
  const map = { centre: 10, scale: 5, low: -1, high: 3 };
  sampleGridInto(volume, voxelWorldTransform(volume.affine), grid, "trilinear", out, 1, map, 0);
  // Points at x = 0, 1, 2, 3: values 0, 10, 100 and outside.
  assert.deepEqual(Array.from(out), [42, -1, 0, 3, 0, 42]);
});

test("sampleGridInto with nearest neighbour keeps labels; it refuses an output too short", () => {
  const mask = volumeOf([4, 1, 1], (i) => [0, 3, 7, 7][i]);
  const t = voxelWorldTransform(mask.affine);
  const out = new Float32Array(4);
  const grid = rasGrid([1.6, 0, 0], [1, 1, 4], 0.9);
  sampleGridInto(mask, t, grid, "nearest", out, 0, IDENTITY_MAP, -1);
  // x = 0.25, 1.15, 2.05, 2.95
  assert.deepEqual(Array.from(out), [0, 3, 7, 7]);
  assert.throws(
    () => sampleGridInto(mask, t, grid, "nearest", out, 1, IDENTITY_MAP, 0),
    /do not fit/,
  );
});
