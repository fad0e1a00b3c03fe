import { test } from "node:test";
import assert from "node:assert/strict";
import { quantilesType7, quantileType7 } from "../../data-loaders/stats/quantile.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";

test("type-7 quantile interpolates between order statistics: median of 1..4 is 2.5", () => {
  assert.equal(quantileType7([4, 1, 3, 2], 0.5), 2.5);
  assert.equal(quantileType7([7], 0.3), 7);
  assert.equal(quantileType7([1, 2, 3], 0), 1);
  assert.equal(quantileType7([1, 2, 3], 1), 3);
});

test("type-7 tertile cut points of the GBSG linear predictor equal R's bit for bit", () => {
  const survival = loadReference("survival");
  const cuts = survival.meta.risk_groups.cut_points_quantile_type7;
  const lp = loadReferenceCsv("gbsg_validation").map((row) => Number(row.lp));
  const [q1, q2] = quantilesType7(lp, [1 / 3, 2 / 3]);
  const expected = Object.values(cuts).filter((v) => typeof v === "number") as number[];
  assert.deepEqual([q1, q2], expected.slice(0, 2));
});

test("quantile refuses empty input and non-finite values", () => {
  assert.throws(() => quantileType7([], 0.5), /empty/);
  assert.throws(() => quantileType7([1, NaN], 0.5), /finite/);
});
