/**
 * Voxel ↔ world coordinates of a volume and the patch grids laid out in world space.
 *
 * A volume's affine maps voxel indices (i, j, k) to world millimetres (x, y, z) in RAS+ (x to the
 * right, y anterior, z superior), as NIfTI defines it. A patch grid is aligned with those world
 * axes, isotropic, and centred on a world point; its axes are ordered [superior, anterior, right]
 * so that its last index runs fastest, as in the patches the image models take.
 */

export type Vector3 = [number, number, number];

/** The maps of one affine: both stored as row-major 3×4 matrices (the last row is 0 0 0 1). */
export interface VoxelWorldTransform {
  /** world = toWorld · (i, j, k, 1). */
  readonly toWorld: Float64Array;
  /** voxel = toVoxel · (x, y, z, 1), the inverse computed once. */
  readonly toVoxel: Float64Array;
  /** Volume of one voxel in mm³: |det| of the affine's 3×3 part. */
  readonly voxelVolume: number;
}

/**
 * Builds the voxel ↔ world maps of a 4×4 affine, inverting it once.
 *
 * @throws RangeError when the affine is not 4×4, holds a non-finite entry, its last row is not
 *   (0, 0, 0, 1), or its 3×3 part is singular (a voxel would have no extent).
 * @example voxelToWorld(voxelWorldTransform([[2,0,0,-10],[0,2,0,0],[0,0,3,5],[0,0,0,1]]), 1, 1, 1)
 *   // [-8, 2, 8]
 */
export function voxelWorldTransform(affine: number[][]): VoxelWorldTransform {
  checkAffine(affine);
  const m = Float64Array.from(affine.slice(0, 3).flat());
  const [a, b, c, , d, e, f, , g, h, k] = m;
  const cofactors = [e * k - f * h, c * h - b * k, b * f - c * e];
  const det = a * cofactors[0] + d * cofactors[1] + g * cofactors[2];
  const scale = columnNorm(m, 0) * columnNorm(m, 1) * columnNorm(m, 2);
  if (!(Math.abs(det) > 1e-12 * scale)) {
    throw new RangeError(
      `the affine's 3×3 part is singular (determinant ${det}); a voxel must span a volume: check the sform/qform of the image`,
    );
  }

  // Inverse of the 3×3 part by its adjugate; the translation maps back through it.
  // prettier-ignore
  const inverse = [
    cofactors[0], cofactors[1], cofactors[2],
    f * g - d * k, a * k - c * g, c * d - a * f,
    d * h - e * g, b * g - a * h, a * e - b * d,
  ].map((v) => v / det);
  const toVoxel = new Float64Array(12);
  for (let row = 0; row < 3; row++) {
    let shift = 0;
    for (let col = 0; col < 3; col++) {
      toVoxel[row * 4 + col] = inverse[row * 3 + col];
      shift -= inverse[row * 3 + col] * m[col * 4 + 3];
    }
    toVoxel[row * 4 + 3] = shift;
  }
  return { toWorld: m, toVoxel, voxelVolume: Math.abs(det) };
}

function checkAffine(affine: number[][]): void {
  const square = affine.length === 4 && affine.every((row) => row.length === 4);
  if (!square) throw new RangeError("the affine must be a 4×4 matrix");
  if (!affine.flat().every(Number.isFinite)) {
    throw new RangeError("the affine holds a non-finite entry: check the sform/qform of the image");
  }
  const [p, q, r, s] = affine[3];
  if (p !== 0 || q !== 0 || r !== 0 || s !== 1) {
    throw new RangeError(`the affine's last row must be 0 0 0 1, got ${affine[3].join(" ")}`);
  }
}

function columnNorm(m: Float64Array, col: number): number {
  return Math.hypot(m[col], m[4 + col], m[8 + col]);
}

/** Applies a row-major 3×4 matrix to (u, v, w, 1). */
export function applyAffine(matrix: Float64Array, u: number, v: number, w: number): Vector3 {
  return [0, 1, 2].map(
    (row) =>
      matrix[row * 4] * u + matrix[row * 4 + 1] * v + matrix[row * 4 + 2] * w + matrix[row * 4 + 3],
  ) as Vector3;
}

/** World mm (x, y, z) of the voxel centre (i, j, k); indices may be fractional. */
export function voxelToWorld(t: VoxelWorldTransform, i: number, j: number, k: number): Vector3 {
  return applyAffine(t.toWorld, i, j, k);
}

/** Continuous voxel indices (i, j, k) of the world point (x, y, z) in mm. */
export function worldToVoxel(t: VoxelWorldTransform, x: number, y: number, z: number): Vector3 {
  return applyAffine(t.toVoxel, x, y, z);
}

