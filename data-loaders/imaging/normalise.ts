/**
 * Intensity normalisation of one MRI sequence (README rule 3): z-score within the head, clipped
 * to [−5, 5]. MRI intensities have no absolute unit, so each volume is put on its own scale
 * before the image model sees it.
 */
import type { Volume } from "./volume.ts";

/** Normalised intensities are clipped to [−CLIP_LIMIT, CLIP_LIMIT]. */
export const CLIP_LIMIT = 5;

/** The head is the non-zero voxels above this quantile of the non-zero intensities. */
export const HEAD_QUANTILE = 0.05;

/** The z-score of one volume: apply it to sampled intensities with `normaliseIntensity`. */
export interface HeadNormalisation {
  /** 5th percentile (type 7) of the volume's non-zero intensities. */
  headThreshold: number;
  /** Non-zero voxels above the threshold. */
  headVoxelCount: number;
  /** Mean intensity over the head voxels. */
  mean: number;
  /** Sample standard deviation (n − 1 divisor, as R's sd()) over the head voxels. */
  standardDeviation: number;
}

/**
 * Head z-score of a volume. The head is the voxels whose intensity is non-zero and above the
 * 5th percentile of the non-zero intensities (type-7 quantile, as R's quantile(x, 0.05)); for
 * non-negative MRI magnitudes this is "the voxels above the threshold", and requiring non-zero
 * keeps the zero background out of the head when a volume also holds negative values. The mean
 * and the sample standard deviation are taken over those voxels in double precision, in one
 * shifted pass (see headMoments).
 * The 5th percentile comes from bucket counts and a selection (linear time, see
 * nonZeroQuantileType7), not a full sort; it is bit-identical to quantileType7 in
 * data-loaders/stats/quantile.ts, and the tests check that.
 * Source: Nyúl LG, Udupa JK. On standardizing the MR image intensity scale. Magn Reson Med
 * 1999;42:1072–1081 (why MR intensities need per-volume standardisation).
 *
 * @throws RangeError when the volume holds a non-finite intensity, is entirely zero, has fewer
 *   than two head voxels, or its head has one intensity only (standard deviation 0); the caller
 *   turns these into an InputError naming the file.
 * @example headNormalisation({ data: Float32Array.of(0, 0, 1, 2, 3, 4, 5) })
 *   // non-zero 1…5, threshold 1 + 0.05 · 4 = 1.2, head 2…5:
 *   // { headThreshold: 1.2, headVoxelCount: 4, mean: 3.5, standardDeviation: Math.sqrt(5 / 3) }
 */
export function headNormalisation(volume: Pick<Volume, "data">): HeadNormalisation {
  const headThreshold = nonZeroQuantileType7(volume.data, HEAD_QUANTILE);
  const { count, mean, standardDeviation } = headMoments(volume.data, headThreshold);
  if (count < 2) {
    throw new RangeError(
      `the head (non-zero voxels above the 5th percentile ${headThreshold}) holds ${count} voxel(s); the image looks constant or binary, not an MRI sequence`,
    );
  }
  if (!(standardDeviation > 0)) {
    throw new RangeError(
      `every head voxel has the intensity ${mean}, so the standard deviation is 0 and the z-score is not defined`,
    );
  }
  return { headThreshold, headVoxelCount: count, mean, standardDeviation };
}

/**
 * z-score of one intensity, clipped to [−5, 5].
 *
 * @example
 * const normalisation = { mean: 400, standardDeviation: 50, headThreshold: 1, headVoxelCount: 9 };
 * normaliseIntensity(500, normalisation) // 2 (and 900 gives 5, clipped from 10)
 */
export function normaliseIntensity(value: number, normalisation: HeadNormalisation): number {
  const z = (value - normalisation.mean) / normalisation.standardDeviation;
  return Math.min(Math.max(z, -CLIP_LIMIT), CLIP_LIMIT);
}

/**
 * Count, mean and sample standard deviation of the head voxels in one pass, on the values minus
 * the first head voxel's value (the "shifted data" algorithm: Chan TF, Golub GH, LeVeque RJ.
 * Algorithms for computing the sample variance. Am Stat 1983;37:242–247). A shift inside the data
 * keeps the cancellation of the sum of squares small, and one pass instead of two matters here:
 * normalisation reads every voxel of every sequence of every patient.
 */
function headMoments(data: Float32Array, threshold: number) {
  let count = 0;
  let shift = 0;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i];
    if (v === 0 || !(v > threshold)) continue;
    if (count === 0) shift = v;
    const d = v - shift;
    count++;
    sum += d;
    squares += d * d;
  }
  const mean = shift + sum / count;
  const variance = Math.max(0, (squares - (sum * sum) / count) / (count - 1));
  return { count, mean, standardDeviation: Math.sqrt(variance) };
}

