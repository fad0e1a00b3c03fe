import { test } from "node:test";
import assert from "node:assert/strict";
import { assertClose } from "../assert-close.ts";
import {
  lesionPatch,
  patchGridSize,
  patchShape,
  prepareSequence,
  type PreparedSequence,
} from "../../data-loaders/imaging/patches.ts";
import { headNormalisation, normaliseIntensity } from "../../data-loaders/imaging/normalise.ts";
import type { Volume } from "../../data-loaders/imaging/volume.ts";
import {
  voxelToWorld,
  voxelWorldTransform,
  type Vector3,
} from "../../data-loaders/imaging/world-grid.ts";

/** 1 mm voxels, i flipped (x = 79 − i) as scanners often store it. */
const FLIPPED = [
  [-1, 0, 0, 79],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
];

function volumeOf(
  dims: Vector3,
  world: (x: number, y: number, z: number) => number,
  affine: number[][] = FLIPPED,
  file = "t1ce.nii.gz",
): Volume {
  const t = voxelWorldTransform(affine);
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0, p = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      for (let i = 0; i < dims[0]; i++, p++) data[p] = world(...voxelToWorld(t, i, j, k));
    }
  }
  return { file, dims, spacing: [1, 1, 1], affine, data, datatype: "float32" };
}

/** A sequence with a chosen z-score, so expected patch values are written as formulas. */
function prepared(volume: Volume, mean: number, standardDeviation: number): PreparedSequence {
  const transform = voxelWorldTransform(volume.affine);
  const normalisation = { mean, standardDeviation, headThreshold: 0, headVoxelCount: 2 };
  return { name: volume.file, volume, transform, normalisation };
}

const IDENTITY = [
  [1, 0, 0, 0],
  [0, 1, 0, 0],
  [0, 0, 1, 0],
  [0, 0, 0, 1],
];

const DIMS: Vector3 = [80, 80, 80];
const linear = (x: number, y: number, z: number) => x + 100 * y + 10000 * z;

test("patch shapes: 3d [S, 24, 24, 24], 2.5d [S·3, 32, 32], 2d [S, 32, 32]", () => {
  assert.deepEqual(patchShape("3d", 2), [2, 24, 24, 24]);
  assert.deepEqual(patchShape("2.5d", 2), [6, 32, 32]);
  assert.deepEqual(patchShape("2d", 2), [2, 32, 32]);
  assert.deepEqual(patchShape("2d", 1), [1, 32, 32]);
  assert.deepEqual(patchGridSize("2.5d"), [3, 32, 32]);
});

test("patchShape refuses an unknown kind and a sequence count that is not a positive integer", () => {
  assert.throws(() => patchShape("4d" as never, 2), /unknown patch kind "4d"/);
  assert.throws(() => patchShape("constructor" as never, 2), /unknown patch kind/);
  assert.throws(() => patchShape("2d", 0), /at least one sequence/);
  assert.throws(() => patchShape("2d", 1.5), /at least one sequence/);
});

test("3d patch axes are [superior, anterior, right] on a 1.5 mm grid centred on the centroid", () => {
  const sequence = prepared(volumeOf(DIMS, linear), 400000, 100000);
  const centre: Vector3 = [40.2, 39.7, 40.1];
  const patch = lesionPatch("3d", [sequence], centre);
  assert.equal(patch.length, 24 ** 3);
  const offset = (n: number) => (n - 11.5) * 1.5;
  for (const [a, b, c] of [[0, 0, 0], [23, 0, 0], [0, 23, 0], [0, 0, 23], [7, 12, 19]]) {
    const world = linear(centre[0] + offset(c), centre[1] + offset(b), centre[2] + offset(a));
    const expected = (world - 400000) / 100000;
    assertClose(patch[(a * 24 + b) * 24 + c], expected, 1e-6, `patch[${a}][${b}][${c}]`);
  }
});

test("an oblique volume gives the same world-linear patch: the grid stays aligned with RAS, not voxels", () => {
  const [c, s] = [Math.cos(0.4), Math.sin(0.4)];
  const oblique = [
    [c, -s, 0, 20],
    [s, c, 0, -10],
    [0, 0, 1.25, -5],
    [0, 0, 0, 1],
  ];
  const world = (x: number, y: number, z: number) => 2 * x - y + 3 * z;
  const sequence = prepared(volumeOf([90, 90, 70], world, oblique), 100, 50);
  const centre: Vector3 = [30.4, 35.1, 40.2];
  const patch = lesionPatch("3d", [sequence], centre);
  const offset = (n: number) => (n - 11.5) * 1.5;
  for (const [a, b, c] of [[0, 0, 0], [23, 23, 23], [5, 17, 9]]) {
    const value = world(centre[0] + offset(c), centre[1] + offset(b), centre[2] + offset(a));
    const what = `patch[${a}][${b}][${c}]`;
    assertClose(patch[(a * 24 + b) * 24 + c], (value - 100) / 50, 1e-5, what);
  }
});

test("2.5d channels are sequence-major: t1ce z−1.5, z, z+1.5, then flair z−1.5, z, z+1.5", () => {
  const t1ce = prepared(volumeOf(DIMS, (x, y, z) => z), 0, 1);
  const flair = prepared(volumeOf(DIMS, (x, y, z) => -z, FLIPPED, "flair.nii.gz"), 0, 1);
  const patch = lesionPatch("2.5d", [t1ce, flair], [40, 40, 41]);
  assert.equal(patch.length, 6 * 32 * 32);
  const channel = (c: number) => patch.slice(c * 1024, (c + 1) * 1024);
  const expected = [39.5, 41, 42.5, -39.5, -41, -42.5].map((z) => Math.max(-5, Math.min(5, z)));
  for (let c = 0; c < 6; c++) {
    const what = `channel ${c} is ${expected[c]} everywhere`;
    assert.ok(channel(c).every((v) => v === expected[c]), what);
  }
});

