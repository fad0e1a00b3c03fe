import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import {
  encodeNifti,
  quaternionFromRotation,
  readNifti,
  rotationFromQuaternion,
  writeNifti,
  type WriteNiftiOptions,
} from "../../data-loaders/imaging/nifti.ts";
import { InputError } from "../../data-loaders/errors.ts";
import { assertAllClose } from "../assert-close.ts";

const dir = mkdtempSync(join(tmpdir(), "nifti-test-"));
after(() => rmSync(dir, { recursive: true, force: true }));

const WHERE = { cohort: "external-2", patientRow: 17 };
const DIMS: [number, number, number] = [5, 4, 3];
const COUNT = 5 * 4 * 3;

/** Columns scaled by the spacing: the affine of rotation `r`, voxel size `s`, origin `o`. */
function affineOf(r: number[][], s: number[], o: number[]): number[][] {
  return [...r.map((row, i) => [...row.map((x, c) => x * s[c]), o[i]]), [0, 0, 0, 1]];
}

function rotationXZ(degreesX: number, degreesZ: number): number[][] {
  const [ax, az] = [(degreesX * Math.PI) / 180, (degreesZ * Math.PI) / 180];
  const rx = [[1, 0, 0], [0, Math.cos(ax), -Math.sin(ax)], [0, Math.sin(ax), Math.cos(ax)]];
  const rz = [[Math.cos(az), -Math.sin(az), 0], [Math.sin(az), Math.cos(az), 0], [0, 0, 1]];
  return rz.map((row) => [0, 1, 2].map((c) => row.reduce((sum, x, k) => sum + x * rx[k][c], 0)));
}

const SPACING: [number, number, number] = [2.5, 2.5, 5];
const RAS = affineOf([[1, 0, 0], [0, 1, 0], [0, 0, 1]], SPACING, [-80, -90.5, -60]);
const LPS = affineOf([[-1, 0, 0], [0, -1, 0], [0, 0, 1]], SPACING, [80, 100, -60]);
// Columns A, R, S: i runs anterior, j runs right, k runs superior (a permuted, left-handed grid).
const PERMUTED = affineOf([[0, 1, 0], [1, 0, 0], [0, 0, 1]], SPACING, [-70, -95, -40]);
// Rotated 12° about x and 30° about z, and k flipped: left-handed, so qfac = −1.
const ROTATED_FLIPPED = affineOf(
  rotationXZ(12, 30).map((row) => [row[0], row[1], -row[2]]),
  SPACING,
  [10.25, -20.5, 33],
);

function ramp(f: (v: number) => number): number[] {
  return Array.from({ length: COUNT }, (_, v) => f(v));
}

function options(overrides: Partial<WriteNiftiOptions>): WriteNiftiOptions {
  const data = ramp((v) => v);
  return { dims: DIMS, spacing: SPACING, affine: RAS, data, datatype: "uint8", ...overrides };
}

function roundTrip(name: string, write: WriteNiftiOptions) {
  const path = join(dir, name);
  writeNifti(path, write);
  return readNifti(path, WHERE);
}

for (const file of ["volume.nii", "volume.nii.gz"]) {
  test(`uint8 ${file}: dims, spacing, affine, data and datatype survive a write and read`, () => {
    const data = ramp((v) => (v * 7) % 256);
    const volume = roundTrip(file, options({ data }));
    assert.deepEqual(volume.dims, DIMS);
    assert.deepEqual(volume.spacing, SPACING);
    assert.deepEqual(volume.affine, RAS);
    assert.deepEqual([...volume.data], data);
    assert.equal(volume.datatype, "uint8");
    assert.equal(volume.file, join(dir, file));
  });
}

test("int16 keeps negative values and the full range, i fastest then j then k", () => {
  const data = ramp((v) => (v === 0 ? -32768 : v === 1 ? 32767 : v * 100 - 3000));
  const volume = roundTrip("int16.nii.gz", options({ data, datatype: "int16" }));
  assert.deepEqual([...volume.data], data);
  assert.equal(volume.datatype, "int16");
  // voxel (i, j, k) = (2, 3, 1) sits at i + 5·j + 20·k = 37.
  assert.equal(volume.data[2 + 5 * 3 + 20 * 1], data[37]);
});

