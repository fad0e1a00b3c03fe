/**
 * Lesions of a label mask (README rule 4): each distinct non-zero label is one lesion, whether
 * or not its voxels are connected; connected components are not split further.
 */
import type { Volume } from "./volume.ts";
import {
  voxelToWorld,
  voxelWorldTransform,
  type Vector3,
  type VoxelWorldTransform,
} from "./world-grid.ts";

export interface LesionInfo {
  /** The mask value of the lesion's voxels. */
  label: number;
  voxelCount: number;
  /** voxelCount × the volume of one voxel (|det| of the affine's 3×3 part), in mm³. */
  volumeMm3: number;
  /** Mean of the lesion's voxel centres in world mm (x, y, z), RAS+. */
  centroid: Vector3;
  /** Smallest and largest voxel index (i, j, k) of the lesion, both inclusive. */
  boundingBox: { min: Vector3; max: Vector3 };
  /** The bounding box reaches index 0 or dim − 1 on some axis: the lesion may be cut off. */
  touchesEdge: boolean;
}

interface Accumulator {
  count: number;
  sum: Vector3;
  min: Vector3;
  max: Vector3;
}

/**
 * Splits a label mask into lesions, one per distinct non-zero label, in increasing label order.
 * Voxel counts are exact; the centroid is the mean voxel index mapped through the affine, which
 * equals the mean of the voxel centres in world mm because the map is affine.
 *
 * @throws RangeError when a mask value is not finite, not a whole number, or negative (a soft or
 *   interpolated mask would otherwise turn every distinct value into a lesion).
 * @example lesionsOfMask(mask)
 *   // with one 2×2×2 cube of label 1 at voxels 1–2 on a 1 mm identity grid:
 *   // [{ label: 1, voxelCount: 8, volumeMm3: 8, centroid: [1.5, 1.5, 1.5],
 *   //    boundingBox: { min: [1, 1, 1], max: [2, 2, 2] }, touchesEdge: false }]
 */
export function lesionsOfMask(
  mask: Volume,
  transform: VoxelWorldTransform = voxelWorldTransform(mask.affine),
): LesionInfo[] {
  const accumulators = accumulateLabels(mask);
  const labels = [...accumulators.keys()].sort((a, b) => a - b);
  return labels.map((label) => {
    const { count, sum, min, max } = accumulators.get(label)!;
    const centroid = voxelToWorld(transform, sum[0] / count, sum[1] / count, sum[2] / count);
    const touchesEdge = [0, 1, 2].some(
      (axis) => min[axis] === 0 || max[axis] === mask.dims[axis] - 1,
    );
    return {
      label,
      voxelCount: count,
      volumeMm3: count * transform.voxelVolume,
      centroid,
      boundingBox: { min, max },
      touchesEdge,
    };
  });
}

function accumulateLabels(mask: Volume): Map<number, Accumulator> {
  const [nx, ny, nz] = mask.dims;
  const data = mask.data;
  const accumulators = new Map<number, Accumulator>();
  let lastLabel = 0;
  let last: Accumulator | undefined;
  for (let k = 0, p = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, p++) {
        const label = data[p];
        if (label === 0) continue;
        // Lesion voxels come in runs along i, so the previous voxel's label is usually this one.
        if (label !== lastLabel || last === undefined) {
          checkLabel(label, p);
          last = accumulators.get(label) ?? newAccumulator(accumulators, label, i, j, k);
          lastLabel = label;
        }
        addVoxel(last, i, j, k);
      }
    }
  }
  return accumulators;
}

function checkLabel(label: number, voxel: number): void {
  if (!(Number.isInteger(label) && label > 0)) {
    throw new RangeError(
      `voxel ${voxel} of the mask holds ${label}; a lesion mask must hold whole-number labels >= 0 (0 = background)`,
    );
  }
}

function newAccumulator(
  accumulators: Map<number, Accumulator>,
  label: number,
  i: number,
  j: number,
  k: number,
): Accumulator {
  const accumulator: Accumulator = { count: 0, sum: [0, 0, 0], min: [i, j, k], max: [i, j, k] };
  accumulators.set(label, accumulator);
  return accumulator;
}

function addVoxel(a: Accumulator, i: number, j: number, k: number): void {
  a.count++;
  a.sum[0] += i;
  a.sum[1] += j;
  a.sum[2] += k;
  if (i < a.min[0]) a.min[0] = i;
  if (i > a.max[0]) a.max[0] = i;
  if (j < a.min[1]) a.min[1] = j;
  if (j > a.max[1]) a.max[1] = j;
  // k never decreases in this scan, so min[2] is the first voxel's k.
  if (k > a.max[2]) a.max[2] = k;
}
