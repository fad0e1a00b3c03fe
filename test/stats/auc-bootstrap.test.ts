import { test } from "node:test";
import assert from "node:assert/strict";
import { aucOfCounts, bootstrapAuc } from "../../data-loaders/stats/auc-bootstrap.ts";
import { delong } from "../../data-loaders/stats/delong.ts";
import { quantilesType7 } from "../../data-loaders/stats/quantile.ts";
import { seededRandom } from "../../data-loaders/stats/seeded-random.ts";
import { NotEstimableError } from "../../data-loaders/errors.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";

const reference = loadReference("roc");
const asah = loadReferenceCsv("aSAH");
const poor = asah.map((row) => (row.outcome === "Poor" ? 1 : 0));
const s100b = asah.map((row) => Number(row.s100b));

test("the same seed gives the same replicate AUCs; another seed gives others", () => {
  const first = bootstrapAuc(s100b, poor, "<", { replicates: 500, seed: 2024 });
  const again = bootstrapAuc(s100b, poor, "<", { replicates: 500, seed: 2024 });
  const other = bootstrapAuc(s100b, poor, "<", { replicates: 500, seed: 2025 });
  assert.deepEqual(again.aucs, first.aucs);
  assert.equal(again.ciLower, first.ciLower);
  assert.notDeepEqual(other.aucs, first.aucs);
  assert.equal(first.seed, 2024);
  assert.equal(first.replicates, 500);
  assert.equal(first.aucs.length, 500);
});

test("aSAH s100b, B = 2000: the percentile CI contains the AUC and is within 0.03 of the DeLong CI", () => {
  const result = bootstrapAuc(s100b, poor, "<", { replicates: 2000, seed: 20240601 });
  const expected = reference.predictors.s100b;
  assert.equal(result.auc, expected.auc);
  assert.ok(result.ciLower < result.auc && result.auc < result.ciUpper);
  assert.ok(Math.abs(result.ciLower - expected.delong_ci95.lower) < 0.03, `lower ${result.ciLower}`);
  assert.ok(Math.abs(result.ciUpper - expected.delong_ci95.upper) < 0.03, `upper ${result.ciUpper}`);
});

test("the CI is the type-7 2.5% and 97.5% quantiles of the replicate AUCs", () => {
  const result = bootstrapAuc(s100b, poor, "<", { replicates: 300, seed: 11 });
  assert.deepEqual([result.ciLower, result.ciUpper], quantilesType7(result.aucs, [0.025, 0.975]));
});

test("stratified: each replicate draws nCases cases then nControls controls, and its AUC is the Mann-Whitney AUC", () => {
  const scores = [0.2, 0.6, 0.4, 0.3, 0.9, 0.5, 0.5, 0.1];
  const outcomes = [0, 1, 0, 1, 1, 0, 1, 0];
  const cases = scores.filter((_, i) => outcomes[i] === 1);
  const controls = scores.filter((_, i) => outcomes[i] === 0);
  const result = bootstrapAuc(scores, outcomes, "<", { replicates: 5, seed: 99 });
  const random = seededRandom(99);
  for (let b = 0; b < 5; b++) {
    const drawnCases = cases.map(() => cases[random.integer(cases.length)]);
    const drawnControls = controls.map(() => controls[random.integer(controls.length)]);
    const y = [...drawnCases.map(() => 1), ...drawnControls.map(() => 0)];
    assert.equal(result.aucs[b], delong([...drawnCases, ...drawnControls], y, "<").auc, `replicate ${b}`);
  }
});

test('direction ">" on negated scores gives the same replicates', () => {
  const up = bootstrapAuc(s100b, poor, "<", { replicates: 200, seed: 5 });
  const down = bootstrapAuc(s100b.map((x) => -x), poor, ">", { replicates: 200, seed: 5 });
  assert.deepEqual(down.aucs, up.aucs);
});

test("all scores tied: every replicate AUC is 1/2", () => {
  const result = bootstrapAuc([1, 1, 1, 1], [0, 1, 0, 1], "<", { replicates: 50, seed: 3 });
  assert.ok(result.aucs.every((auc) => auc === 0.5));
  assert.deepEqual([result.ciLower, result.ciUpper], [0.5, 0.5]);
});

test("a single case: every replicate repeats it, and the AUCs stay in [0, 1]", () => {
  const result = bootstrapAuc([0.1, 0.5, 0.9, 0.3], [0, 1, 0, 0], "<", { replicates: 100, seed: 8 });
  assert.ok(result.aucs.every((auc) => auc >= 0 && auc <= 1));
});

test("one class only or empty input: NotEstimableError, no replicate is drawn", () => {
  assert.throws(() => bootstrapAuc([0.1, 0.2], [1, 1], "<", { seed: 1 }), (e: Error) => e instanceof NotEstimableError && /no controls/.test(e.message));
  assert.throws(() => bootstrapAuc([], [], "<", { seed: 1 }), NotEstimableError);
});

test("NaN scores, a bad replicate count and a bad seed are refused", () => {
  assert.throws(() => bootstrapAuc([0.1, NaN], [0, 1], "<", { seed: 1 }), /not finite/);
  assert.throws(() => bootstrapAuc([0.1, 0.2], [0, 1], "<", { seed: 1, replicates: 0 }), /positive integer/);
  assert.throws(() => bootstrapAuc([0.1, 0.2], [0, 1], "<", { seed: 0 }), /seed/);
});

test("aucOfCounts: half-pairs over ascending levels give the Mann-Whitney AUC", () => {
  // Levels low to high: 1 control; 1 case + 1 control (a tie); 1 case. Pairs won: 1 + 1/2 + 2.
  assert.equal(aucOfCounts([0, 1, 1], [1, 1, 0]), (1 + 0.5 + 2) / 4);
});
