/**
 * One MRI volume as `readNifti` (nifti.ts) returns it and the preprocessing steps read it.
 * The contract is data-loaders/imaging/README.md, "Volumes".
 */
export interface Volume {
  /** Path as given, for messages. */
  file: string;
  /** Voxels along i, j, k (a 4th dimension of 1 is allowed; more is refused). */
  dims: [number, number, number];
  /** mm, from pixdim. */
  spacing: [number, number, number];
  /**
   * 4×4 voxel (i, j, k, 1) → world (x, y, z, 1) in mm, RAS+ as NIfTI defines it: sform when
   * sform_code > 0, else qform when qform_code > 0, else pixdim scaling.
   */
  affine: number[][];
  /** Intensities after scl_slope / scl_inter, i fastest then j then k. */
  data: Float32Array;
  /** "uint8" | "int16" | "int32" | "float32" | "float64" | … */
  datatype: string;
}
