/**
 * The voxel grid a scanner stores: how many voxels, their size, and the affine from voxel
 * indices to RAS world millimetres, built from the scanner's orientation letters, slice tilt
 * and the patient's head position.
 */
import type { ScannerSpec } from "./centres.ts";

/** World extent (mm, along R, A, S) every scanner covers, centred on the head. */
export const FIELD_OF_VIEW_MM: readonly [number, number, number] = [150, 176, 128];

export interface Grid {
  dims: [number, number, number];
  spacing: [number, number, number];
  /** 4×4 voxel (i, j, k, 1) → world (x, y, z, 1) in mm, RAS+. */
  affine: number[][];
}

const AXIS: Record<string, [number, number]> = {
  R: [0, 1], L: [0, -1], A: [1, 1], P: [1, -1], S: [2, 1], I: [2, -1],
};

/**
 * @throws RangeError unless `orientation` is three letters naming each of R/L, A/P, S/I once.
 * @example orientationAxes("LPS") // [[0, -1], [1, -1], [2, 1]]
 */
export function orientationAxes(orientation: string): [number, number][] {
  const axes = [...orientation].map((letter) => AXIS[letter]);
  const covered = new Set(axes.map((axis) => axis?.[0]));
  if (axes.length !== 3 || axes.some((axis) => !axis) || covered.size !== 3) {
    throw new RangeError(`orientation "${orientation}" must name each of R/L, A/P and S/I once`);
  }
  return axes;
}

/**
 * The scanner's grid around a head centred at `headCentre` (world mm): the voxel at the grid's
 * middle maps to the head's centre; in-plane axes get `inPlaneSpacing`, the axis running
 * inferior–superior gets `sliceThickness`; the tilt turns the grid about the R–L axis.
 * @example scannerGrid({ orientation: "RAS", inPlaneSpacing: 3, sliceThickness: 4, … }, [0, 0, 0])
 * // { dims: [50, 59, 32], spacing: [3, 3, 4], affine: [[3, 0, 0, -73.5], …] }
 */
export function scannerGrid(scanner: ScannerSpec, headCentre: readonly number[]): Grid {
  const axes = orientationAxes(scanner.orientation);
  const spacing = axes.map(([world]) =>
    world === 2 ? scanner.sliceThickness : scanner.inPlaneSpacing,
  ) as Grid["spacing"];
  const dims = axes.map(([world], a) => Math.ceil(FIELD_OF_VIEW_MM[world] / spacing[a]));
  const angle = (scanner.tiltDegrees * Math.PI) / 180;
  const tilt = [
    [1, 0, 0],
    [0, Math.cos(angle), -Math.sin(angle)],
    [0, Math.sin(angle), Math.cos(angle)],
  ];
  // "+ 0" turns −0 (from sign × 0) into 0, so headers and comparisons see plain zeros.
  const columns = axes.map(([world, sign], a) =>
    tilt.map((row) => row[world] * sign * spacing[a] + 0),
  );
  const middle = dims.map((n) => (n - 1) / 2);
  const origin = [0, 1, 2].map(
    (r) => headCentre[r] - columns.reduce((sum, column, a) => sum + column[r] * middle[a], 0),
  );
  const affine = [0, 1, 2].map((r) => [columns[0][r], columns[1][r], columns[2][r], origin[r]]);
  return { dims: dims as Grid["dims"], spacing, affine: [...affine, [0, 0, 0, 1]] };
}

/** The inverse of the affine's 3×3 part, by the adjugate (the grid is never singular). */
export function inverseLinearPart(affine: number[][]): number[][] {
  const m = affine;
  const cofactor = (r: number, c: number) => {
    const [r1, r2] = [(r + 1) % 3, (r + 2) % 3];
    const [c1, c2] = [(c + 1) % 3, (c + 2) % 3];
    return m[r1][c1] * m[r2][c2] - m[r1][c2] * m[r2][c1];
  };
  const det = m[0][0] * cofactor(0, 0) + m[0][1] * cofactor(0, 1) + m[0][2] * cofactor(0, 2);
  return [0, 1, 2].map((r) => [0, 1, 2].map((c) => cofactor(c, r) / det));
}
