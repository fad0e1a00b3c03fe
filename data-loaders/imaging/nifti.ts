/**
 * Reading and writing NIfTI volumes (.nii, .nii.gz). Headers are parsed by nifti-reader-js
 * (NIfTI-1 and NIfTI-2); the voxel-to-world affine, the intensity scaling and every check are
 * done here, following the NIfTI-1 standard (Cox RW et al., "A (sort of) new image data format
 * standard: NIfTI-1", NIfTI Data Format Working Group, 2004; nifti1.h field comments).
 * The writer produces one NIfTI-1 single file from the standard's field offsets.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { gunzipSync, gzipSync } from "node:zlib";
import { NIFTI1, NIFTI2 } from "nifti-reader-js";
import { InputError } from "../errors.ts";

// The Volume type is the contract of data-loaders/imaging/README.md, shared with preprocessing.
export type { Volume } from "./volume.ts";
import type { Volume } from "./volume.ts";

export interface ReadNiftiOptions {
  /** Cohort id, named in error messages. */
  cohort: string;
  /** The patient's 1-based row in the clinical table, named in error messages (never the id). */
  patientRow: number;
}

export type WritableDatatype = "uint8" | "int16" | "float32";

export interface WriteNiftiOptions {
  dims: [number, number, number];
  /** Voxel size in mm; must equal the lengths of the affine's first three columns. */
  spacing: [number, number, number];
  /** 4×4 voxel → world (RAS+, mm); its 3×3 part must be a rotation times the spacing. */
  affine: number[][];
  /** Stored values, i fastest; integers within range for the integer types. */
  data: ArrayLike<number>;
  datatype: WritableDatatype;
  sclSlope?: number;
  sclInter?: number;
  /** Write only the qform (qform_code 1, sform_code 0) instead of both. */
  qform?: boolean;
  /** Write big-endian (some older scanners' exports); little-endian otherwise. */
  bigEndian?: boolean;
}

type TypedArrayConstructor = new (buffer: ArrayBuffer) => ArrayLike<number>;

interface DatatypeInfo {
  name: string;
  code: number;
  bytes: number;
  /** The typed array of this type in the host's byte order. */
  array: TypedArrayConstructor;
  read(view: DataView, offset: number, littleEndian: boolean): number;
}

const DATATYPES: DatatypeInfo[] = [
  { name: "uint8", code: 2, bytes: 1, array: Uint8Array, read: (v, o) => v.getUint8(o) },
  { name: "int16", code: 4, bytes: 2, array: Int16Array, read: (v, o, le) => v.getInt16(o, le) },
  { name: "int32", code: 8, bytes: 4, array: Int32Array, read: (v, o, le) => v.getInt32(o, le) },
  { name: "float32", code: 16, bytes: 4, array: Float32Array, read: (v, o, le) => v.getFloat32(o, le) },
  { name: "float64", code: 64, bytes: 8, array: Float64Array, read: (v, o, le) => v.getFloat64(o, le) },
  { name: "int8", code: 256, bytes: 1, array: Int8Array, read: (v, o) => v.getInt8(o) },
  { name: "uint16", code: 512, bytes: 2, array: Uint16Array, read: (v, o, le) => v.getUint16(o, le) },
  { name: "uint32", code: 768, bytes: 4, array: Uint32Array, read: (v, o, le) => v.getUint32(o, le) },
];

const WRITE_RANGE: Record<WritableDatatype, [number, number] | null> = {
  uint8: [0, 255],
  int16: [-32768, 32767],
  float32: null,
};

/** Header fields this module uses, the same for NIfTI-1 and NIfTI-2. */
interface Header {
  version: 1 | 2;
  littleEndian: boolean;
  dims: number[];
  pixdim: number[];
  datatypeCode: number;
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  qformCode: number;
  sformCode: number;
  quaternion: [number, number, number];
  qoffset: [number, number, number];
  srow: number[][];
  spatialUnits: number;
}

type Where = Pick<InputError["details"], "file" | "cohort" | "rows">;

function refuse(where: Where, problem: string, fix: string, cause?: unknown): InputError {
  return new InputError({ ...where, problem, fix, cause });
}

