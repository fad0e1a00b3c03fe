import { test } from "node:test";
import assert from "node:assert/strict";
import { aucHeterogeneity } from "../../data-loaders/stats/auc-heterogeneity.ts";
import { assertClose } from "../assert-close.ts";

test("Cochran's Q of two equally precise AUCs 0.7 and 0.8 is 0.5 on 1 df", () => {
  // Pooled 0.75; Q = 100·0.05² + 100·0.05² = 0.5; P(χ²₁ > 0.5) = 2(1 − Φ(√0.5)).
  const result = aucHeterogeneity([{ auc: 0.7, variance: 0.01 }, { auc: 0.8, variance: 0.01 }]);
  assertClose(result.q, 0.5, 1e-12, "Q");
  assert.equal(result.df, 1);
  assertClose(result.pValue, 0.4795001221869535, 1e-12, "p");
});

test("levels that are not estimable are left out and counted", () => {
  const result = aucHeterogeneity([
    { auc: 0.6, variance: 0.004 },
    { auc: null, variance: null },
    { auc: 0.9, variance: 0.002 },
    { auc: 1, variance: 0 },
  ]);
  assert.equal(result.levelsUsed, 2);
  assert.equal(result.levelsLeftOut, 2);
  // Weights 250 and 500, pooled (150 + 450)/750 = 0.8, Q = 250·0.04 + 500·0.01 = 15.
  assertClose(result.q, 15, 1e-12, "Q");
});

test("fewer than two estimable levels: not estimable, with a reason", () => {
  const result = aucHeterogeneity([{ auc: 0.7, variance: 0.01 }]);
  assert.equal(result.q, null);
  assert.match(String(result.notEstimableReason), /fewer than two/);
});

test("identical AUCs give Q = 0 and p = 1", () => {
  const result = aucHeterogeneity([{ auc: 0.75, variance: 0.01 }, { auc: 0.75, variance: 0.02 }, { auc: 0.75, variance: 0.03 }]);
  assert.equal(result.q, 0);
  assert.equal(result.df, 2);
  assertClose(result.pValue, 1, 1e-12, "p");
});
