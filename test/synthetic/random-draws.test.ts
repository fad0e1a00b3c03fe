import { test } from "node:test";
import assert from "node:assert/strict";
import { draws, streamSeed } from "../../data-loaders/synthetic/random-draws.ts";

test("streamSeed: the same seed and name give the same stream seed; other names or seeds differ", () => {
  assert.equal(streamSeed(20260501, "ncc/record/0"), streamSeed(20260501, "ncc/record/0"));
  const seeds = new Set<number>();
  for (let i = 0; i < 1000; i++) seeds.add(streamSeed(20260501, `ncc/record/${i}`));
  for (let seed = 1; seed <= 100; seed++) seeds.add(streamSeed(seed, "ncc/record/0"));
  assert.equal(seeds.size, 1100, "no two of 1100 names or seeds collide");
  for (const seed of seeds) assert.ok(Number.isInteger(seed) && seed >= 1 && seed <= 0xffffffff);
});

test("draws: one seed gives one sequence, across every kind of draw", () => {
  const sequence = (seed: number) => {
    const d = draws(seed);
    const numbers = [d.uniform(), d.normal(), d.normal(), d.exponential(2), d.poisson(1.5)];
    return [...numbers, d.choice(["a", "b", "c"]), d.between(3, 4)];
  };
  assert.deepEqual(sequence(7), sequence(7));
  assert.notDeepEqual(sequence(7), sequence(8));
});

test("draws: sample moments match the distributions (normal 0/1, exponential 1/rate, Poisson λ)", () => {
  const d = draws(99);
  const n = 40000;
  const mean = (f: () => number) => {
    let sum = 0;
    let squares = 0;
    for (let i = 0; i < n; i++) {
      const x = f();
      sum += x;
      squares += x * x;
    }
    return { mean: sum / n, variance: squares / n - (sum / n) ** 2 };
  };
  const normal = mean(d.normal);
  assert.ok(Math.abs(normal.mean) < 0.02, JSON.stringify(normal));
  assert.ok(Math.abs(normal.variance - 1) < 0.03, JSON.stringify(normal));
  const exponential = mean(() => d.exponential(0.5));
  assert.ok(Math.abs(exponential.mean - 2) < 0.05, JSON.stringify(exponential));
  const poisson = mean(() => d.poisson(1.3));
  assert.ok(Math.abs(poisson.mean - 1.3) < 0.03, JSON.stringify(poisson));
  assert.ok(Math.abs(poisson.variance - 1.3) < 0.05, JSON.stringify(poisson));
});

test("choice follows its weights; a zero weight is never chosen", () => {
  const d = draws(3);
  const counts = { a: 0, b: 0, c: 0 };
  for (let i = 0; i < 30000; i++) counts[d.choice(["a", "b", "c"] as const, [1, 0, 3])]++;
  assert.equal(counts.b, 0);
  assert.ok(Math.abs(counts.c / 30000 - 0.75) < 0.015, JSON.stringify(counts));
});

test("a seed outside [1, 2^32 − 1] is refused", () => {
  assert.throws(() => draws(0), RangeError);
  assert.throws(() => draws(1.5), RangeError);
});