/**
 * Reads one 3D NIfTI volume (NIfTI-1 or NIfTI-2, single file, optionally gzip-compressed).
 * The affine is the sform when sform_code > 0, else the qform (quaternion, qfac = pixdim[0])
 * when qform_code > 0, else plain pixdim scaling, as the NIfTI-1 standard orders them; spatial
 * units in metres or microns are converted to mm. Intensities are stored × scl_slope +
 * scl_inter, with slope 0 meaning no scaling.
 *
 * @throws InputError naming the file, the cohort and the patient's row when the file is missing,
 * is not NIfTI (or is a .hdr/.img pair), is a corrupt gzip stream, is shorter than its dims
 * need, has an unsupported data type, is not 3D or holds more than one volume, has a
 * non-positive voxel size, or holds NaN or infinite intensities.
 * @example readNifti("images/ncc/NCC-0001/t1ce.nii.gz", { cohort: "ncc", patientRow: 1 }).dims
 * // [50, 59, 32] (the demo study's first NCC patient, scanned 3 × 3 × 4 mm)
 */
export function readNifti(path: string, options: ReadNiftiOptions): Volume {
  const where: Where = { file: path, cohort: options.cohort, rows: [options.patientRow] };
  const bytes = decompressIfGzip(readBytes(path, where), where);
  const header = parseHeader(bytes, where);
  const dims = volumeDims(header, where);
  const datatype = DATATYPES.find((d) => d.code === header.datatypeCode);
  if (!datatype) {
    throw refuse(
      where,
      `the NIfTI data type code ${header.datatypeCode} is not supported (supported: ${DATATYPES.map((d) => d.name).join(", ")})`,
      "convert the image to a scalar integer or float type (for example float32) before the build",
    );
  }
  const data = decodeVoxels(bytes, header, datatype, dims, where);
  const unit = unitToMm(header.spatialUnits);
  const spacing = dims.map((_, axis) => Math.abs(header.pixdim[axis + 1]) * unit);
  if (spacing.some((s) => !(s > 0) || !Number.isFinite(s))) {
    throw refuse(
      where,
      `the voxel size (pixdim) is ${header.pixdim.slice(1, 4).join(" × ")}, not three positive numbers`,
      "re-export the image with its voxel spacing in the header",
    );
  }
  const affine = scaleAffine(headerAffine(header), unit);
  const [si, sj, sk] = spacing;
  return { file: path, dims, spacing: [si, sj, sk], affine, data, datatype: datatype.name };
}

function readBytes(path: string, where: Where): Uint8Array {
  try {
    return readFileSync(path);
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === "ENOENT";
    const found = missing ? "does not exist" : "cannot be read";
    const fix = "check the image path and that the file was copied completely";
    throw refuse(where, `the image file ${found}`, fix, cause);
  }
}

function decompressIfGzip(bytes: Uint8Array, where: Where): Uint8Array {
  // gzip's two magic bytes (RFC 1952); a NIfTI header never starts with them.
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (cause) {
    throw refuse(
      where,
      `the gzip stream is corrupt or cut short (${(cause as Error).message})`,
      "copy the .nii.gz again from the source, or check it with gzip -t",
      cause,
    );
  }
}

