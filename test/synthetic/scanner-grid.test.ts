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

const worldOf = (m: number[][], [i, j, k]: number[]) =>
  [0, 1, 2].map((r) => m[r][0] * i + m[r][1] * j + m[r][2] * k + m[r][3]);
const linearPart = (m: number[][]) => m.slice(0, 3).map((row) => row.slice(0, 3));

test("RAS, 3 × 3 × 4 mm: dims cover the field of view and the middle voxel sits at the head centre", () => {
  const ras = scanner({ orientation: "RAS", inPlaneSpacing: 3, sliceThickness: 4 });
  const grid = scannerGrid(ras, [2, -3, 5]);
  assert.deepEqual(grid.dims, [Math.ceil(150 / 3), Math.ceil(176 / 3), Math.ceil(128 / 4)]);
  assert.deepEqual(grid.spacing, [3, 3, 4]);
  const middle = grid.dims.map((n) => (n - 1) / 2);
  assertAllClose(worldOf(grid.affine, middle), [2, -3, 5], 1e-12, "centre");
  assert.deepEqual(linearPart(grid.affine), [[3, 0, 0], [0, 3, 0], [0, 0, 4]]);
});

test("LPS: i runs left and j posterior, so their columns are negative", () => {
  const lps = scanner({ orientation: "LPS", inPlaneSpacing: 2.5, sliceThickness: 5 });
  const grid = scannerGrid(lps, [0, 0, 0]);
  assert.deepEqual(linearPart(grid.affine), [[-2.5, 0, 0], [0, -2.5, 0], [0, 0, 5]]);
});

test("ARS: the in-plane axes are swapped and dims follow the world extent each axis covers", () => {
  const ars = scanner({ orientation: "ARS", inPlaneSpacing: 3, sliceThickness: 4 });
  const grid = scannerGrid(ars, [0, 0, 0]);
  const [extentR, extentA] = FIELD_OF_VIEW_MM;
  assert.deepEqual(grid.dims, [Math.ceil(extentA / 3), Math.ceil(extentR / 3), 32]);
  assert.deepEqual(linearPart(grid.affine), [[0, 3, 0], [3, 0, 0], [0, 0, 4]]);
});

test("the slice thickness goes to whichever voxel axis runs inferior–superior", () => {
  const sra = scanner({ orientation: "SRA", inPlaneSpacing: 3, sliceThickness: 5 });
  const grid = scannerGrid(sra, [0, 0, 0]);
  assert.deepEqual(grid.spacing, [5, 3, 3]);
});

test("a tilt turns the grid about R–L and keeps each column's length equal to its spacing", () => {
  const tilted = scanner({ orientation: "RAS", tiltDegrees: 8, inPlaneSpacing: 2.5 });
  const m = scannerGrid(tilted, [0, 0, 0]).affine;
  const lengths = [0, 1, 2].map((c) => Math.hypot(m[0][c], m[1][c], m[2][c]));
  assertAllClose(lengths, [2.5, 2.5, base.sliceThickness], 1e-12, "column lengths");
  const superior = 2.5 * Math.sin((8 * Math.PI) / 180);
  assertAllClose([m[2][1]], [superior], 1e-12, "j gains a superior part");
});

test("inverseLinearPart inverts every demo scanner's affine", () => {
  for (const centre of DEMO_CENTRES) {
    for (const s of centre.scanners) {
      const m = scannerGrid(s, [1, 2, 3]).affine;
      const inverse = inverseLinearPart(m);
      const entry = (r: number, c: number) =>
        [0, 1, 2].reduce((sum, k) => sum + m[r][k] * inverse[k][c], 0);
      const product = [0, 1, 2].map((r) => [0, 1, 2].map((c) => entry(r, c)));
      assertAllClose(product.flat(), [1, 0, 0, 0, 1, 0, 0, 0, 1], 1e-12, s.id);
    }
  }
});

test("an orientation that repeats or misses an axis is refused", () => {
  assert.deepEqual(orientationAxes("LPS"), [[0, -1], [1, -1], [2, 1]]);
  for (const bad of ["RRS", "RA", "RASX", "XYZ", "RLS"]) {
    assert.throws(() => orientationAxes(bad), RangeError, bad);
  }
});