test("float32 values come back exactly (they are stored as float32)", () => {
  const data = ramp((v) => Math.fround(Math.sin(v) * 1234.5678));
  const volume = roundTrip("float.nii.gz", options({ data, datatype: "float32" }));
  assert.deepEqual([...volume.data], data);
  assert.equal(volume.datatype, "float32");
});

test("scl_slope and scl_inter are applied: intensity = stored × slope + intercept", () => {
  const data = ramp((v) => v - 20);
  const write = options({ data, datatype: "int16", sclSlope: 0.25, sclInter: -3 });
  const volume = roundTrip("scaled.nii.gz", write);
  assert.deepEqual([...volume.data], data.map((x) => x * 0.25 - 3));
});

test("scl_slope 0 means no scaling, even with a non-zero intercept in the header", () => {
  const bytes = encodeNifti(options({ sclInter: 7 }));
  new DataView(bytes.buffer).setFloat32(112, 0, true);
  const path = join(dir, "slope-zero.nii");
  writeFileSync(path, bytes);
  assert.deepEqual([...readNifti(path, WHERE).data], ramp((v) => v));
});

test("big-endian files read the same as little-endian ones", () => {
  const data = ramp((v) => v * 300 - 9000);
  const write = options({ data, datatype: "int16", sclSlope: 2, affine: LPS, bigEndian: true });
  const volume = roundTrip("big-endian.nii.gz", write);
  assert.deepEqual([...volume.data], data.map((x) => x * 2));
  assert.deepEqual(volume.affine, LPS);
});

for (const [name, affine] of [
  ["LPS-flipped", LPS],
  ["permuted (A, R, S)", PERMUTED],
  ["rotated and k-flipped (qfac −1)", ROTATED_FLIPPED],
] as const) {
  test(`qform only, ${name}: the affine is rebuilt from quaternion, pixdim and qfac`, () => {
    const path = join(dir, "qform.nii.gz");
    writeNifti(path, options({ affine, qform: true }));
    const stored = new DataView(gunzipSync(readFileSync(path)).buffer);
    assert.equal(stored.getInt16(252, true), 1, "qform_code");
    assert.equal(stored.getInt16(254, true), 0, "sform_code");
    const volume = readNifti(path, WHERE);
    // The quaternion and offsets are stored as float32: about 7 significant digits.
    assertAllClose(volume.affine.flat(), affine.flat(), 1e-6, `${name} affine`);
    assert.deepEqual(volume.spacing, SPACING);
  });

  test(`sform and qform, ${name}: the sform is read and the qform written beside it agrees`, () => {
    const bytes = encodeNifti(options({ affine }));
    const view = new DataView(bytes.buffer);
    assert.equal(view.getInt16(252, true), 1, "qform_code");
    assert.equal(view.getInt16(254, true), 1, "sform_code");
    const path = join(dir, "sform.nii");
    writeFileSync(path, bytes);
    assertAllClose(readNifti(path, WHERE).affine.flat(), affine.flat(), 1e-6, `${name} sform`);
    view.setInt16(254, 0, true);
    writeFileSync(path, bytes);
    assertAllClose(readNifti(path, WHERE).affine.flat(), affine.flat(), 1e-6, `${name} qform`);
  });
}

test("qfac: a left-handed grid stores pixdim[0] = −1, a right-handed one +1", () => {
  const pixdim0 = (affine: number[][]) =>
    new DataView(encodeNifti(options({ affine })).buffer).getFloat32(76, true);
  assert.equal(pixdim0(RAS), 1);
  assert.equal(pixdim0(LPS), 1, "two flips make a proper rotation (180° about z)");
  assert.equal(pixdim0(PERMUTED), -1);
  assert.equal(pixdim0(ROTATED_FLIPPED), -1);
});