/** An ArrayBuffer holding exactly these bytes (Node's Buffers may share a larger pool). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function parseHeader(bytes: Uint8Array, where: Where): Header {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size = bytes.length >= 4 ? [view.getInt32(0, true), view.getInt32(0, false)] : [];
  const magic = bytes.length >= 348 ? String.fromCharCode(...bytes.subarray(344, 347)) : "";
  if (size.includes(348) && magic === "n+1") return nifti1Header(bytes, view);
  if (size.includes(540) && String.fromCharCode(...bytes.subarray(4, 7)) === "n+2") {
    if (bytes.length < 540) {
      throw truncated(where, `the NIfTI-2 header is cut short (${bytes.length} of 540 bytes)`);
    }
    return nifti2Header(bytes);
  }
  const pair = magic === "ni1" || String.fromCharCode(...bytes.subarray(4, 7)) === "ni2";
  throw refuse(
    where,
    pair
      ? "this is the header of a .hdr/.img pair, not a single-file NIfTI"
      : `this is not a NIfTI file (${bytes.length} bytes, no NIfTI-1 or NIfTI-2 header found)`,
    "convert the image to a single-file NIfTI (.nii or .nii.gz), for example with dcm2niix",
  );
}

function nifti1Header(bytes: Uint8Array, view: DataView): Header {
  const h = new NIFTI1();
  // The header alone: extensions are not read, so a damaged extension cannot stop the read.
  h.readHeader(ownBuffer(bytes.subarray(0, 348)));
  const le = h.littleEndian;
  const srowAt = (r: number, c: number) => view.getFloat32(280 + (r * 4 + c) * 4, le);
  const srow = [0, 1, 2].map((r) => [0, 1, 2, 3].map((c) => srowAt(r, c)));
  return {
    version: 1,
    littleEndian: le,
    dims: h.dims,
    pixdim: h.pixDims,
    datatypeCode: h.datatypeCode,
    voxOffset: h.vox_offset,
    sclSlope: h.scl_slope,
    sclInter: h.scl_inter,
    qformCode: h.qform_code,
    sformCode: h.sform_code,
    quaternion: [h.quatern_b, h.quatern_c, h.quatern_d],
    qoffset: [h.qoffset_x, h.qoffset_y, h.qoffset_z],
    srow,
    spatialUnits: h.xyzt_units & 7,
  };
}

function nifti2Header(bytes: Uint8Array): Header {
  const h = new NIFTI2();
  h.readHeader(ownBuffer(bytes.subarray(0, 540)));
  return {
    version: 2,
    littleEndian: h.littleEndian,
    dims: h.dims,
    pixdim: h.pixDims,
    datatypeCode: h.datatypeCode,
    voxOffset: h.vox_offset,
    sclSlope: h.scl_slope,
    sclInter: h.scl_inter,
    qformCode: h.qform_code,
    sformCode: h.sform_code,
    quaternion: [h.quatern_b, h.quatern_c, h.quatern_d],
    qoffset: [h.qoffset_x, h.qoffset_y, h.qoffset_z],
    // NIfTI-2's reader always fills `affine` from srow_x/y/z.
    srow: h.affine.slice(0, 3).map((row) => row.slice()),
    spatialUnits: h.xyzt_units & 7,
  };
}

function volumeDims(header: Header, where: Where): Volume["dims"] {
  const { dims } = header;
  const rank = dims[0];
  const extra = dims.slice(4, rank + 1).filter((n) => n !== 1);
  if (rank < 3 || rank > 7 || dims.slice(1, 4).some((n) => !(n >= 1))) {
    throw refuse(
      where,
      `the image is not a 3D volume (dim = [${dims.slice(0, rank + 1).join(", ")}])`,
      "give one 3D volume per sequence",
    );
  }
  if (extra.length > 0) {
    throw refuse(
      where,
      `the image holds more than one volume (dims ${dims.slice(1, rank + 1).join(" × ")})`,
      "split the 4D series and give the one 3D volume the model reads",
    );
  }
  return [dims[1], dims[2], dims[3]];
}

function truncated(where: Where, problem: string): InputError {
  return refuse(where, problem, "copy the file again from the source: it was cut short");
}

function decodeVoxels(
  bytes: Uint8Array,
  header: Header,
  datatype: DatatypeInfo,
  dims: Volume["dims"],
  where: Where,
): Float32Array {
  const count = dims[0] * dims[1] * dims[2];
  const offset = Math.max(Math.round(header.voxOffset), header.version === 1 ? 348 : 540);
  const needed = offset + count * datatype.bytes;
  if (bytes.length < needed) {
    throw truncated(
      where,
      `the image data are cut short: ${dims.join(" × ")} ${datatype.name} voxels need ${needed} bytes, the file has ${bytes.length}`,
    );
  }
  const data = new Float32Array(count);
  const le = header.littleEndian;
  if (le === HOST_LITTLE_ENDIAN) {
    // A copy (not Buffer.slice, which shares memory) starts at offset 0, so the view is aligned.
    data.set(new datatype.array(new Uint8Array(bytes.subarray(offset, needed)).buffer));
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * datatype.bytes);
    for (let v = 0; v < count; v++) data[v] = datatype.read(view, v * datatype.bytes, le);
  }
  applyScaling(data, header.sclSlope, header.sclInter);
  const nonFinite = countNonFinite(data);
  if (nonFinite > 0) {
    throw refuse(
      where,
      `${nonFinite} of ${count} voxels are NaN or infinite`,
      "replace them (for example with 0 outside the head) before the build; the model cannot read them",
    );
  }
  return data;
}

/** NIfTI-1: a slope of 0 (or not a number) means the stored values are the intensities. */
function applyScaling(data: Float32Array, slope: number, intercept: number): void {
  if (!Number.isFinite(slope) || slope === 0) return;
  const inter = Number.isFinite(intercept) ? intercept : 0;
  if (slope === 1 && inter === 0) return;
  for (let v = 0; v < data.length; v++) data[v] = data[v] * slope + inter;
}

