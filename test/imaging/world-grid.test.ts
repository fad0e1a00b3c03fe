import { test } from "node:test";
import assert from "node:assert/strict";
import { assertAllClose, assertClose } from "../assert-close.ts";
import {
  gridDisplacement,
  gridInVoxels,
  gridPointToWorld,
  gridWorldPoints,
  rasGrid,
  voxelToWorld,
  voxelWorldTransform,
  worldToVoxel,
  type Vector3,
} from "../../data-loaders/imaging/world-grid.ts";

const SCALED = [
  [2, 0, 0, -10],
  [0, 2, 0, 0],
  [0, 0, 3, 5],
  [0, 0, 0, 1],
];

/** A rotation of 30° about z and 20° about x, voxel size 0.9 × 1.1 × 2.5 mm, i flipped. */
function obliqueAffine(): number[][] {
  const [a, b] = [Math.PI / 6, Math.PI / 9];
  const rz = [[Math.cos(a), -Math.sin(a), 0], [Math.sin(a), Math.cos(a), 0], [0, 0, 1]];
  const rx = [[1, 0, 0], [0, Math.cos(b), -Math.sin(b)], [0, Math.sin(b), Math.cos(b)]];
  const spacing = [-0.9, 1.1, 2.5];
  const product = (row: number[], c: number) => row.reduce((s, v, m) => s + v * rx[m][c], 0);
  const rotation = rz.map((row) => [0, 1, 2].map((c) => product(row, c)));
  const origin = [12.5, -30, 7];
  const affine = rotation.map((row, r) => [...row.map((v, c) => v * spacing[c]), origin[r]]);
  return [...affine, [0, 0, 0, 1]];
}

test("voxelToWorld maps voxel centres through the affine: voxel (1,1,1) of diag(2,2,3)+(-10,0,5) is (-8,2,8)", () => {
  const t = voxelWorldTransform(SCALED);
  assert.deepEqual(voxelToWorld(t, 1, 1, 1), [-8, 2, 8]);
  assert.deepEqual(voxelToWorld(t, 0, 0, 0), [-10, 0, 5]);
  assert.deepEqual(worldToVoxel(t, -8, 2, 8), [1, 1, 1]);
  assert.deepEqual(worldToVoxel(t, -9, 1, 6.5), [0.5, 0.5, 0.5]);
});

test("the inverse is computed once and undoes the affine of an oblique, flipped grid to 1e-12", () => {
  const t = voxelWorldTransform(obliqueAffine());
  for (const voxel of [[0, 0, 0], [10.25, -3, 7.5], [255, 255, 150]] as Vector3[]) {
    const back = worldToVoxel(t, ...voxelToWorld(t, ...voxel));
    assertAllClose(back, voxel, 1e-12, `round trip of voxel ${voxel}`);
  }
});

test("voxel volume is |det| of the affine's 3×3 part: 0.9 × 1.1 × 2.5 mm³ whatever the rotation and flip", () => {
  assertClose(voxelWorldTransform(obliqueAffine()).voxelVolume, 0.9 * 1.1 * 2.5, 1e-12, "oblique");
  assert.equal(voxelWorldTransform(SCALED).voxelVolume, 12);
});

test("voxelWorldTransform refuses a non-4×4, non-finite, non-affine or singular matrix", () => {
  assert.throws(() => voxelWorldTransform(SCALED.slice(0, 3)), /4×4/);
  const withNaN = SCALED.map((row) => [...row]);
  withNaN[1][3] = NaN;
  assert.throws(() => voxelWorldTransform(withNaN), /non-finite/);
  const projective = SCALED.map((row) => [...row]);
  projective[3] = [0, 0, 1, 1];
  assert.throws(() => voxelWorldTransform(projective), /last row/);
  const flat = SCALED.map((row) => [...row]);
  flat[2] = [0, 0, 0, 5];
  assert.throws(() => voxelWorldTransform(flat), RangeError);
  assert.throws(() => voxelWorldTransform(flat), /singular/);
});

