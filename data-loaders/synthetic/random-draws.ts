/**
 * Draws from common distributions on top of the engine's seeded Mersenne Twister, so every
 * synthetic value traces back to one study seed. Each part of the generator takes its own
 * stream (`streamSeed(seed, "ncc/clinical")`), so changing how one part draws leaves the
 * others' values unchanged.
 */
import { seededRandom, type SeededRandom } from "../stats/seeded-random.ts";

export interface Draws extends SeededRandom {
  /** Standard normal, by the Box–Muller transform (Box GEP, Muller ME. Ann Math Stat 1958). */
  normal(): number;
  /** True with probability p. */
  bernoulli(p: number): boolean;
  /** Exponential with the given rate, by inversion. */
  exponential(rate: number): number;
  /** Poisson count with mean λ, by multiplying uniforms (Knuth's method; fine for small λ). */
  poisson(lambda: number): number;
  /** One of `values`, chosen with probability proportional to `weights`. */
  choice<T>(values: readonly T[], weights?: readonly number[]): T;
  /** A uniform double in [low, high). */
  between(low: number, high: number): number;
}

/**
 * A seed for one named stream: FNV-1a over the name, mixed with the study seed by a 32-bit
 * integer finaliser, mapped into [1, 2^32 − 1] as seededRandom requires.
 * @example streamSeed(20260501, "ncc/clinical") // 3780370687
 */
export function streamSeed(seed: number, name: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < name.length; i++) hash = Math.imul(hash ^ name.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  hash = (hash ^ (hash >>> 16)) >>> 0;
  return hash === 0 ? 1 : hash;
}

/**
 * @throws RangeError for a seed outside [1, 2^32 − 1] (from seededRandom).
 * @example draws(streamSeed(7, "x")).choice(["a", "b"], [0, 1]) // "b"
 */
export function draws(seed: number): Draws {
  const random = seededRandom(seed);
  const { uniform } = random;
  let spare: number | null = null;
  const normal = () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    // 1 − u keeps the logarithm's argument in (0, 1].
    const radius = Math.sqrt(-2 * Math.log(1 - uniform()));
    const angle = 2 * Math.PI * uniform();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
  const choice = <T>(values: readonly T[], weights?: readonly number[]): T => {
    const w = weights ?? values.map(() => 1);
    let target = uniform() * w.reduce((a, b) => a + b, 0);
    for (let i = 0; i < values.length; i++) {
      target -= w[i];
      if (target < 0) return values[i];
    }
    return values[values.length - 1];
  };
  const poisson = (lambda: number) => {
    const limit = Math.exp(-lambda);
    let count = 0;
    for (let product = uniform(); product > limit; product *= uniform()) count++;
    return count;
  };
  return {
    ...random,
    normal,
    bernoulli: (p) => uniform() < p,
    exponential: (rate) => -Math.log(1 - uniform()) / rate,
    poisson,
    choice,
    between: (low, high) => low + (high - low) * uniform(),
  };
}