function countNonFinite(data: Float32Array): number {
  let count = 0;
  for (let v = 0; v < data.length; v++) if (!Number.isFinite(data[v])) count++;
  return count;
}

/** xyzt_units & 7: 1 metre, 2 mm, 3 micron; 0 (unknown) is taken as mm, as most tools do. */
function unitToMm(code: number): number {
  return code === 1 ? 1000 : code === 3 ? 0.001 : 1;
}

function scaleAffine(affine: number[][], unit: number): number[][] {
  if (unit === 1) return affine;
  return affine.map((row, r) => (r < 3 ? row.map((x) => x * unit) : row));
}

function headerAffine(header: Header): number[][] {
  if (header.sformCode > 0) return [...header.srow.map((row) => row.slice()), [0, 0, 0, 1]];
  const [di, dj, dk] = [1, 2, 3].map((a) => header.pixdim[a]);
  if (header.qformCode > 0) {
    const rotation = rotationFromQuaternion(header.quaternion);
    // qfac (pixdim[0]) is -1 for a left-handed voxel grid; any other value counts as +1.
    const qfac = header.pixdim[0] === -1 ? -1 : 1;
    const scale = [Math.abs(di), Math.abs(dj), qfac * Math.abs(dk)];
    return [
      ...rotation.map((row, r) => [...row.map((x, c) => x * scale[c]), header.qoffset[r]]),
      [0, 0, 0, 1],
    ];
  }
  return [
    [di, 0, 0, 0],
    [0, dj, 0, 0],
    [0, 0, dk, 0],
    [0, 0, 0, 1],
  ];
}

/**
 * The proper rotation of the unit quaternion (a, b, c, d), with a = sqrt(1 − b² − c² − d²)
 * ≥ 0 as NIfTI-1 stores only b, c, d; when rounding makes 1 − b² − c² − d² negative,
 * (b, c, d) is renormalised and a = 0 (a 180° turn).
 */
export function rotationFromQuaternion([qb, qc, qd]: [number, number, number]): number[][] {
  let [b, c, d] = [qb, qc, qd];
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    const norm = Math.hypot(b, c, d);
    [b, c, d] = [b / norm, c / norm, d / norm];
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  return [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), a * a + d * d - b * b - c * c],
  ];
}

/**
 * The quaternion (b, c, d) with a ≥ 0 of a proper rotation matrix, from its trace when the
 * turn is under 180° and otherwise from its largest diagonal element, which keeps the
 * division well away from zero.
 */
export function quaternionFromRotation(r: number[][]): [number, number, number] {
  const trace = r[0][0] + r[1][1] + r[2][2];
  let q: [number, number, number, number];
  if (trace > 0) {
    const s = 2 * Math.sqrt(1 + trace);
    q = [s / 4, (r[2][1] - r[1][2]) / s, (r[0][2] - r[2][0]) / s, (r[1][0] - r[0][1]) / s];
  } else if (r[0][0] >= r[1][1] && r[0][0] >= r[2][2]) {
    const s = 2 * Math.sqrt(1 + r[0][0] - r[1][1] - r[2][2]);
    q = [(r[2][1] - r[1][2]) / s, s / 4, (r[0][1] + r[1][0]) / s, (r[0][2] + r[2][0]) / s];
  } else if (r[1][1] >= r[2][2]) {
    const s = 2 * Math.sqrt(1 + r[1][1] - r[0][0] - r[2][2]);
    q = [(r[0][2] - r[2][0]) / s, (r[0][1] + r[1][0]) / s, s / 4, (r[1][2] + r[2][1]) / s];
  } else {
    const s = 2 * Math.sqrt(1 + r[2][2] - r[0][0] - r[1][1]);
    q = [(r[1][0] - r[0][1]) / s, (r[0][2] + r[2][0]) / s, (r[1][2] + r[2][1]) / s, s / 4];
  }
  const sign = q[0] < 0 ? -1 : 1;
  return [sign * q[1], sign * q[2], sign * q[3]];
}

