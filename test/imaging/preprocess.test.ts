import { test } from "node:test";
import assert from "node:assert/strict";
import { InputError } from "../../data-loaders/errors.ts";
import { lesionPatch, prepareSequence } from "../../data-loaders/imaging/patches.ts";
import { preprocessPatient, type PreprocessInput } from "../../data-loaders/imaging/preprocess.ts";
import type { Volume } from "../../data-loaders/imaging/volume.ts";
import type { Vector3 } from "../../data-loaders/imaging/world-grid.ts";

const DIMS: Vector3 = [40, 36, 24];
const AFFINE = [
  [-1.2, 0, 0, 30],
  [0, 1.2, 0, -20],
  [0, 0, 2, -10],
  [0, 0, 0, 1],
];

function volumeOf(
  file: string,
  value: (i: number, j: number, k: number) => number,
  affine = AFFINE,
  dims = DIMS,
): Volume {
  const data = new Float32Array(dims[0] * dims[1] * dims[2]);
  for (let k = 0, p = 0; k < dims[2]; k++) {
    for (let j = 0; j < dims[1]; j++) {
      for (let i = 0; i < dims[0]; i++, p++) data[p] = value(i, j, k);
    }
  }
  const spacing: Vector3 = [1.2, 1.2, 2];
  const copy = affine.map((r) => [...r]);
  return { file, dims: [...dims], spacing, affine: copy, data, datatype: "int16" };
}

/** A head ellipsoid with a deterministic texture; lesions are brighter. */
function image(file: string, base: number, affine = AFFINE, dims = DIMS): Volume {
  return volumeOf(file, (i, j, k) => {
    const r = ((i - 20) / 18) ** 2 + ((j - 18) / 16) ** 2 + ((k - 12) / 11) ** 2;
    return r > 1 ? 0 : base + ((i * 7 + j * 13 + k * 29) % 50);
  }, affine, dims);
}

/** Label 2: a 3×3×3 cube around voxel (12, 12, 8); label 1: 2×2×1 voxels at (25–26, 20–21, 14). */
function maskOf(extra: (i: number, j: number, k: number) => number = () => 0): Volume {
  return volumeOf("mask.nii.gz", (i, j, k) => {
    if (Math.abs(i - 12) <= 1 && Math.abs(j - 12) <= 1 && Math.abs(k - 8) <= 1) return 2;
    if ((i === 25 || i === 26) && (j === 20 || j === 21) && k === 14) return 1;
    return extra(i, j, k);
  });
}

function patient(overrides: Partial<PreprocessInput> = {}): PreprocessInput {
  const sequences = new Map([
    ["T1CE", image("p7/t1ce.nii.gz", 300)],
    ["FLAIR", image("p7/flair.nii.gz", 500)],
  ]);
  const kinds: PreprocessInput["kinds"] = ["3d", "2.5d", "2d"];
  return { sequences, mask: maskOf(), kinds, cohort: "anhui", patientRow: 7, ...overrides };
}

/** Runs preprocessPatient expecting an InputError; checks file, cohort, row and fix. */
function refusal(input: PreprocessInput, file: string, problem: RegExp, fix: RegExp): InputError {
  let caught: unknown;
  try {
    preprocessPatient(input);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof InputError, `expected an InputError, got ${caught}`);
  const { details } = caught;
  assert.equal(details.file, file);
  assert.equal(details.cohort, "anhui");
  assert.deepEqual(details.rows, [7]);
  assert.match(details.problem, problem);
  assert.match(details.fix, fix);
  assert.match(caught.message, /cohort "anhui", .*\(row 7\)\. Fix: /);
  return caught;
}

test("lesions come in label order and every kind's array has shape [L, …patch]", () => {
  const result = preprocessPatient(patient());
  assert.deepEqual(result.lesions.map((l) => [l.label, l.voxelCount]), [[1, 4], [2, 27]]);
  assert.deepEqual(result.shapes.get("3d"), [2, 2, 24, 24, 24]);
  assert.deepEqual(result.shapes.get("2.5d"), [2, 6, 32, 32]);
  assert.deepEqual(result.shapes.get("2d"), [2, 2, 32, 32]);
  for (const [kind, shape] of result.shapes) {
    assert.equal(result.patches.get(kind)!.length, shape.reduce((a, b) => a * b), kind);
  }
  // Label 2's centroid is its centre voxel (12, 12, 8) through the affine.
  assert.deepEqual(result.lesions[1].centroid, [30 - 1.2 * 12, -20 + 1.2 * 12, -10 + 2 * 8]);
});

test("lesion l's slot of each array is its own patch, sequences in the order of the map", () => {
  const input = patient();
  const result = preprocessPatient(input);
  const prepared = [...input.sequences].map(([name, volume]) => prepareSequence(name, volume));
  for (const kind of input.kinds) {
    const all = result.patches.get(kind)!;
    const size = all.length / result.lesions.length;
    result.lesions.forEach((lesion, l) => {
      const own = lesionPatch(kind, prepared, lesion.centroid);
      assert.deepEqual(all.slice(l * size, (l + 1) * size), own, `${kind}, lesion ${l}`);
    });
  }
  const swapped = new Map([...input.sequences].reverse());
  const reversed = preprocessPatient({ ...input, sequences: swapped, kinds: ["2d"] }).patches;
  assert.deepEqual(reversed.get("2d")!.slice(0, 1024), result.patches.get("2d")!.slice(1024, 2048));
});

