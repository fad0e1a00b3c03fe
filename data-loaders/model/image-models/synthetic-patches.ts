/**
 * Synthetic lesion patches for tests and benchmarks: a soft-edged bright ball (enhancement on
 * T1CE) inside a wider, fainter halo (oedema on FLAIR), plus Gaussian noise, laid out exactly as
 * data-loaders/imaging writes real patches. Nothing here is used to fit or score real patients.
 */
import type { SeededRandom } from "../../stats/seeded-random.ts";
import { lesionPatchSize, type ImageArchitecture } from "./architectures.ts";

export interface SyntheticLesion {
  /** Radius of the enhancing ball, in patch voxels (1.5 mm). */
  radius: number;
}

/**
 * One patient's patches, Float32 [lesions, channels, ...spatial]. Each lesion's centre is the
 * patch centre moved by up to one voxel along each axis; intensity at distance r from it is
 * 2·σ((radius − r)/0.7) on a sequence named like "t1ce" and 1.2·σ((1.8·radius − r)/1.5) on one
 * named like "flair" (σ the logistic function), plus N(0, noise²) per voxel. 2.5D stacks take
 * the slices 1 voxel below, at and above the centre, sequence-major; 2D the slice at the centre.
 *
 * @throws RangeError when a radius is not positive and finite or noise is negative.
 * @example syntheticPatient(imageArchitecture("slice-2d"), [{ radius: 3 }], seededRandom(1))
 * // { patches: Float32Array(2048), lesions: 1 }
 */
export function syntheticPatient(
  architecture: ImageArchitecture,
  lesions: readonly SyntheticLesion[],
  random: SeededRandom,
  noise = 0.3,
): { patches: Float32Array; lesions: number } {
  if (!(noise >= 0)) throw new RangeError(`noise must be a non-negative sd, got ${noise}`);
  const perLesion = lesionPatchSize(architecture);
  const patches = new Float32Array(lesions.length * perLesion);
  lesions.forEach((lesion, l) => {
    if (!(Number.isFinite(lesion.radius) && lesion.radius > 0)) {
      throw new RangeError(`a synthetic lesion needs a positive radius, got ${lesion.radius}`);
    }
    const centre = [0, 1, 2].map(() => (architecture.spatialShape[0] - 1) / 2 + 2 * random.uniform() - 1);
    const voxels = lesionVoxels(architecture, lesion.radius, centre);
    for (let i = 0; i < perLesion; i++) patches[l * perLesion + i] = voxels[i] + noise * gaussian(random);
  });
  return { patches, lesions: lesions.length };
}

/** Noise-free intensities of one lesion's patch, channel by channel. */
function lesionVoxels(architecture: ImageArchitecture, radius: number, centre: number[]): number[] {
  const { patchKind, inputSequences, spatialShape } = architecture;
  const width = spatialShape[0];
  const slices = patchKind === "3d" ? [...Array(width).keys()].map((z) => z - centre[0]) : patchKind === "2.5d" ? [-1, 0, 1] : [0];
  const values: number[] = [];
  for (const sequence of inputSequences) {
    const profile = /flair/i.test(sequence)
      ? (r: number) => 1.2 * logistic((1.8 * radius - r) / 1.5)
      : (r: number) => 2 * logistic((radius - r) / 0.7);
    for (const dz of slices) {
      for (let y = 0; y < width; y++) {
        for (let x = 0; x < width; x++) values.push(profile(Math.hypot(dz, y - centre[1], x - centre[2])));
      }
    }
  }
  return values;
}

function logistic(t: number): number {
  return 1 / (1 + Math.exp(-t));
}

/** Box-Muller on two uniforms (1 − u keeps the logarithm finite). */
function gaussian(random: SeededRandom): number {
  const u = 1 - random.uniform();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.uniform());
}