/**
 * Writes one 3D volume as a NIfTI-1 single file: the 348-byte header, 4 zero extension bytes,
 * the voxels from byte 352, gzip-compressed (level 1, for speed) when the path ends in ".gz".
 * Both sform and qform are written with code 1 (scanner anatomical) and describe the same
 * affine; with `qform: true` only the qform is written (sform_code 0). xyzt_units says mm.
 *
 * @throws RangeError when dims, spacing, affine or data disagree: data length ≠ the product of
 * dims, a spacing that is not the length of the matching affine column, a 3×3 part that is not
 * a rotation times the spacing (a qform cannot hold shear), integer data that are not whole
 * numbers within the type's range, NaN or infinite float data, or a zero or non-finite
 * scl_slope.
 * @example writeNifti("t1ce.nii", { dims: [2, 2, 2], spacing: [1, 1, 1], datatype: "uint8",
 *   affine: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]], data: new Uint8Array(8) })
 * // writes 360 bytes: the 352-byte header and extension flag, then 8 one-byte voxels
 */
export function writeNifti(path: string, options: WriteNiftiOptions): void {
  const bytes = encodeNifti(options);
  writeFileSync(path, path.endsWith(".gz") ? gzipSync(bytes, { level: 1 }) : bytes);
}

/** The uncompressed bytes of the NIfTI-1 file writeNifti would write. */
export function encodeNifti(options: WriteNiftiOptions): Uint8Array {
  const { dims, data, datatype } = options;
  const count = dims[0] * dims[1] * dims[2];
  if (dims.some((n) => !Number.isInteger(n) || n < 1 || n > 32767)) {
    throw new RangeError(`NIfTI-1 dims must be integers from 1 to 32767, got ${dims.join(" × ")}`);
  }
  if (data.length !== count) {
    throw new RangeError(
      `the data hold ${data.length} values but dims ${dims.join(" × ")} need ${count}`,
    );
  }
  const info = DATATYPES.find((d) => d.name === datatype);
  if (!info || !(datatype in WRITE_RANGE)) {
    throw new RangeError(`writeNifti writes uint8, int16 or float32, not "${datatype}"`);
  }
  const bytes = new Uint8Array(352 + count * info.bytes);
  const view = new DataView(bytes.buffer);
  const le = !options.bigEndian;
  writeHeader(view, options, info, le);
  writeVoxels(new DataView(bytes.buffer, 352), data, datatype, le);
  return bytes;
}

function writeHeader(view: DataView, options: WriteNiftiOptions, info: DatatypeInfo, le: boolean) {
  const { dims, spacing, affine } = options;
  const slope = options.sclSlope ?? 1;
  const inter = options.sclInter ?? 0;
  if (!Number.isFinite(slope) || slope === 0 || !Number.isFinite(inter)) {
    throw new RangeError(
      `scl_slope must be finite and non-zero and scl_inter finite, got ${slope} and ${inter}`,
    );
  }
  const { quaternion, qfac } = qformParameters(affine, spacing);
  view.setInt32(0, 348, le);
  view.setUint8(38, "r".charCodeAt(0));
  [3, ...dims, 1, 1, 1, 1].forEach((n, a) => view.setInt16(40 + 2 * a, n, le));
  view.setInt16(70, info.code, le);
  view.setInt16(72, info.bytes * 8, le);
  [qfac, ...spacing, 0, 0, 0, 0].forEach((x, a) => view.setFloat32(76 + 4 * a, x, le));
  view.setFloat32(108, 352, le);
  view.setFloat32(112, slope, le);
  view.setFloat32(116, inter, le);
  view.setUint8(123, 2);
  view.setInt16(252, 1, le);
  view.setInt16(254, options.qform ? 0 : 1, le);
  quaternion.forEach((x, a) => view.setFloat32(256 + 4 * a, x, le));
  [0, 1, 2].forEach((r) => view.setFloat32(268 + 4 * r, affine[r][3], le));
  if (!options.qform) {
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 4; c++) view.setFloat32(280 + (r * 4 + c) * 4, affine[r][c], le);
    }
  }
  [..."n+1"].forEach((ch, i) => view.setUint8(344 + i, ch.charCodeAt(0)));
}