test("sform_code > 0 wins over the qform even when the qform says something else", () => {
  const bytes = encodeNifti(options({ affine: LPS }));
  const view = new DataView(bytes.buffer);
  [0.5, 0.5, 0.5].forEach((x, a) => view.setFloat32(256 + 4 * a, x, true));
  const path = join(dir, "sform-wins.nii");
  writeFileSync(path, bytes);
  assert.deepEqual(readNifti(path, WHERE).affine, LPS);
});

test("no sform and no qform: the affine is pixdim scaling with the origin at voxel (0, 0, 0)", () => {
  const bytes = encodeNifti(options({ affine: LPS }));
  new DataView(bytes.buffer).setInt16(252, 0, true);
  new DataView(bytes.buffer).setInt16(254, 0, true);
  const path = join(dir, "no-transform.nii");
  writeFileSync(path, bytes);
  const diagonal = [[2.5, 0, 0, 0], [0, 2.5, 0, 0], [0, 0, 5, 0], [0, 0, 0, 1]];
  assert.deepEqual(readNifti(path, WHERE).affine, diagonal);
});

test("spatial units in metres are converted to mm (xyzt_units = 1)", () => {
  const metres = affineOf([[1, 0, 0], [0, 1, 0], [0, 0, 1]], [0.002, 0.002, 0.004], [0.01, 0, 0]);
  const bytes = encodeNifti(options({ affine: metres, spacing: [0.002, 0.002, 0.004] }));
  bytes[123] = 1;
  const path = join(dir, "metres.nii");
  writeFileSync(path, bytes);
  const volume = readNifti(path, WHERE);
  assertAllClose(volume.spacing, [2, 2, 4], 1e-6, "spacing in mm");
  const inMm = [2, 0, 0, 10, 0, 2, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1];
  assertAllClose(volume.affine.flat(), inMm, 1e-6, "affine in mm");
});

/** The file with its datatype changed and the voxels replaced (the header kept otherwise). */
function withDatatype(code: number, bitpix: number, voxels: Uint8Array): Uint8Array {
  const header = encodeNifti(options({})).slice(0, 352);
  const view = new DataView(header.buffer);
  view.setInt16(70, code, true);
  view.setInt16(72, bitpix, true);
  const bytes = new Uint8Array(352 + voxels.length);
  bytes.set(header);
  bytes.set(voxels, 352);
  return bytes;
}

test("int32 and float64 files are read (written here by patching the header)", () => {
  const int32 = Int32Array.from(ramp((v) => v * 100000 - 3000000));
  const float64 = Float64Array.from(ramp((v) => v / 8 - 2));
  const cases = [
    ["int32", 8, 32, new Uint8Array(int32.buffer), [...int32]],
    ["float64", 64, 64, new Uint8Array(float64.buffer), [...float64]],
  ] as const;
  for (const [name, code, bitpix, voxels, expected] of cases) {
    const path = join(dir, `${name}.nii.gz`);
    writeFileSync(path, gzipSync(withDatatype(code, bitpix, voxels)));
    const volume = readNifti(path, WHERE);
    assert.equal(volume.datatype, name);
    assert.deepEqual([...volume.data], expected.map((x) => Math.fround(x)));
  }
});

test("a 4D file with one volume (dim[4] = 1) is read as 3D", () => {
  const bytes = encodeNifti(options({}));
  const view = new DataView(bytes.buffer);
  view.setInt16(40, 4, true);
  view.setInt16(48, 1, true);
  const path = join(dir, "4d-one.nii");
  writeFileSync(path, bytes);
  assert.deepEqual(readNifti(path, WHERE).dims, DIMS);
});

