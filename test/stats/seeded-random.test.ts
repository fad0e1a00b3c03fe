import { test } from "node:test";
import assert from "node:assert/strict";
import { seededRandom } from "../../data-loaders/stats/seeded-random.ts";

test("the same seed gives the same stream; another seed gives another", () => {
  const a = seededRandom(2026);
  const b = seededRandom(2026);
  const c = seededRandom(2027);
  const first = Array.from({ length: 5 }, () => a.uniform());
  assert.deepEqual(first, Array.from({ length: 5 }, () => b.uniform()));
  assert.notDeepEqual(first, Array.from({ length: 5 }, () => c.uniform()));
  for (const u of first) assert.ok(u >= 0 && u < 1);
});

test("integer(n) stays in [0, n) and reaches both ends", () => {
  const random = seededRandom(7);
  const seen = new Set<number>();
  for (let i = 0; i < 1000; i++) seen.add(random.integer(4));
  assert.deepEqual([...seen].sort(), [0, 1, 2, 3]);
});

test("a seed that is not a positive 32-bit integer is refused", () => {
  assert.throws(() => seededRandom(0), /seed/);
  assert.throws(() => seededRandom(1.5), /seed/);
});
