import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO_CENTRES, type ScannerSpec } from "../../data-loaders/synthetic/centres.ts";
import {
  FIELD_OF_VIEW_MM,
  inverseLinearPart,
  orientationAxes,
  scannerGrid,
} from "../../data-loaders/synthetic/scanner-grid.ts";
import { assertAllClose } from "../assert-close.ts";

const base = DEMO_CENTRES[0].scanners[0];
const scanner = (change: Partial<ScannerSpec>): ScannerSpec => ({ ...base, ...change });

const worldOf = (affine: number[][], ijk: number[]) =>
  [0, 1, 2].map((r) => affine[r][0] * ijk[0] + affine[r][1] * ijk[1] + affine[r][2] * ijk[2] + affine[r][3]);

test("RAS, 3 × 3 × 4 mm: dims cover the field of view and the middle voxel sits at the head centre", () => {
  const grid = scannerGrid(scanner({ orientation: "RAS", inPlaneSpacing: 3, sliceThickness: 4 }), [2, -3, 5]);
  assert.deepEqual(grid.dims, [Math.ceil(150 / 3), Math.ceil(176 / 3), Math.ceil(128 / 4)]);
  assert.deepEqual(grid.spacing, [3, 3, 4]);
  assertAllClose(worldOf(grid.affine, grid.dims.map((n) => (n - 1) / 2)), [2, -3, 5], 1e-12, "centre");
  assert.deepEqual(grid.affine.slice(0, 3).map((row) => row.slice(0, 3)), [[3, 0, 0], [0, 3, 0], [0, 0, 4]]);
});

test("LPS: i runs left and j posterior, so their columns are negative", () => {
  const grid = scannerGrid(scanner({ orientation: "LPS", inPlaneSpacing: 2.5, sliceThickness: 5 }), [0, 0, 0]);
  assert.deepEqual(grid.affine.slice(0, 3).map((row) => row.slice(0, 3)), [[-2.5, 0, 0], [0, -2.5, 0], [0, 0, 5]]);
});

test("ARS: the in-plane axes are swapped and dims follow the world extent each axis covers", () => {
  const grid = scannerGrid(scanner({ orientation: "ARS", inPlaneSpacing: 3, sliceThickness: 4 }), [0, 0, 0]);
  assert.deepEqual(grid.dims, [Math.ceil(FIELD_OF_VIEW_MM[1] / 3), Math.ceil(FIELD_OF_VIEW_MM[0] / 3), 32]);
  assert.deepEqual(grid.affine.slice(0, 3).map((row) => row.slice(0, 3)), [[0, 3, 0], [3, 0, 0], [0, 0, 4]]);
});

test("the slice thickness goes to whichever voxel axis runs inferior–superior", () => {
  const grid = scannerGrid(scanner({ orientation: "SRA", inPlaneSpacing: 3, sliceThickness: 5 }), [0, 0, 0]);
  assert.deepEqual(grid.spacing, [5, 3, 3]);
});

test("a tilt turns the grid about R–L and keeps each column's length equal to its spacing", () => {
  const grid = scannerGrid(scanner({ orientation: "RAS", tiltDegrees: 8, inPlaneSpacing: 2.5, sliceThickness: 5 }), [0, 0, 0]);
  const lengths = [0, 1, 2].map((c) => Math.hypot(grid.affine[0][c], grid.affine[1][c], grid.affine[2][c]));
  assertAllClose(lengths, [2.5, 2.5, 5], 1e-12, "column lengths");
  assertAllClose([grid.affine[2][1]], [2.5 * Math.sin((8 * Math.PI) / 180)], 1e-12, "j gains a superior part");
});

test("inverseLinearPart inverts every demo scanner's affine", () => {
  for (const centre of DEMO_CENTRES) {
    for (const s of centre.scanners) {
      const m = scannerGrid(s, [1, 2, 3]).affine;
      const inverse = inverseLinearPart(m);
      const product = [0, 1, 2].map((r) => [0, 1, 2].map((c) => [0, 1, 2].reduce((sum, k) => sum + m[r][k] * inverse[k][c], 0)));
      assertAllClose(product.flat(), [1, 0, 0, 0, 1, 0, 0, 0, 1], 1e-12, s.id);
    }
  }
});

test("an orientation that repeats or misses an axis is refused", () => {
  assert.deepEqual(orientationAxes("LPS"), [[0, -1], [1, -1], [2, 1]]);
  for (const bad of ["RRS", "RA", "RASX", "XYZ", "RLS"]) assert.throws(() => orientationAxes(bad), RangeError, bad);
});
