/**
 * The hand-designed convolution kernels of the image models. Nothing here is learned: every
 * kernel is written down from its formula, so the feature extractor is the same for every study
 * and needs no training data. Only the standardisation, the attention vector and the head that
 * follow it are fitted (see fit.ts).
 *
 * Kernels are odd-sized, centred, and stored row-major over their axes in the order of the patch
 * axes (3D: superior, anterior, right; 2D: anterior, right), the layout of an ONNX Conv weight.
 * Three scales are used: the patch grid itself (1.5 mm), and the grid after one and after two
 * 2×2(×2) average poolings (3 mm and 6 mm).
 */

export type SpatialDimensions = 2 | 3;
export type FilterScale = "full" | "half" | "quarter";

export interface FixedFilter {
  name: string;
  scale: FilterScale;
  /** What the filter responds to, for the model's metadata and the report. */
  description: string;
  dimensions: SpatialDimensions;
  /** Width along every axis (odd). */
  size: number;
  /** size^dimensions weights, row-major. */
  values: Float64Array;
}

/**
 * One feature map per entry, in token order. `edge` is not a single kernel: it is the gradient
 * magnitude computed from the `gradient` kernels, one per axis.
 */
export const FEATURE_MAPS = ["smooth", "blob-fine", "edge", "blob-medium", "rim", "blob-large"];

/** Each feature map is summarised over the patch by its mean and by its maximum, in this order. */
export const MAP_SUMMARIES = ["mean", "max"] as const;

/** Names of one sequence token's features: every map's mean, then every map's maximum. */
export const TOKEN_FEATURES = MAP_SUMMARIES.flatMap((s) => FEATURE_MAPS.map((m) => `${m}:${s}`));

export interface FilterBank {
  /** Linear full-resolution maps: smooth, blob-fine. */
  full: FixedFilter[];
  /** One derivative kernel per axis; their root sum of squares is the `edge` map. */
  gradient: FixedFilter[];
  /** blob-medium and rim, on the 2×-pooled grid. */
  half: FixedFilter[];
  /** blob-large, on the 4×-pooled grid. */
  quarter: FixedFilter[];
}

/**
 * The filter bank for 2D or 3D patches (deterministic; the same numbers on every call).
 *
 * - smooth (full, 3 wide): binomial [1, 2, 1]/4 along every axis; local mean intensity.
 * - blob-fine (full, 3 wide): the negative discrete Laplacian (centre 2·n, each face neighbour
 *   −1); positive on bright spots and ridges about one voxel (1.5 mm) across.
 * - gradient (full, 3 wide): central difference [−1, 0, 1]/2 along one axis, binomial smoothing
 *   along the others (Sobel-style); the `edge` map is the gradient magnitude.
 * - blob-medium (half, 5 wide): scale-normalised negative Laplacian of Gaussian, σ = 1 voxel
 *   of the 3 mm grid; strongest on a bright blob of radius about σ·√n (≈ 5 mm in 3D).
 * - rim (half, 5 wide): mean over the shell 1.5 < r ≤ 2.5 voxels minus mean over the core
 *   r ≤ 1; positive where a bright ring surrounds a darker centre (rim enhancement, necrosis).
 * - blob-large (quarter, 5 wide): the same Laplacian of Gaussian on the 6 mm grid (radius ≈ 10
 *   mm in 3D).
 * The blob and rim kernels sum to zero, so a uniform region gives 0.
 *
 * @throws RangeError when dimensions is not 2 or 3.
 * @example filterBank(3).full[0].values[13] // 0.125, the centre of the 3×3×3 binomial kernel
 */