/** A NIfTI-2 file (540-byte header, data at 544) built from the NIfTI-2 field offsets. */
function nifti2(data: Int16Array, affine: number[][], sformCode: number): Uint8Array {
  const bytes = new Uint8Array(544 + data.byteLength);
  const view = new DataView(bytes.buffer);
  view.setInt32(0, 540, true);
  [0x6e, 0x2b, 0x32, 0, 0x0d, 0x0a, 0x1a, 0x0a].forEach((b, i) => view.setUint8(4 + i, b));
  view.setInt16(12, 4, true);
  view.setInt16(14, 16, true);
  [3, ...DIMS, 1, 1, 1, 1].forEach((n, a) => view.setBigInt64(16 + 8 * a, BigInt(n), true));
  [1, ...SPACING, 0, 0, 0, 0].forEach((x, a) => view.setFloat64(104 + 8 * a, x, true));
  view.setBigInt64(168, 544n, true);
  view.setFloat64(176, 0.5, true);
  view.setInt32(348, sformCode, true);
  for (let r = 0; r < 3; r++) {
    for (let c = 0; c < 4; c++) view.setFloat64(400 + (r * 4 + c) * 8, affine[r][c], true);
  }
  view.setInt32(500, 2, true);
  bytes.set(new Uint8Array(data.buffer), 544);
  return bytes;
}

test("NIfTI-2: double-precision sform, int16 data and scl_slope are read", () => {
  const data = Int16Array.from(ramp((v) => v * 3 - 50));
  const path = join(dir, "nifti2.nii.gz");
  writeFileSync(path, gzipSync(nifti2(data, ROTATED_FLIPPED, 2)));
  const volume = readNifti(path, WHERE);
  assert.deepEqual(volume.affine, ROTATED_FLIPPED, "float64 srow keeps every digit");
  assert.deepEqual([...volume.data], [...data].map((x) => x * 0.5));
  assert.deepEqual(volume.dims, DIMS);
});

test("quaternion ↔ rotation round trip, including 180° turns where a = 0", () => {
  const rotations = [
    rotationXZ(12, 30),
    [[1, 0, 0], [0, -1, 0], [0, 0, -1]],
    [[-1, 0, 0], [0, -1, 0], [0, 0, 1]],
    [[-1, 0, 0], [0, 1, 0], [0, 0, -1]],
    [[0, 1, 0], [1, 0, 0], [0, 0, -1]],
    rotationXZ(179, 0),
  ];
  for (const r of rotations) {
    const back = rotationFromQuaternion(quaternionFromRotation(r));
    assertAllClose(back.flat(), r.flat(), 1e-12, `rotation ${JSON.stringify(r)}`);
  }
});

test("the writer refuses data that do not fit: wrong length, out-of-range integers, shear, NaN", () => {
  const refused = (change: Partial<WriteNiftiOptions>, message: RegExp) =>
    assert.throws(() => encodeNifti(options(change)), message);
  refused({ data: [1, 2, 3] }, /hold 3 values but dims 5 × 4 × 3 need 60/);
  refused({ data: ramp((v) => v + 200) }, /voxel 56 holds 256/);
  refused({ data: ramp((v) => v / 2) }, /voxel 1 holds 0.5/);
  const shear = RAS.map((row) => row.slice());
  shear[0][1] = 1;
  refused({ affine: shear }, /column 1 has length/);
  const skew = affineOf([[1, 0.6, 0], [0, 0.8, 0], [0, 0, 1]], SPACING, [0, 0, 0]);
  refused({ affine: skew }, /shear/);
  refused({ data: ramp((v) => (v === 9 ? NaN : v)), datatype: "float32" }, /voxel 9 holds NaN/);
  refused({ sclSlope: 0 }, /scl_slope must be finite and non-zero/);
});

/** Asserts an InputError naming the file, the cohort and row 17, with the problem and a fix. */
function assertRefused(path: string, problem: RegExp) {
  assert.throws(
    () => readNifti(path, WHERE),
    (error: unknown) => {
      assert.ok(error instanceof InputError, `expected an InputError, got ${error}`);
      assert.equal(error.details.file, path);
      assert.equal(error.details.cohort, "external-2");
      assert.deepEqual(error.details.rows, [17]);
      assert.match(error.details.problem, problem);
      assert.ok(error.details.fix.length > 10, "the message says how to fix it");
      const name = path.split("/").pop();
      assert.match(error.message, new RegExp(`cohort "external-2", .*${name}: .*\\(row 17\\)\\. Fix: `));
      return true;
    },
  );
}

