import assert from "node:assert/strict";

/**
 * Asserts |actual - expected| <= tolerance * max(1, |expected|) (relative above 1, absolute
 * below), and prints both values and the tolerance on failure. Reference values stored as the
 * strings "NA", "NaN", "Inf" and "-Inf" (R's special values) are compared by meaning:
 * "NA" and "NaN" expect NaN or null, the infinities expect the matching infinity.
 */
export function assertClose(
  actual: number | null | undefined,
  expected: number | string | null,
  tolerance: number,
  what: string,
): void {
  if (expected === "NA" || expected === "NaN" || expected === null) {
    assert.ok(
      actual === null || actual === undefined || Number.isNaN(actual),
      `${what}: expected not estimable (${expected}), got ${actual}`,
    );
    return;
  }
  const target = expected === "Inf" ? Infinity : expected === "-Inf" ? -Infinity : Number(expected);
  assert.equal(typeof actual, "number", `${what}: expected a number near ${target}, got ${actual}`);
  const value = actual as number;
  if (!Number.isFinite(target)) {
    assert.equal(value, target, `${what}: expected ${target}, got ${value}`);
    return;
  }
  const error = Math.abs(value - target);
  const allowed = tolerance * Math.max(1, Math.abs(target));
  assert.ok(
    error <= allowed,
    `${what}: got ${value}, expected ${target} (difference ${error.toExponential(3)} > tolerance ${allowed.toExponential(3)})`,
  );
}

/** assertClose over two arrays of the same length. */
export function assertAllClose(
  actual: ArrayLike<number | null>,
  expected: ArrayLike<number | string | null>,
  tolerance: number,
  what: string,
): void {
  assert.equal(actual.length, expected.length, `${what}: length ${actual.length}, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    assertClose(actual[i], expected[i], tolerance, `${what}[${i}]`);
  }
}

/** Tolerances used across the reference tests (see test/golden/reference/README.md). */
export const CLOSED_FORM = 1e-9;
export const ITERATIVE = 1e-6;