/** Buckets of the first pass: the top 16 bits of a float32's order key. */
const BUCKET_SHIFT = 16;

/**
 * Type-7 quantile (Hyndman & Fan 1996) of the non-zero values of a float32 array, the same double
 * as quantileType7 (data-loaders/stats/quantile.ts) of those values, without sorting them.
 * A float32's bits, with the sign bit flipped for positives and all bits flipped for negatives,
 * order like the values, so one pass counts values per top-16-bit bucket, the counts show which
 * bucket(s) hold the two order statistics the definition interpolates between, and a second pass
 * collects only those values for an exact selection. Linear time, deterministic, and no copy of
 * the whole volume: a 64 × 64 × 32 volume took about a third of the time of a full sort.
 *
 * @throws RangeError when a value is NaN or ±Infinity, or every value is 0.
 * @example nonZeroQuantileType7(Float32Array.of(0, 4, 1, 0, 3, 2), 0.5) // 2.5
 */
export function nonZeroQuantileType7(data: Float32Array, p: number): number {
  const bits = new Int32Array(data.buffer, data.byteOffset, data.length);
  const histogram = bucketCounts(bits);
  let count = 0;
  for (let b = 0; b < histogram.length; b++) count += histogram[b];
  if (count === 0) throw new RangeError("every voxel is 0: the image is empty");

  // The arithmetic of quantileOfSorted in data-loaders/stats/quantile.ts, on 1-based ranks.
  const index = 1 + (count - 1) * p;
  const lo = Math.floor(index);
  const hi = Math.ceil(index);
  const first = bucketOfRank(histogram, lo - 1);
  const last = bucketOfRank(histogram, hi - 1);
  const candidates = valuesInBuckets(bits, data, first.bucket, last.bucket, histogram);
  const rank = lo - 1 - first.below;
  const low = selectInPlace(candidates, rank);
  let high = low;
  if (hi > lo) {
    // Selection left every value above rank `rank` after it: the next order statistic is their
    // minimum.
    high = candidates[rank + 1];
    for (let i = rank + 2; i < candidates.length; i++) high = Math.min(high, candidates[i]);
  }
  if (!(index > lo) || high === low) return low;
  const h = index - lo;
  return (1 - h) * low + h * high;
}

/**
 * Top 16 bits of a float32's order key, from its bits read as an int32. The key flips the sign
 * bit of a positive value and every bit of a negative one, so that keys compare as unsigned
 * integers in the order of the values; working on the top half keeps every number a small
 * integer for the JIT.
 */
function bucketOf(bits: number): number {
  return (bits >>> BUCKET_SHIFT) ^ (bits < 0 ? 0xffff : 0x8000);
}

function bucketCounts(bits: Int32Array): Uint32Array {
  const histogram = new Uint32Array(1 << (32 - BUCKET_SHIFT));
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i];
    if ((b & 0x7fffffff) === 0) continue;
    if ((b & 0x7f800000) === 0x7f800000) {
      throw new RangeError(
        `voxel ${i} holds a NaN or infinite intensity; intensities must be finite`,
      );
    }
    histogram[bucketOf(b)]++;
  }
  return histogram;
}

/** The bucket holding the value of 0-based rank `rank`, and the count of values below it. */
function bucketOfRank(histogram: Uint32Array, rank: number): { bucket: number; below: number } {
  let below = 0;
  let bucket = 0;
  while (below + histogram[bucket] <= rank) below += histogram[bucket++];
  return { bucket, below };
}

function valuesInBuckets(
  bits: Int32Array,
  data: Float32Array,
  first: number,
  last: number,
  histogram: Uint32Array,
): Float32Array {
  let size = 0;
  for (let b = first; b <= last; b++) size += histogram[b];
  const values = new Float32Array(size);
  let n = 0;
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i];
    if ((b & 0x7fffffff) === 0) continue;
    const bucket = bucketOf(b);
    if (bucket >= first && bucket <= last) values[n++] = data[i];
  }
  return values;
}

/**
 * Moves the k-th smallest value (0-based) to position k, smaller-or-equal values before it and
 * greater-or-equal after it (Hoare's FIND, Commun ACM 1961;4:321–322), with a median-of-three
 * pivot so that sorted and constant runs stay linear.
 */
function selectInPlace(a: Float32Array, k: number): number {
  let left = 0;
  let right = a.length - 1;
  while (right > left) {
    const pivot = medianOfThree(a[left], a[(left + right) >> 1], a[right]);
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const swap = a[i];
        a[i++] = a[j];
        a[j--] = swap;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else break;
  }
  return a[k];
}

function medianOfThree(x: number, y: number, z: number): number {
  return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
}