test("a truncated .nii (data shorter than dims need) is refused with both byte counts", () => {
  const path = join(dir, "truncated.nii");
  writeFileSync(path, encodeNifti(options({ datatype: "int16" })).subarray(0, 352 + 100));
  assertRefused(path, /cut short: 5 × 4 × 3 int16 voxels need 472 bytes, the file has 452/);
});

test("a truncated .nii.gz is refused as a corrupt or cut-short gzip stream", () => {
  const path = join(dir, "truncated.nii.gz");
  const gz = gzipSync(encodeNifti(options({ data: ramp((v) => (v * 37) % 251) })));
  writeFileSync(path, gz.subarray(0, gz.length - 30));
  assertRefused(path, /gzip stream is corrupt or cut short/);
});

test("a .nii.gz with corrupted bytes is refused as a corrupt gzip stream", () => {
  const path = join(dir, "corrupt.nii.gz");
  const gz = gzipSync(encodeNifti(options({ data: ramp((v) => (v * 37) % 251) })));
  for (let i = 12; i < gz.length - 8; i += 3) gz[i] ^= 0x5a;
  writeFileSync(path, gz);
  assertRefused(path, /gzip stream is corrupt or cut short/);
});

test("a file that is not NIfTI (a CSV) is refused, saying what was found", () => {
  const path = join(dir, "not-nifti.nii");
  writeFileSync(path, "patient_id,age\nNCC-0001,54\n");
  assertRefused(path, /not a NIfTI file \(27 bytes, no NIfTI-1 or NIfTI-2 header found\)/);
});

test("an empty file and a missing file are refused", () => {
  const empty = join(dir, "empty.nii.gz");
  writeFileSync(empty, "");
  assertRefused(empty, /not a NIfTI file \(0 bytes/);
  assertRefused(join(dir, "absent.nii.gz"), /the image file does not exist/);
});

test("a .hdr/.img pair header (magic ni1) is refused with a conversion hint", () => {
  const bytes = encodeNifti(options({}));
  bytes[345] = "i".charCodeAt(0);
  const path = join(dir, "pair.hdr");
  writeFileSync(path, bytes.subarray(0, 348));
  assertRefused(path, /header of a \.hdr\/\.img pair/);
});

test("an unsupported data type (complex64, code 32) is refused, listing the supported ones", () => {
  const path = join(dir, "complex.nii");
  writeFileSync(path, withDatatype(32, 64, new Uint8Array(COUNT * 8)));
  const supported = /supported: uint8, int16, int32, float32, float64/;
  assertRefused(path, /data type code 32 is not supported/);
  assertRefused(path, supported);
});

test("a 4D file with two volumes is refused", () => {
  const bytes = encodeNifti(options({}));
  const view = new DataView(bytes.buffer);
  view.setInt16(40, 4, true);
  view.setInt16(48, 2, true);
  const doubled = new Uint8Array(bytes.length + COUNT);
  doubled.set(bytes);
  const path = join(dir, "4d-two.nii.gz");
  writeFileSync(path, gzipSync(doubled));
  assertRefused(path, /more than one volume \(dims 5 × 4 × 3 × 2\)/);
});

test("NaN voxels in a float file are refused with their count", () => {
  const voxels = Float32Array.from(ramp((v) => (v % 20 === 3 ? NaN : v)));
  const path = join(dir, "nan.nii");
  writeFileSync(path, withDatatype(16, 32, new Uint8Array(voxels.buffer)));
  assertRefused(path, /3 of 60 voxels are NaN or infinite/);
});

test("a zero voxel size is refused", () => {
  const bytes = encodeNifti(options({}));
  new DataView(bytes.buffer).setFloat32(80, 0, true);
  const path = join(dir, "zero-spacing.nii");
  writeFileSync(path, bytes);
  assertRefused(path, /voxel size \(pixdim\) is 0 × 2.5 × 5/);
});
