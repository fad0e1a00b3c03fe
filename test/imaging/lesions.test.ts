import { test } from "node:test";
import assert from "node:assert/strict";
import { assertAllClose } from "../assert-close.ts";
import { lesionsOfMask } from "../../data-loaders/imaging/lesions.ts";
import type { Volume } from "../../data-loaders/imaging/volume.ts";
import type { Vector3 } from "../../data-loaders/imaging/world-grid.ts";

const IDENTITY = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
];

/** A mask of the given dims with `labels` set at listed voxels (i, j, k, label). */
function maskOf(dims: Vector3, voxels: number[][], affine: number[][] = IDENTITY): Volume {
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  for (const [i, j, k, label] of voxels) data[i + dims[0] * (j + dims[1] * k)] = label;
  return { file: "mask.nii.gz", dims, spacing: [1, 1, 1], affine, data, datatype: "uint8" };
}

function cube(from: Vector3, to: Vector3, label: number): number[][] {
  const voxels: number[][] = [];
  for (let k = from[2]; k <= to[2]; k++) {
    for (let j = from[1]; j <= to[1]; j++) {
      for (let i = from[0]; i <= to[0]; i++) voxels.push([i, j, k, label]);
    }
  }
  return voxels;
}

test("the doc example: one 2×2×2 cube of label 1 at voxels 1–2 on a 1 mm identity grid", () => {
  const [lesion] = lesionsOfMask(maskOf([5, 5, 5], cube([1, 1, 1], [2, 2, 2], 1)));
  assert.deepEqual(lesion, {
    label: 1,
    voxelCount: 8,
    volumeMm3: 8,
    centroid: [1.5, 1.5, 1.5],
    boundingBox: { min: [1, 1, 1], max: [2, 2, 2] },
    touchesEdge: false,
  });
});

test("each distinct label is one lesion, in increasing label order, with voxel counts and mm³ from |det|", () => {
  // 2 × 2 × 3 mm voxels, i flipped: |det| = 12 mm³.
  const affine = [
    [-2, 0, 0, 50],
    [0, 2, 0, -20],
    [0, 0, 3, 10],
    [0, 0, 0, 1],
  ];
  const voxels = [...cube([5, 5, 2], [6, 7, 2], 3), ...cube([1, 1, 1], [1, 1, 1], 1)];
  const lesions = lesionsOfMask(maskOf([9, 9, 5], voxels, affine));
  assert.deepEqual(lesions.map((l) => l.label), [1, 3]);
  assert.deepEqual(lesions.map((l) => l.voxelCount), [1, 6]);
  assert.deepEqual(lesions.map((l) => l.volumeMm3), [12, 72]);
  // Label 3: mean voxel index (5.5, 6, 2) → x = 50 − 2·5.5, y = −20 + 2·6, z = 10 + 3·2.
  assertAllClose(lesions[1].centroid, [39, -8, 16], 1e-12, "centroid of label 3");
  assertAllClose(lesions[0].centroid, [48, -18, 13], 1e-12, "centroid of label 1");
  assert.deepEqual(lesions[1].boundingBox, { min: [5, 5, 2], max: [6, 7, 2] });
});

test("the centroid is the mean of the voxel centres in world mm, not the bounding box centre", () => {
  const voxels = [[2, 2, 2, 1], [3, 2, 2, 1], [6, 2, 2, 1]];
  const [lesion] = lesionsOfMask(maskOf([9, 5, 5], voxels));
  assert.deepEqual(lesion.centroid, [11 / 3, 2, 2]);
});

test("voxels of one label that are not connected still form one lesion (no component split)", () => {
  const voxels = [[1, 1, 1, 2], [7, 7, 3, 2]];
  const lesions = lesionsOfMask(maskOf([9, 9, 5], voxels));
  assert.equal(lesions.length, 1);
  assert.equal(lesions[0].voxelCount, 2);
  assert.deepEqual(lesions[0].boundingBox, { min: [1, 1, 1], max: [7, 7, 3] });
});

test("touchesEdge when the bounding box reaches index 0 or dim − 1 on any axis, not at 1 or dim − 2", () => {
  const dims: Vector3 = [6, 7, 8];
  const touches = (i: number, j: number, k: number) =>
    lesionsOfMask(maskOf(dims, [[i, j, k, 1]]))[0].touchesEdge;
  assert.equal(touches(1, 1, 1), false);
  assert.equal(touches(4, 5, 6), false);
  assert.equal(touches(0, 3, 3), true);
  assert.equal(touches(5, 3, 3), true);
  assert.equal(touches(2, 0, 3), true);
  assert.equal(touches(2, 6, 3), true);
  assert.equal(touches(2, 3, 0), true);
  assert.equal(touches(2, 3, 7), true);
});

test("an empty mask has no lesion; large labels (255, 1000) are kept as they are", () => {
  assert.deepEqual(lesionsOfMask(maskOf([4, 4, 4], [])), []);
  const lesions = lesionsOfMask(maskOf([5, 5, 5], [[1, 1, 1, 1000], [2, 2, 2, 255]]));
  assert.deepEqual(lesions.map((l) => l.label), [255, 1000]);
});

test("a single-voxel lesion has that voxel's centre as centroid and a one-voxel box", () => {
  const affine = [
    [0.5, 0, 0, -1],
    [0, 0.5, 0, -2],
    [0, 0, 0.5, -3],
    [0, 0, 0, 1],
  ];
  const [lesion] = lesionsOfMask(maskOf([5, 5, 5], [[2, 3, 1, 4]], affine));
  assert.deepEqual(lesion.centroid, [0, -0.5, -2.5]);
  assert.equal(lesion.volumeMm3, 0.125);
  assert.deepEqual(lesion.boundingBox, { min: [2, 3, 1], max: [2, 3, 1] });
});

test("non-integer, negative and non-finite mask values are refused: a soft mask is not a label map", () => {
  assert.throws(() => lesionsOfMask(maskOf([3, 3, 3], [[1, 1, 1, 0.5]])), /whole-number labels/);
  assert.throws(() => lesionsOfMask(maskOf([3, 3, 3], [[1, 1, 1, -1]])), /whole-number labels/);
  assert.throws(() => lesionsOfMask(maskOf([3, 3, 3], [[1, 1, 1, NaN]])), RangeError);
  assert.throws(() => lesionsOfMask(maskOf([3, 3, 3], [[1, 1, 1, Infinity]])), RangeError);
});