export function filterBank(dimensions: SpatialDimensions): FilterBank {
  if (dimensions !== 2 && dimensions !== 3) {
    throw new RangeError(`fixed filters exist for 2D and 3D patches, not ${dimensions}D`);
  }
  const n = dimensions;
  const make = (name: string, scale: FilterScale, description: string, size: number, f: Fn) =>
    ({ name, scale, description, dimensions: n, size, values: sample(n, size, f) });
  const log = (offset: number[]) => negativeLaplacianOfGaussian(offset, 1);
  return {
    full: [
      make("smooth", "full", "binomial smoothing, local mean intensity", 3, binomial),
      make("blob-fine", "full", "negative Laplacian, bright spots about 1.5 mm", 3, (o) =>
        negativeLaplacian(o, n),
      ),
    ],
    gradient: Array.from({ length: n }, (_, axis) =>
      make(`gradient-${axis}`, "full", "central difference along one axis", 3, (o) =>
        centralDifference(o, axis),
      ),
    ),
    half: [
      zeroSum(make("blob-medium", "half", "Laplacian of Gaussian σ = 3 mm", 5, log)),
      zeroSum(make("rim", "half", "shell 1.5–2.5 minus core ≤ 1 voxel (3 mm grid)", 5, rim(n))),
    ],
    quarter: [
      zeroSum(make("blob-large", "quarter", "Laplacian of Gaussian σ = 6 mm", 5, log)),
    ],
  };
}

/** One line per filter, for the model's metadata: "name (scale, 3×3×3): description". */
export function describeFilters(filters: readonly FixedFilter[]): string[] {
  return filters.map((f) => {
    const shape = Array(f.dimensions).fill(f.size).join("×");
    return `${f.name} (${f.scale}, ${shape}): ${f.description}`;
  });
}

type Fn = (offset: number[]) => number;

/** Evaluates f at every offset of a centred size^n grid, row-major (first axis slowest). */
function sample(n: number, size: number, f: Fn): Float64Array {
  const half = (size - 1) / 2;
  const values = new Float64Array(size ** n);
  for (let index = 0; index < values.length; index++) {
    const offset: number[] = [];
    for (let axis = n - 1, rest = index; axis >= 0; axis--, rest = Math.floor(rest / size)) {
      offset[axis] = (rest % size) - half;
    }
    values[index] = f(offset);
  }
  return values;
}

const BINOMIAL = [0.25, 0.5, 0.25];

function binomial(offset: number[]): number {
  return offset.reduce((product, o) => product * BINOMIAL[o + 1], 1);
}

function negativeLaplacian(offset: number[], n: number): number {
  const distance = offset.reduce((sum, o) => sum + Math.abs(o), 0);
  if (distance === 0) return 2 * n;
  return distance === 1 ? -1 : 0;
}

function centralDifference(offset: number[], axis: number): number {
  return offset.reduce((product, o, a) => product * (a === axis ? o / 2 : BINOMIAL[o + 1]), 1);
}

/** −σ²∇²G up to a constant, (n − r²/σ²)·exp(−r²/2σ²); made zero-sum and scaled later. */
function negativeLaplacianOfGaussian(offset: number[], sigma: number): number {
  const r2 = offset.reduce((sum, o) => sum + o * o, 0) / (sigma * sigma);
  return (offset.length - r2) * Math.exp(-r2 / 2);
}

function rim(n: number): Fn {
  const radii = sample(n, 5, (o) => Math.hypot(...o));
  const shell = radii.filter((r) => r > 1.5 && r <= 2.5).length;
  const core = radii.filter((r) => r <= 1).length;
  return (offset) => {
    const r = Math.hypot(...offset);
    if (r > 1.5 && r <= 2.5) return 1 / shell;
    return r <= 1 ? -1 / core : 0;
  };
}

/**
 * Removes the kernel's mean (truncation leaves a small bias) and scales its positive part to sum
 * to 1, so that the blob and rim responses are on the scale of an intensity difference.
 */
function zeroSum(filter: FixedFilter): FixedFilter {
  const v = filter.values;
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const centred = v.map((x) => x - mean);
  const positive = centred.reduce((s, x) => s + Math.max(0, x), 0);
  return { ...filter, values: centred.map((x) => x / positive) };
}