test("a RAS grid of odd size has its centre on the middle point; even size puts it midway", () => {
  const odd = rasGrid([10, 20, 30], [3, 3, 3], 1.5);
  assert.deepEqual(gridPointToWorld(odd, 1, 1, 1), [10, 20, 30]);
  assert.deepEqual(gridPointToWorld(odd, 0, 0, 0), [8.5, 18.5, 28.5]);
  const even = rasGrid([0, 0, 0], [24, 24, 24], 1.5);
  assert.deepEqual(gridPointToWorld(even, 0, 0, 0), [-17.25, -17.25, -17.25]);
  assert.deepEqual(gridPointToWorld(even, 11, 11, 12), [0.75, -0.75, -0.75]);
});

test("grid axes are [superior, anterior, right]: a moves +z, b moves +y, c moves +x, right fastest", () => {
  const grid = rasGrid([0, 0, 0], [2, 2, 2], 1);
  const points = Array.from(gridWorldPoints(grid));
  // prettier-ignore
  assert.deepEqual(points, [
    -0.5, -0.5, -0.5,  0.5, -0.5, -0.5,  -0.5, 0.5, -0.5,  0.5, 0.5, -0.5,
    -0.5, -0.5, 0.5,   0.5, -0.5, 0.5,   -0.5, 0.5, 0.5,   0.5, 0.5, 0.5,
  ]);
});

test("the 2.5D grid (3 × 32 × 32) holds the slices 1.5 mm below, at and above the centre", () => {
  const grid = rasGrid([4, 5, 6], [3, 32, 32], 1.5);
  assert.deepEqual([0, 1, 2].map((a) => gridPointToWorld(grid, a, 0, 0)[2]), [4.5, 6, 7.5]);
  const slice = rasGrid([4, 5, 6], [1, 32, 32], 1.5);
  assert.equal(gridPointToWorld(slice, 0, 7, 7)[2], 6);
});

test("rasGrid refuses non-integer or zero sizes, a non-positive spacing and a non-finite centre", () => {
  assert.throws(() => rasGrid([0, 0, 0], [0, 4, 4], 1), /positive integers/);
  assert.throws(() => rasGrid([0, 0, 0], [1.5, 4, 4], 1), /positive integers/);
  assert.throws(() => rasGrid([0, 0, 0], [1, 4, 4], 0), /spacing/);
  assert.throws(() => rasGrid([0, NaN, 0], [1, 4, 4], 1), /finite/);
  assert.throws(() => rasGrid([0, Infinity, 0], [1, 4, 4], 1), /finite/);
});

test("gridInVoxels: origin + a·stepSuperior + b·stepAnterior + c·stepRight is each point's voxel index", () => {
  const t = voxelWorldTransform(obliqueAffine());
  const grid = rasGrid([3, -7, 11], [3, 4, 5], 1.5);
  const { origin, stepSuperior, stepAnterior, stepRight } = gridInVoxels(t, grid);
  for (const [a, b, c] of [[0, 0, 0], [2, 3, 4], [1, 0, 3]]) {
    const walked = [0, 1, 2].map(
      (m) => origin[m] + a * stepSuperior[m] + b * stepAnterior[m] + c * stepRight[m],
    );
    const direct = worldToVoxel(t, ...gridPointToWorld(grid, a, b, c));
    assertAllClose(walked, direct, 1e-12, `grid point (${a}, ${b}, ${c})`);
  }
});

test("gridDisplacement is the largest distance of one voxel between two affines, reached at a corner", () => {
  const dims: Vector3 = [10, 20, 5];
  assert.equal(gridDisplacement(SCALED, SCALED, dims), 0);
  const shifted = SCALED.map((row) => [...row]);
  shifted[0][3] += 0.002;
  assertClose(gridDisplacement(SCALED, shifted, dims), 0.002, 1e-9, "translation");
  const stretched = SCALED.map((row) => [...row]);
  stretched[1][1] += 1e-4;
  const stretch = gridDisplacement(SCALED, stretched, dims);
  assertClose(stretch, 19 * 1e-4, 1e-9, "spacing error × (dim − 1)");
  const broken = SCALED.map((row) => [...row]);
  broken[2][3] = NaN;
  assert.equal(gridDisplacement(SCALED, broken, dims), Infinity);
});