test("2.5d channels before clipping: each holds its slice's z, and the 2d patch is the middle slice", () => {
  // x / 64 keeps every voxel value exact in float32.
  const sequence = prepared(volumeOf(DIMS, (x, y, z) => z + x / 64), 40, 1);
  const centre: Vector3 = [40, 40, 40.3];
  const stack = lesionPatch("2.5d", [sequence], centre);
  const slice = lesionPatch("2d", [sequence], centre);
  for (const [channel, dz] of [[0, -1.5], [1, 0], [2, 1.5]]) {
    const x = centre[0] + (5 - 15.5) * 1.5;
    const expected = centre[2] + dz + x / 64 - 40;
    const what = `channel ${channel}, row 7, column 5`;
    assertClose(stack[channel * 1024 + 7 * 32 + 5], expected, 1e-6, what);
  }
  assert.deepEqual(slice, stack.slice(1024, 2048));
});

test("2d patch rows run anterior and columns run right, even through a flipped affine", () => {
  const right = lesionPatch("2d", [prepared(volumeOf(DIMS, (x) => x), 40, 10)], [40, 40, 40]);
  const anterior = lesionPatch("2d", [prepared(volumeOf(DIMS, (x, y) => y), 40, 10)], [40, 40, 40]);
  // Float32 patches: about 7 significant digits.
  for (const [row, column] of [[0, 0], [3, 17], [31, 31]]) {
    const what = `row ${row}, column ${column}`;
    const offset = (n: number) => (n - 15.5) * 1.5;
    assertClose(right[row * 32 + column] * 10, offset(column), 1e-5, `${what}: x − 40`);
    assertClose(anterior[row * 32 + column] * 10, offset(row), 1e-5, `${what}: y − 40`);
  }
});

test("values are z-scored with the sequence's own head normalisation and clipped to [−5, 5]", () => {
  const volume = volumeOf([60, 60, 60], (x, y, z) => (x + y + z) ** 1.5 + 1, IDENTITY);
  const sequence = prepareSequence("t1ce", volume);
  assert.deepEqual(sequence.normalisation, headNormalisation(volume));
  const patch = lesionPatch("2d", [sequence], [30, 30, 30]);
  const x = 30 + (15 - 15.5) * 1.5;
  const y = x;
  // Trilinear interpolation of a smooth function: within 0.1 % of the function on a 1 mm grid.
  const expected = normaliseIntensity((x + y + 30) ** 1.5 + 1, sequence.normalisation);
  assertClose(patch[15 * 32 + 15], expected, 1e-3, "normalised value at row 15, column 15");
  const extreme = prepared(volume, 0, 1);
  assert.ok(lesionPatch("2d", [extreme], [30, 30, 30]).every((v) => v === 5), "clipped at 5");
  const low = prepared(volume, 1e9, 1);
  assert.ok(lesionPatch("2d", [low], [30, 30, 30]).every((v) => v === -5), "clipped at −5");
});

test("a lesion near (not touching) the edge: points beyond the last voxel are 0, the rest are not", () => {
  const volume = volumeOf([40, 40, 40], (x, y, z) => 10 + x + y + z, IDENTITY);
  const sequence = prepared(volume, 0, 1000);
  const patch = lesionPatch("3d", [sequence], [3, 20, 20]);
  // x = 3 + (c − 11.5)·1.5 < 0 for c ≤ 9: ten columns lie beyond voxel 0.
  for (let a = 0; a < 24; a++) {
    for (let b = 0; b < 24; b++) {
      for (let c = 0; c < 24; c++) {
        const v = patch[(a * 24 + b) * 24 + c];
        if (c <= 9) assert.equal(v, 0, `patch[${a}][${b}][${c}] is padding`);
        else assert.notEqual(v, 0, `patch[${a}][${b}][${c}] is inside`);
      }
    }
  }
});

test("a patch entirely outside the volume is all zeros (the head mean after normalisation)", () => {
  const sequence = prepared(volumeOf(DIMS, linear), 5, 2);
  assert.ok(lesionPatch("2d", [sequence], [500, 500, 500]).every((v) => v === 0));
});

test("patches are deterministic and written at the offset asked for, leaving the rest untouched", () => {
  const sequence = prepared(volumeOf(DIMS, linear), 400000, 100000);
  const first = lesionPatch("3d", [sequence, sequence], [30.3, 41.1, 52.9]);
  const again = lesionPatch("3d", [sequence, sequence], [30.3, 41.1, 52.9]);
  assert.deepEqual(again, first);
  const out = new Float32Array(1024 + 10).fill(-7);
  lesionPatch("2d", [sequence], [30, 40, 50], out, 5);
  assert.deepEqual(Array.from(out.slice(0, 5)), [-7, -7, -7, -7, -7]);
  assert.deepEqual(Array.from(out.slice(1029)), [-7, -7, -7, -7, -7]);
  assert.deepEqual(out.slice(5, 1029), lesionPatch("2d", [sequence], [30, 40, 50]));
});

test("lesionPatch refuses no sequences, a non-finite centroid and an output too short", () => {
  const sequence = prepared(volumeOf([8, 8, 8], linear), 0, 1);
  assert.throws(() => lesionPatch("2d", [], [0, 0, 0]), /at least one sequence/);
  assert.throws(() => lesionPatch("2d", [sequence], [0, NaN, 0]), /finite/);
  const short = new Float32Array(100);
  assert.throws(() => lesionPatch("2d", [sequence], [0, 0, 0], short), /does not fit/);
});