test("only the kinds asked for are produced, each once; no kind gives empty maps", () => {
  const result = preprocessPatient(patient({ kinds: ["2d", "2d"] }));
  assert.deepEqual([...result.patches.keys()], ["2d"]);
  const none = preprocessPatient(patient({ kinds: [] }));
  assert.equal(none.patches.size, 0);
  assert.equal(none.lesions.length, 2);
});

test("preprocessing is deterministic and leaves the volumes untouched", () => {
  const input = patient();
  const copies = [...input.sequences.values(), input.mask].map((v) => v.data.slice());
  const first = preprocessPatient(input);
  const second = preprocessPatient(input);
  assert.deepEqual(second, first);
  [...input.sequences.values(), input.mask].forEach((v, n) => assert.deepEqual(v.data, copies[n]));
});

test("sequences on grids differing by more than 1e-3 mm are refused: co-register them first", () => {
  const shifted = AFFINE.map((r) => [...r]);
  shifted[1][3] += 0.01;
  const sequences = new Map([
    ["T1CE", image("p7/t1ce.nii.gz", 300)],
    ["FLAIR", image("p7/flair.nii.gz", 500, shifted)],
  ]);
  const problem = /T1CE and FLAIR are on different grids \(.*0\.0100 mm/;
  const fix = /co-register them first/;
  const error = refusal(patient({ sequences }), "p7/flair.nii.gz", problem, fix);
  assert.doesNotMatch(error.message, /patient id/i);
});

test("sequences with different dims are refused; a difference within 1e-3 mm is accepted", () => {
  const small: Vector3 = [40, 36, 23];
  const sequences = new Map([
    ["T1CE", image("p7/t1ce.nii.gz", 300)],
    ["FLAIR", image("p7/flair.nii.gz", 500, AFFINE, small)],
  ]);
  const problem = /dims 40 × 36 × 24 and 40 × 36 × 23/;
  refusal(patient({ sequences }), "p7/flair.nii.gz", problem, /co-register/);
  const close = AFFINE.map((r) => [...r]);
  close[0][3] += 5e-4;
  const within = new Map([
    ["T1CE", image("p7/t1ce.nii.gz", 300)],
    ["FLAIR", image("p7/flair.nii.gz", 500, close)],
  ]);
  assert.equal(preprocessPatient(patient({ sequences: within })).lesions.length, 2);
});

test("a mask on another grid than the images is refused", () => {
  const other = AFFINE.map((r) => [...r]);
  other[2][2] = 2.5;
  const mask = { ...maskOf(), affine: other };
  refusal(patient({ mask }), "mask.nii.gz", /mask is on a different grid/, /T1CE grid/);
});

test("a mask with no lesion is refused", () => {
  const mask = volumeOf("mask.nii.gz", () => 0);
  refusal(patient({ mask }), "mask.nii.gz", /no lesion/, /belongs to the patient/);
});

test("a lesion whose bounding box touches the volume's edge is refused, naming its label and box", () => {
  const mask = maskOf((i, j, k) => (i === 39 && j === 5 && k === 5 ? 4 : 0));
  const problem = /1 lesion\(s\) touch the edge .*label 4: voxels \(39, 5, 5\) to \(39, 5, 5\)/;
  refusal(patient({ mask }), "mask.nii.gz", problem, /field of view/);
});

test("a non-finite intensity is refused with a count and the first voxel, in whichever file holds it", () => {
  const input = patient();
  const flair = input.sequences.get("FLAIR")!;
  flair.data[3 + 40 * (4 + 36 * 5)] = NaN;
  flair.data[100] = Infinity;
  const problem = /2 voxel\(s\) hold NaN or ±Infinity \(the first at \(i, j, k\) = \(20, 2, 0\)\)/;
  refusal(input, "p7/flair.nii.gz", problem, /finite values/);
  const mask = maskOf();
  mask.data[5] = NaN;
  refusal(patient({ mask }), "mask.nii.gz", /1 voxel\(s\) hold NaN/, /finite values/);
});

test("a constant sequence is refused: its z-score is not defined", () => {
  const sequences = new Map([
    ["T1CE", image("p7/t1ce.nii.gz", 300)],
    ["FLAIR", volumeOf("p7/flair.nii.gz", () => 250)],
  ]);
  const file = "p7/flair.nii.gz";
  const fix = /intended MRI sequence/;
  const error = refusal(patient({ sequences }), file, /constant or binary/, fix);
  assert.ok(error.cause instanceof RangeError, "the cause is kept");
});

test("an all-zero sequence and a soft (non-integer) mask are refused", () => {
  const sequences = new Map([
    ["T1CE", volumeOf("p7/t1ce.nii.gz", () => 0)],
    ["FLAIR", image("p7/flair.nii.gz", 500)],
  ]);
  refusal(patient({ sequences }), "p7/t1ce.nii.gz", /every voxel is 0/, /intended MRI sequence/);
  const soft = maskOf((i, j, k) => (i === 30 && j === 10 && k === 10 ? 0.4 : 0));
  refusal(patient({ mask: soft }), "mask.nii.gz", /whole-number labels/, /integer labels/);
});

test("a volume whose data length does not match its dims is refused", () => {
  const mask = { ...maskOf(), data: new Float32Array(10) };
  const problem = /holds 10 voxels but its dims 40 × 36 × 24 call for 34560/;
  refusal(patient({ mask }), "mask.nii.gz", problem, /truncated/);
});

test("no sequence or an unknown kind is a configuration error (RangeError), not an input error", () => {
  assert.throws(() => preprocessPatient(patient({ sequences: new Map() })), RangeError);
  const kinds = ["3d", "4d" as never] as const;
  assert.throws(() => preprocessPatient(patient({ kinds })), /unknown patch kind/);
});
