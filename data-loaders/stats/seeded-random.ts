/**
 * The one source of randomness in the engine: the 32-bit Mersenne Twister (Matsumoto &
 * Nishimura, ACM TOMACS 1998;8:3–30) from @stdlib, seeded explicitly so every resampling
 * result can be reproduced from the seed printed in the report.
 */
import mt19937Module from "@stdlib/random-base-mt19937";

const mt19937 = mt19937Module as unknown as {
  factory(options: { seed: number }): { normalized(): number };
};

export interface SeededRandom {
  /** The seed this generator started from (shown in the report and in Arrow metadata). */
  readonly seed: number;
  /** A uniform double in [0, 1). */
  uniform(): number;
  /** A uniform integer in [0, n). */
  integer(n: number): number;
}

/**
 * @throws RangeError unless the seed is an integer in [1, 2^32 - 1].
 * @example seededRandom(42).integer(10) // the same value on every run
 */
export function seededRandom(seed: number): SeededRandom {
  if (!Number.isInteger(seed) || seed < 1 || seed > 0xffffffff) {
    throw new RangeError(`the resampling seed must be an integer from 1 to 4294967295, got ${seed}`);
  }
  const generator = mt19937.factory({ seed });
  return {
    seed,
    uniform: () => generator.normalized(),
    integer: (n: number) => Math.floor(generator.normalized() * n),
  };
}
