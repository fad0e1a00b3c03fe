/**
 * The fixed convolutional feature extractor: one image (a sequence, a channel mix, or a 2.5D
 * stack of three slices) in, one token of TOKEN_FEATURES out. Convolutions with the kernels of
 * fixed-filters.ts, rectification, and the mean and maximum of each map over the patch.
 */
import {
  filterBank,
  type FixedFilter,
  type SpatialDimensions,
} from "./fixed-filters.ts";
import { int, ints, type GraphBuilder } from "./graph-builder.ts";

/**
 * - `3d`: images [N, 1, Z, Y, X], 3D convolutions at every scale.
 * - `2d`: images [N, 1, Y, X], 2D convolutions.
 * - `2.5d`: stacks [N, 3, Y, X] of three adjacent axial slices. At full resolution the 3D
 *   kernels are applied with the slice axis as the input channel, which evaluates them on the
 *   centre slice; the coarser kernels are wider than the stack, so they run in 2D on the mean
 *   of the three slices.
 */
export type ExtractorGeometry = "3d" | "2.5d" | "2d";

/** Input channels of one image the extractor takes. */
export function extractorChannels(geometry: ExtractorGeometry): number {
  return geometry === "2.5d" ? 3 : 1;
}

/** Fine kernels (full resolution) and coarse kernels (3 mm and 6 mm grids) of a geometry. */
function banks(geometry: ExtractorGeometry) {
  const fine = filterBank(geometry === "2d" ? 2 : 3);
  const coarse = filterBank(geometry === "3d" ? 3 : 2);
  return { fine, coarse, coarseDimensions: coarse.half[0].dimensions };
}

/** The kernels the extractor applies for a geometry, in the order of its Conv weights. */
export function extractorFilters(geometry: ExtractorGeometry): FixedFilter[] {
  const { fine, coarse } = banks(geometry);
  return [...fine.full, ...fine.gradient, ...coarse.half, ...coarse.quarter];
}

/**
 * Adds the extractor's nodes to `g`: `images` [N, channels, ...spatial] → [N, 12] features in
 * TOKEN_FEATURES order (each map's mean over the patch, then each map's maximum, after Relu).
 * Convolutions pad with zeros to keep the grid ("same"); the 3 mm and 6 mm grids come from
 * 2×2(×2) average pooling without padding.
 *
 * @returns the name of the [N, 12] feature value.
 */
export function addFeatureExtractor(
  g: GraphBuilder,
  images: string,
  geometry: ExtractorGeometry,
): string {
  const { fine, coarse, coarseDimensions } = banks(geometry);
  const channels = extractorChannels(geometry);

  // 2.5D: a 3-wide 3D kernel over [slice, y, x] is a 2D kernel with the slices as channels,
  // stored in the same row-major order, so the weights need no rearranging. One Conv for the
  // linear and gradient kernels together: onnxruntime then unfolds the image only once.
  const response = convolve(g, images, [...fine.full, ...fine.gradient], channels, "full");
  const sizes = g.ints("linear_and_gradient", [fine.full.length, fine.gradient.length]);
  const [linear, gradient] = g.opMany("Split", [response, sizes], ["linear", "gradient"], {
    axis: int(1),
  });
  const squared = g.op("Mul", [gradient, gradient], "gradient_squared");
  const axis = g.ints("channel_axis", [1]);
  const sum = g.op("ReduceSum", [squared, axis], "gradient_sum_squares", { keepdims: int(1) });
  const edge = g.op("Sqrt", [sum], "edge");
  const full = g.op("Concat", [linear, edge], "full_maps", { axis: int(1) });

  const base =
    geometry === "2.5d"
      ? g.op("ReduceMean", [images], "slice_mean", { axes: ints([1]), keepdims: int(1) })
      : images;
  const halfGrid = pool(g, base, coarseDimensions, "grid_3mm");
  const half = convolve(g, halfGrid, coarse.half, 1, "half");
  const quarterGrid = pool(g, halfGrid, coarseDimensions, "grid_6mm");
  const quarter = convolve(g, quarterGrid, coarse.quarter, 1, "quarter");

  const flatten = g.ints("flatten_voxels", [0, 0, -1]);
  const summaries = [full, half, quarter].map((maps, i) => summarise(g, maps, flatten, i));
  const summaryValues = [...summaries.map((s) => s.mean), ...summaries.map((s) => s.max)];
  return g.op("Concat", summaryValues, "token_features", { axis: int(1) });
}

/** One Conv node holding several fixed kernels as output channels; "same" zero padding. */
function convolve(
  g: GraphBuilder,
  input: string,
  filters: FixedFilter[],
  channels: number,
  name: string,
): string {
  const { size, dimensions } = filters[0];
  const spatial = dimensions - (channels > 1 ? 1 : 0);
  const kernel = Array(spatial).fill(size);
  const values = filters.flatMap((f) => Array.from(f.values));
  const weight = g.floats(`${name}_kernels`, [filters.length, channels, ...kernel], values);
  const pad = (size - 1) / 2;
  return g.op("Conv", [input, weight], `${name}_response`, {
    kernel_shape: ints(kernel),
    pads: ints(Array(2 * spatial).fill(pad)),
  });
}

function pool(g: GraphBuilder, input: string, dimensions: SpatialDimensions, name: string) {
  const two = Array(dimensions).fill(2);
  return g.op("AveragePool", [input], name, { kernel_shape: ints(two), strides: ints(two) });
}

/** Relu, then the mean and the maximum of each map over all its voxels: [N, maps] each. */
function summarise(g: GraphBuilder, maps: string, flatten: string, index: number) {
  const rectified = g.op("Relu", [maps], `rectified_${index}`);
  const flat = g.op("Reshape", [rectified, flatten], `voxels_${index}`);
  const attributes = { axes: ints([2]), keepdims: int(0) };
  const mean = g.op("ReduceMean", [flat], `map_mean_${index}`, attributes);
  const max = g.op("ReduceMax", [flat], `map_max_${index}`, attributes);
  return { mean, max };
}
