/**
 * One patient's MRI → the image models' inputs: checks that the sequences and the mask share one
 * grid, z-scores each sequence within the head, splits the mask into lesions and samples the
 * patches of every requested kind around each lesion (data-loaders/imaging/README.md).
 *
 * Every refusal is an InputError naming the file, the cohort and the patient's row in the
 * clinical table (never the patient id) with a fix; nothing is skipped silently.
 */
import { InputError } from "../errors.ts";
import { lesionsOfMask, type LesionInfo } from "./lesions.ts";
import {
  lesionPatch,
  patchShape,
  prepareSequence,
  type PatchKind,
  type PreparedSequence,
} from "./patches.ts";
import type { Volume } from "./volume.ts";
import { gridDisplacement, voxelWorldTransform, type Vector3 } from "./world-grid.ts";

/** Largest distance in mm between two grids' voxel centres for them to be one grid (rule 2). */
export const GRID_TOLERANCE_MM = 1e-3;

const SEQUENCE_FIX = "check that this file is the intended MRI sequence and re-export it";

export interface PreprocessInput {
  /** The sequences in the order study.json lists them (the patch channel order), by name. */
  sequences: ReadonlyMap<string, Volume>;
  /** Lesion label mask on the sequences' grid. */
  mask: Volume;
  kinds: readonly PatchKind[];
  cohort: string;
  /** The patient's 1-based row in the clinical table, for messages. */
  patientRow: number;
}

export interface PreprocessedPatient {
  /** In increasing label order; the lesion axis of every patch array follows it. */
  lesions: LesionInfo[];
  /** Per kind, all lesions' patches back to back: shape [L, …patch]. */
  patches: Map<PatchKind, Float32Array>;
  /** Per kind, the full shape [L, …patch] of the array in `patches`. */
  shapes: Map<PatchKind, number[]>;
}

/**
 * Preprocesses one patient's volumes into per-lesion patches (README rules 1–5), the volumes'
 * `file` fields naming them in messages. Volumes are read, never modified.
 *
 * @throws InputError (file, cohort, rows: [patientRow], fix) when a volume's data length does not
 *   match its dims, a volume holds a non-finite value, its affine is not invertible, the
 *   sequences are on different grids, the mask is on a different grid than the sequences, a
 *   sequence is empty or constant within the head, the mask holds non-integer or negative
 *   labels, the mask has no lesion, or a lesion's bounding box touches the volume's edge.
 * @throws RangeError when no sequence is given or a kind is unknown (a configuration error).
 * @example
 * const sequences = new Map([["T1CE", t1ce], ["FLAIR", flair]]);
 * preprocessPatient({ sequences, mask, kinds: ["2d"], cohort: "anhui", patientRow: 7 });
 * // with 3 lesions: { lesions: [3 LesionInfo], patches: Map { "2d" => Float32Array(6144) },
 * //   shapes: Map { "2d" => [3, 2, 32, 32] } }
 */
export function preprocessPatient(input: PreprocessInput): PreprocessedPatient {
  const names = [...input.sequences.keys()];
  if (names.length === 0) throw new RangeError("preprocessing needs at least one sequence");
  const kinds = [...new Set(input.kinds)];
  kinds.forEach((kind) => patchShape(kind, names.length));

  // Headers first: a wrong grid is cheaper to find than a wrong voxel and its fix is different.
  const volumes = [...input.sequences.values()];
  for (const volume of [...volumes, input.mask]) checkHeader(volume, input);
  checkSameGrids(names, volumes, input);

  const prepared = names.map((name, s) =>
    readVoxels(input, volumes[s], SEQUENCE_FIX, () => prepareSequence(name, volumes[s])),
  );
  const lesions = findLesions(input);
  return samplePatches(lesions, prepared, kinds);
}

function samplePatches(
  lesions: LesionInfo[],
  sequences: PreparedSequence[],
  kinds: PatchKind[],
): PreprocessedPatient {
  const patches = new Map<PatchKind, Float32Array>();
  const shapes = new Map<PatchKind, number[]>();
  for (const kind of kinds) {
    const shape = patchShape(kind, sequences.length);
    const length = shape.reduce((a, b) => a * b);
    const all = new Float32Array(lesions.length * length);
    lesions.forEach((lesion, l) => lesionPatch(kind, sequences, lesion.centroid, all, l * length));
    patches.set(kind, all);
    shapes.set(kind, [lesions.length, ...shape]);
  }
  return { lesions, patches, shapes };
}

function refuse(
  input: PreprocessInput,
  file: string,
  problem: string,
  fix: string,
  cause?: unknown,
): InputError {
  const { cohort, patientRow } = input;
  return new InputError({ problem, fix, file, cohort, rows: [patientRow], cause });
}

