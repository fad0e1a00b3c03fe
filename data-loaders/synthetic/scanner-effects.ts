/**
 * What a scanner does to the ideal phantom: a smooth receive-coil shading along one axis,
 * Gaussian noise (magnitude noise in the air outside the head), motion ghosting for
 * non-diagnostic scans, and the storage scale and data type of its NIfTI export.
 */
import type { ScannerSpec, StoredDatatype } from "./centres.ts";
import type { Draws } from "./random-draws.ts";
import type { Grid } from "./scanner-grid.ts";

/** 2^16 standard normal values, drawn once per study and read with a random start and stride. */
export type NoiseTable = Float32Array;

const TABLE_MASK = 0xffff;

export function noiseTable(d: Draws): NoiseTable {
  return Float32Array.from({ length: TABLE_MASK + 1 }, () => d.normal());
}

export interface Acquisition {
  scanner: ScannerSpec;
  grid: Grid;
  /** Ghosting and heavier noise (a moving patient). */
  nonDiagnostic: boolean;
}

/** Normal-brain intensity, the unit of the phantom and of the scanners' noise. */
const BRAIN = 100;

export type StoredArray = Uint8Array | Int16Array | Float32Array;

/**
 * The image as the scanner stores it: shading, noise, then stored = (intensity × gain −
 * intercept) / slope in the storage type, rounded and clipped for integer types; float32 is
 * rounded to a power-of-two step near 1/128 of normal brain, as float exports of integer
 * scanner data are, which also keeps the files compressible. Noise reuses the table from a
 * random start with a random odd stride, which is cheap and looks like white noise at this
 * size; in the air outside the head it is folded to its magnitude.
 */
export function acquire(
  ideal: Float32Array,
  acquisition: Acquisition,
  d: Draws,
  table: NoiseTable,
): StoredArray {
  const { scanner, grid, nonDiagnostic } = acquisition;
  const image = nonDiagnostic ? ghosted(ideal, grid) : ideal;
  const sigma = scanner.noise * BRAIN * (nonDiagnostic ? 2.5 : 1);
  const shading = d.between(0.04, 0.12);
  let index = d.integer(TABLE_MASK + 1);
  const stride = 2 * d.integer(32768) + 1;
  const { datatype, gain, slope, intercept } = scanner.storage;
  const [low, high] = RANGE[datatype];
  const step = datatype === "float32" ? 2 ** Math.floor(Math.log2((gain * BRAIN) / 128)) : 1;
  const [ni, nj, nk] = grid.dims;
  const stored = new STORED[datatype](image.length);
  for (let k = 0, v = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      const scale = ((1 + shading * (j / (nj - 1) - 0.5)) * gain) / slope;
      const noiseScale = (sigma * gain) / slope;
      const offset = intercept / slope;
      for (const end = v + ni; v < end; v++) {
        index = (index + stride) & TABLE_MASK;
        const noise = noiseScale * table[index];
        const x = image[v];
        const value = x > 0 ? x * scale + noise : Math.abs(noise);
        // Rounding half up, on the storage step; min/max keep this loop fast in V8.
        stored[v] = Math.min(high, Math.max(low, Math.floor((value - offset) / step + 0.5) * step));
      }
    }
  }
  return stored;
}

const STORED = { uint8: Uint8Array, int16: Int16Array, float32: Float32Array } as const;

/** The image plus itself shifted half the field of view along j, at 35 %: a motion ghost. */
function ghosted(ideal: Float32Array, grid: Grid): Float32Array {
  const [ni, nj, nk] = grid.dims;
  const half = Math.floor(nj / 2);
  const image = ideal.slice();
  for (let k = 0; k < nk; k++) {
    for (let j = 0; j < nj; j++) {
      const row = ni * (j + nj * k);
      const source = ni * (((j + half) % nj) + nj * k);
      for (let i = 0; i < ni; i++) image[row + i] += 0.35 * ideal[source + i];
    }
  }
  return image;
}

const RANGE: Record<StoredDatatype, [number, number]> = {
  uint8: [0, 255],
  int16: [-32768, 32767],
  float32: [-Infinity, Infinity],
};