/**
 * The quaternion and qfac of an affine whose 3×3 part is R · diag(spacing) · diag(1, 1, qfac)
 * with R a proper rotation; qfac = −1 when the voxel grid is left-handed (determinant < 0).
 */
function qformParameters(affine: number[][], spacing: number[]) {
  const columns = [0, 1, 2].map((c) => [0, 1, 2].map((r) => affine[r][c]));
  columns.forEach((column, c) => {
    const length = Math.hypot(...column);
    if (!(spacing[c] > 0) || Math.abs(length - spacing[c]) > 1e-4 * spacing[c]) {
      throw new RangeError(
        `spacing[${c}] = ${spacing[c]} but the affine's column ${c} has length ${length}; give the voxel size the affine uses`,
      );
    }
  });
  const unit = columns.map((column, c) => column.map((x) => x / spacing[c]));
  const qfac = determinant(unit) < 0 ? -1 : 1;
  unit[2] = unit[2].map((x) => x * qfac);
  const rotation = [0, 1, 2].map((r) => [0, 1, 2].map((c) => unit[c][r]));
  for (let a = 0; a < 3; a++) {
    for (let b = 0; b < 3; b++) {
      const dot = unit[a][0] * unit[b][0] + unit[a][1] * unit[b][1] + unit[a][2] * unit[b][2];
      if (Math.abs(dot - (a === b ? 1 : 0)) > 1e-4) {
        throw new RangeError(
          "the affine's 3×3 part is not a rotation times the spacing (it has shear), which a qform cannot hold",
        );
      }
    }
  }
  return { quaternion: quaternionFromRotation(rotation), qfac };
}

function determinant(m: number[][]): number {
  return (
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
    m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
    m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
  );
}

/** Typed arrays use the host's byte order. */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

type WritableArray = typeof Uint8Array | typeof Int16Array | typeof Float32Array;

const TYPED: Record<WritableDatatype, WritableArray> = {
  uint8: Uint8Array,
  int16: Int16Array,
  float32: Float32Array,
};

function writeVoxels(
  view: DataView,
  data: ArrayLike<number>,
  datatype: WritableDatatype,
  le: boolean,
) {
  const range = WRITE_RANGE[datatype];
  const Typed = TYPED[datatype];
  // Data already in the stored type need no range check; float data still need a finite check.
  const checked = data instanceof Typed && datatype !== "float32";
  for (let v = 0; !checked && v < data.length; v++) {
    const x = data[v];
    if (!range && !Number.isFinite(x)) {
      throw new RangeError(
        `voxel ${v} holds ${x}; NIfTI readers here refuse NaN and infinite intensities`,
      );
    }
    if (range && !(Number.isInteger(x) && x >= range[0] && x <= range[1])) {
      throw new RangeError(
        `voxel ${v} holds ${x}, not a whole number from ${range[0]} to ${range[1]} as ${datatype} needs; round and clip the values, or store float32`,
      );
    }
  }
  if (le === HOST_LITTLE_ENDIAN) {
    // byteOffset 352 is a multiple of every element size, so a typed view is aligned.
    new Typed(view.buffer as ArrayBuffer, view.byteOffset, data.length).set(data);
    return;
  }
  for (let v = 0; v < data.length; v++) {
    if (datatype === "uint8") view.setUint8(v, data[v]);
    else if (datatype === "int16") view.setInt16(2 * v, data[v], le);
    else view.setFloat32(4 * v, data[v], le);
  }
}
