/**
 * Per-lesion patches for the locked image models (README rule 5). Every kind samples each
 * sequence on an isotropic 1.5 mm grid aligned with the RAS world axes and centred on the
 * lesion's centroid; the kinds differ only in the grid:
 *
 * - "3d":   24 × 24 × 24 points per sequence, patch shape [S, 24, 24, 24];
 * - "2.5d": 3 × 32 × 32 points (the axial slice through the centroid and the slices 1.5 mm below
 *           and above) per sequence, patch shape [S·3, 32, 32], channels sequence-major
 *           (first sequence at z − 1.5, z, z + 1.5, then the next sequence);
 * - "2d":   1 × 32 × 32 points (the axial slice through the centroid), patch shape [S, 32, 32].
 *
 * Inside a patch the axes are [superior, anterior, right] (RAS z, y, x), the last fastest. Images
 * are interpolated trilinearly, z-scored with their sequence's head normalisation and clipped to
 * [−5, 5]; a point outside the volume is 0, i.e. the head's mean intensity, after normalisation.
 */
import { CLIP_LIMIT, headNormalisation, type HeadNormalisation } from "./normalise.ts";
import { sampleGridInto } from "./sample.ts";
import type { Volume } from "./volume.ts";
import {
  rasGrid,
  voxelWorldTransform,
  type Vector3,
  type VoxelWorldTransform,
} from "./world-grid.ts";

export type PatchKind = "3d" | "2.5d" | "2d";

export const PATCH_KINDS: readonly PatchKind[] = ["3d", "2.5d", "2d"];

/** Distance between neighbouring patch points on every axis, in mm. */
export const PATCH_SPACING_MM = 1.5;

const GRID_SIZES: Record<PatchKind, Vector3> = {
  "3d": [24, 24, 24],
  "2.5d": [3, 32, 32],
  "2d": [1, 32, 32],
};

/** One sequence ready to sample: its volume, voxel ↔ world maps and head normalisation. */
export interface PreparedSequence {
  name: string;
  volume: Volume;
  transform: VoxelWorldTransform;
  normalisation: HeadNormalisation;
}

/**
 * Computes a sequence's transform and head normalisation once, for all its lesions.
 *
 * @throws RangeError from voxelWorldTransform (bad affine) or headNormalisation (non-finite,
 *   empty or constant image).
 */
export function prepareSequence(name: string, volume: Volume): PreparedSequence {
  const transform = voxelWorldTransform(volume.affine);
  return { name, volume, transform, normalisation: headNormalisation(volume) };
}

/** The sampling grid of one sequence for a kind: [superior, anterior, right] points. */
export function patchGridSize(kind: PatchKind): Vector3 {
  if (!PATCH_KINDS.includes(kind)) {
    throw new RangeError(`unknown patch kind "${kind}"; expected one of ${PATCH_KINDS.join(", ")}`);
  }
  return [...GRID_SIZES[kind]];
}

/**
 * Shape of one lesion's patch for `sequenceCount` sequences.
 *
 * @throws RangeError for an unknown kind or a sequence count that is not a positive integer.
 * @example patchShape("2.5d", 2) // [6, 32, 32]
 */
export function patchShape(kind: PatchKind, sequenceCount: number): number[] {
  if (!(Number.isInteger(sequenceCount) && sequenceCount > 0)) {
    throw new RangeError(`a patch needs at least one sequence, got ${sequenceCount}`);
  }
  const [superior, anterior, right] = patchGridSize(kind);
  if (kind === "3d") return [sequenceCount, superior, anterior, right];
  return [sequenceCount * superior, anterior, right];
}

/**
 * Samples one lesion's patch of the given kind around `centroid` (world mm) for the sequences in
 * the order given, into `out` from `offset` (a new array when `out` is omitted). Deterministic:
 * the same volumes and centroid give the same float32 values.
 *
 * @throws RangeError for an unknown kind, no sequences, a non-finite centroid, or an `out` too
 *   short for the patch.
 * @example lesionPatch("2d", [t1ce, flair], [12.3, -40.1, 25])
 *   // Float32Array(2048): shape [2, 32, 32], T1CE's slice then FLAIR's
 */
export function lesionPatch(
  kind: PatchKind,
  sequences: readonly PreparedSequence[],
  centroid: Vector3,
  out?: Float32Array,
  offset = 0,
): Float32Array {
  const perSequence = patchGridSize(kind).reduce((a, b) => a * b);
  const length = patchShape(kind, sequences.length).reduce((a, b) => a * b);
  const target = out ?? new Float32Array(length);
  if (!(Number.isInteger(offset) && offset >= 0 && offset + length <= target.length)) {
    throw new RangeError(
      `the output holds ${target.length} values; a ${kind} patch of ${length} values does not fit at offset ${offset}`,
    );
  }
  const grid = rasGrid(centroid, patchGridSize(kind), PATCH_SPACING_MM);
  sequences.forEach(({ volume, transform, normalisation }, s) => {
    // The same z-score and clipping as normaliseIntensity, applied inside the sampling loop.
    const zScore = {
      centre: normalisation.mean,
      scale: normalisation.standardDeviation,
      low: -CLIP_LIMIT,
      high: CLIP_LIMIT,
    };
    const start = offset + s * perSequence;
    sampleGridInto(volume, transform, grid, "trilinear", target, start, zScore, 0);
  });
  return target;
}