function refuseOnRangeError<T>(input: PreprocessInput, file: string, fix: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof RangeError) throw refuse(input, file, error.message, fix, error);
    throw error;
  }
}

/**
 * Runs a step that reads every voxel (normalisation, lesion labels). Those steps refuse a
 * non-finite value themselves, so the volume is scanned for NaN and ±Infinity only when a step
 * fails: the message then counts them, and an image without any costs no extra pass.
 */
function readVoxels<T>(input: PreprocessInput, volume: Volume, fix: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    checkFinite(volume, input, error);
    throw refuse(input, volume.file, error.message, fix, error);
  }
}

function checkHeader(volume: Volume, input: PreprocessInput): void {
  const [nx, ny, nz] = volume.dims;
  if (volume.data.length !== nx * ny * nz) {
    const problem = `the image holds ${volume.data.length} voxels but its dims ${nx} × ${ny} × ${nz} call for ${nx * ny * nz}`;
    const fix = "re-export the file: it is truncated or its header is wrong";
    throw refuse(input, volume.file, problem, fix);
  }
  refuseOnRangeError(input, volume.file, "fix the sform/qform of the image", () =>
    voxelWorldTransform(volume.affine),
  );
}

function checkFinite(volume: Volume, input: PreprocessInput, cause?: unknown): void {
  let nonFinite = 0;
  let first = -1;
  for (let p = 0; p < volume.data.length; p++) {
    if (Number.isFinite(volume.data[p])) continue;
    if (first < 0) first = p;
    nonFinite++;
  }
  if (nonFinite === 0) return;
  const where = voxelIndex(first, volume.dims).join(", ");
  const problem = `${nonFinite} voxel(s) hold NaN or ±Infinity (the first at (i, j, k) = (${where}))`;
  const fix =
    "re-export the image with finite values (NaN or Infinity usually come from a failed registration or bias-field correction)";
  throw refuse(input, volume.file, problem, fix, cause);
}

function voxelIndex(p: number, [nx, ny]: Vector3): Vector3 {
  return [p % nx, Math.floor(p / nx) % ny, Math.floor(p / (nx * ny))];
}

function checkSameGrids(names: string[], volumes: Volume[], input: PreprocessInput): void {
  const reference = volumes[0];
  volumes.slice(1).forEach((volume, s) => {
    const apart = gridApart(reference, volume);
    if (apart === null) return;
    const [first, other] = [names[0], names[s + 1]];
    const problem = `${first} and ${other} are on different grids (${apart})`;
    const fix = `co-register them first: resample ${other} onto the ${first} grid`;
    throw refuse(input, volume.file, problem, fix);
  });
  const apart = gridApart(reference, input.mask);
  if (apart !== null) {
    const problem = `the lesion mask is on a different grid than the images (${apart})`;
    const fix = `draw or resample the mask on the ${names[0]} grid (nearest neighbour), the grid the sequences share`;
    throw refuse(input, input.mask.file, problem, fix);
  }
}

/** How two volumes' grids differ, or null when they are one grid within GRID_TOLERANCE_MM. */
function gridApart(a: Volume, b: Volume): string | null {
  if (a.dims.some((n, axis) => n !== b.dims[axis])) {
    return `dims ${a.dims.join(" × ")} and ${b.dims.join(" × ")}`;
  }
  const distance = gridDisplacement(a.affine, b.affine, a.dims);
  if (distance <= GRID_TOLERANCE_MM) return null;
  const mm = distance.toPrecision(3);
  return `the same voxel lies up to ${mm} mm apart, more than ${GRID_TOLERANCE_MM} mm`;
}

function findLesions(input: PreprocessInput): LesionInfo[] {
  const mask = input.mask;
  const labelsFix =
    "export the mask with integer labels (0 background, 1, 2, … one per lesion), not a probability or interpolated map";
  const lesions = readVoxels(input, mask, labelsFix, () => lesionsOfMask(mask));
  if (lesions.length === 0) {
    const fix =
      "check that this mask belongs to the patient, or exclude the patient from the image cohort";
    throw refuse(input, mask.file, "the lesion mask has no lesion (every voxel is 0)", fix);
  }
  const cut = lesions.filter((lesion) => lesion.touchesEdge);
  if (cut.length > 0) {
    const boxes = cut.map(({ label, boundingBox: { min, max } }) => {
      return `label ${label}: voxels (${min.join(", ")}) to (${max.join(", ")})`;
    });
    const volume = mask.dims.join(" × ");
    const problem = `${cut.length} lesion(s) touch the edge of the ${volume} volume and may be cut off (${boxes.join("; ")})`;
    const fix =
      "export a field of view that contains the whole lesion, or exclude the patient from the image cohort";
    throw refuse(input, mask.file, problem, fix);
  }
  return lesions;
}