/**
 * An isotropic sampling grid aligned with the RAS world axes. Point (a, b, c) lies at
 * centre + ((c − (right − 1)/2)·spacing, (b − (anterior − 1)/2)·spacing,
 * (a − (superior − 1)/2)·spacing): index a runs superior, b anterior, c right, and the centre
 * falls on a point when a size is odd and midway between two when it is even.
 */
export interface RasGrid {
  /** World mm of the grid's centre. */
  centre: Vector3;
  /** Points along [superior, anterior, right]. */
  size: Vector3;
  /** mm between neighbouring points on every axis. */
  spacing: number;
}

/**
 * Checks and returns a RAS-aligned grid of `size` points ([superior, anterior, right]) spaced
 * `spacing` mm apart and centred on the world point `centre`.
 *
 * @throws RangeError when a size is not a positive integer, the spacing is not a positive finite
 *   number, or the centre is not finite.
 * @example rasGrid([0, 0, 0], [1, 32, 32], 1.5) // the axial 32×32 slice through the origin
 */
export function rasGrid(centre: Vector3, size: Vector3, spacing: number): RasGrid {
  if (!size.every((n) => Number.isInteger(n) && n > 0)) {
    throw new RangeError(`grid sizes must be positive integers, got ${size.join(" × ")}`);
  }
  if (!(spacing > 0 && Number.isFinite(spacing))) {
    throw new RangeError(`grid spacing must be a positive number of mm, got ${spacing}`);
  }
  if (!centre.every(Number.isFinite)) {
    throw new RangeError(`grid centre must be a finite world point, got ${centre.join(", ")}`);
  }
  return { centre: [...centre], size: [...size], spacing };
}

/** World mm of grid point (a, b, c) = (superior, anterior, right index). */
export function gridPointToWorld(grid: RasGrid, a: number, b: number, c: number): Vector3 {
  const [cx, cy, cz] = grid.centre;
  const [superior, anterior, right] = grid.size;
  const h = grid.spacing;
  return [
    cx + (c - (right - 1) / 2) * h,
    cy + (b - (anterior - 1) / 2) * h,
    cz + (a - (superior - 1) / 2) * h,
  ];
}

/** Every grid point's world (x, y, z), point after point with the right index fastest. */
export function gridWorldPoints(grid: RasGrid): Float64Array {
  const [superior, anterior, right] = grid.size;
  const points = new Float64Array(superior * anterior * right * 3);
  let p = 0;
  for (let a = 0; a < superior; a++) {
    for (let b = 0; b < anterior; b++) {
      for (let c = 0; c < right; c++) {
        points.set(gridPointToWorld(grid, a, b, c), p);
        p += 3;
      }
    }
  }
  return points;
}

/**
 * The grid seen from one volume: voxel indices of point (0, 0, 0) and the voxel-index step of
 * one grid step along each axis. Voxel indices are affine in the grid indices, so a sampler can
 * walk the grid by additions.
 */
export interface GridInVoxels {
  origin: Vector3;
  stepSuperior: Vector3;
  stepAnterior: Vector3;
  stepRight: Vector3;
}

/** Expresses a RAS grid in the voxel indices of the volume with transform `t`. */
export function gridInVoxels(t: VoxelWorldTransform, grid: RasGrid): GridInVoxels {
  const m = t.toVoxel;
  const h = grid.spacing;
  const column = (col: number): Vector3 => [m[col] * h, m[4 + col] * h, m[8 + col] * h];
  return {
    origin: worldToVoxel(t, ...gridPointToWorld(grid, 0, 0, 0)),
    stepSuperior: column(2),
    stepAnterior: column(1),
    stepRight: column(0),
  };
}

/**
 * Largest distance in mm between where two affines put the same voxel of a `dims` volume. The
 * maps are affine, so the largest distance is reached at one of the volume's 8 corner voxels.
 * Used to decide whether two images share a grid (README rule 2: within 1e-3 mm).
 */
export function gridDisplacement(a: number[][], b: number[][], dims: Vector3): number {
  let largest = 0;
  for (let corner = 0; corner < 8; corner++) {
    const index = dims.map((n, axis) => ((corner >> axis) & 1 ? n - 1 : 0));
    const distance = Math.hypot(
      ...[0, 1, 2].map((row) => rowTimes(a[row], index) - rowTimes(b[row], index)),
    );
    largest = Math.max(largest, Number.isNaN(distance) ? Infinity : distance);
  }
  return largest;
}

function rowTimes(row: number[], index: number[]): number {
  return row[0] * index[0] + row[1] * index[1] + row[2] * index[2] + row[3];
}
