/**
 * Speed of the MRI preprocessing. Run with `npx tsx bench/preprocess.ts`.
 *
 * Builds 8 synthetic patients in memory (two sequences and a lesion mask of 64 × 64 × 32 voxels,
 * 3.5 × 3.5 × 5 mm, an axis-flipped affine as scanners write, a noisy ellipsoidal head and
 * 3 spherical lesions), then preprocesses 400 patients (cycling over the 8) into the three patch
 * kinds and prints patients/s and lesions/s, the median of 5 runs after a warm-up. The study
 * needs ~400 patients × ~2.5 lesions × 3 kinds in a few seconds on the 2-core build machine.
 */
import { preprocessPatient } from "../data-loaders/imaging/preprocess.ts";
import type { Volume } from "../data-loaders/imaging/volume.ts";
import { seededRandom } from "../data-loaders/stats/seeded-random.ts";

const DIMS: [number, number, number] = [64, 64, 32];
const SPACING: [number, number, number] = [3.5, 3.5, 5];
const PATIENTS = 400;
const DISTINCT = 8;
const TARGET_SECONDS = 3;

function volume(file: string, data: Float32Array): Volume {
  const [sx, sy, sz] = SPACING;
  const affine = [
    [-sx, 0, 0, 110],
    [0, sy, 0, -110],
    [0, 0, sz, -80],
    [0, 0, 0, 1],
  ];
  return { file, dims: [...DIMS], spacing: [...SPACING], affine, data, datatype: "float32" };
}

/** A head ellipsoid with per-voxel noise; lesions brighter by `contrast`. */
function patient(seed: number) {
  const random = seededRandom(seed);
  const [nx, ny, nz] = DIMS;
  const centres = [0, 1, 2].map(() => {
    return [16 + random.integer(32), 16 + random.integer(32), 8 + random.integer(16)];
  });
  const inLesion = ([a, b, c]: number[], i: number, j: number, k: number) =>
    (i - a) ** 2 + (j - b) ** 2 + 4 * (k - c) ** 2 <= 9;
  const mask = new Float32Array(nx * ny * nz);
  const images = [new Float32Array(mask.length), new Float32Array(mask.length)];
  for (let k = 0, p = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, p++) {
        const r = ((i - 32) / 28) ** 2 + ((j - 32) / 30) ** 2 + ((k - 16) / 14) ** 2;
        const label = centres.findIndex((centre) => inLesion(centre, i, j, k));
        if (label >= 0) mask[p] = label + 1;
        if (r > 1) continue;
        images[0][p] = 300 + 40 * random.uniform() + (label >= 0 ? 200 : 0);
        images[1][p] = 500 + 60 * random.uniform() + (label >= 0 ? 150 : 0);
      }
    }
  }
  return {
    sequences: new Map([
      ["T1CE", volume(`p${seed}/t1ce.nii.gz`, images[0])],
      ["FLAIR", volume(`p${seed}/flair.nii.gz`, images[1])],
    ]),
    mask: volume(`p${seed}/mask.nii.gz`, mask),
  };
}

const cohort = Array.from({ length: DISTINCT }, (_, s) => patient(s + 1));

function runAll(): number {
  let lesions = 0;
  for (let row = 1; row <= PATIENTS; row++) {
    const { sequences, mask } = cohort[row % DISTINCT];
    const kinds = ["3d", "2.5d", "2d"] as const;
    const result = preprocessPatient({ sequences, mask, kinds, cohort: "bench", patientRow: row });
    lesions += result.lesions.length;
  }
  return lesions;
}

runAll();
const times: number[] = [];
const cpuTimes: number[] = [];
let lesions = 0;
for (let run = 0; run < 5; run++) {
  const start = performance.now();
  const cpu = process.cpuUsage();
  lesions = runAll();
  const used = process.cpuUsage(cpu);
  times.push((performance.now() - start) / 1000);
  cpuTimes.push((used.user + used.system) / 1e6);
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[2];
const seconds = median(times);
const cpuSeconds = median(cpuTimes);
const runs = times.map((t) => t.toFixed(3)).join(", ");
console.log(`${PATIENTS} patients, ${lesions} lesions, kinds 3d + 2.5d + 2d, 2 sequences of ${DIMS.join("×")}`);
console.log(`wall time, median of 5 runs: ${seconds.toFixed(3)} s (runs ${runs})`);
// CPU time of this process as well: on a shared machine wall time includes waiting for a core.
console.log(`CPU time, median of 5 runs: ${cpuSeconds.toFixed(3)} s`);
const rate = (count: number, s: number) => (count / s).toFixed(0);
console.log(`wall: ${rate(PATIENTS, seconds)} patients/s, ${rate(lesions, seconds)} lesions/s`);
console.log(`CPU:  ${rate(PATIENTS, cpuSeconds)} patients/s, ${rate(lesions, cpuSeconds)} lesions/s`);
const verdict = (s: number) => (s < TARGET_SECONDS ? "met" : "NOT met");
console.log(`Target ${PATIENTS} patients under ${TARGET_SECONDS} s: wall ${verdict(seconds)}, CPU ${verdict(cpuSeconds)}`);
