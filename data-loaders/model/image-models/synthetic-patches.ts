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
 * 2·σ((radius − r)/0.7) on a sequence named like "t1ce" and 1.2·σ((1.8·radius − r)/1.5) on
 * one named like "flair" (σ the logistic function), plus N(0, noise²) per voxel. 2.5D stacks take
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
  const width = architecture.spatialShape[0];
  lesions.forEach((lesion, l) => {
    if (!(Number.isFinite(lesion.radius) && lesion.radius > 0)) {
      throw new RangeError(`a synthetic lesion needs a positive radius, got ${lesion.radius}`);
    }
    const centre = [0, 1, 2].map(() => (width - 1) / 2 + 2 * random.uniform() - 1);
    const target = patches.subarray(l * perLesion, (l + 1) * perLesion);
    writeLesion(target, architecture, lesion.radius, centre);
  });
  for (let i = 0; i < patches.length; i += 2) {
    const [a, b] = gaussianPair(random);
    patches[i] += noise * a;
    if (i + 1 < patches.length) patches[i + 1] += noise * b;
  }
  return { patches, lesions: lesions.length };
}

/** Noise-free intensities of one lesion's patch, channel by channel, written into `target`. */
function writeLesion(
  target: Float32Array,
  architecture: ImageArchitecture,
  radius: number,
  centre: number[],
): void {
  const { patchKind, inputSequences, spatialShape } = architecture;
  const width = spatialShape[0];
  const slices =
    patchKind === "3d"
      ? Array.from({ length: width }, (_, z) => z - centre[0])
      : patchKind === "2.5d"
        ? [-1, 0, 1]
        : [0];
  let index = 0;
  for (const sequence of inputSequences) {
    const isFlair = /flair/i.test(sequence);
    for (const dz of slices) {
      for (let y = 0; y < width; y++) {
        for (let x = 0; x < width; x++) {
          const dy = y - centre[1];
          const dx = x - centre[2];
          const r = Math.sqrt(dz * dz + dy * dy + dx * dx);
          target[index++] = isFlair
            ? 1.2 * logistic((1.8 * radius - r) / 1.5)
            : 2 * logistic((radius - r) / 0.7);
        }
      }
    }
  }
}

function logistic(t: number): number {
  return 1 / (1 + Math.exp(-t));
}

/** Two independent N(0, 1) draws by Box-Muller (1 − u keeps the logarithm finite). */
function gaussianPair(random: SeededRandom): [number, number] {
  const radius = Math.sqrt(-2 * Math.log(1 - random.uniform()));
  const angle = 2 * Math.PI * random.uniform();
  return [radius * Math.cos(angle), radius * Math.sin(angle)];
}
