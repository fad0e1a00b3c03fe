import { test } from "node:test";
import assert from "node:assert/strict";
import { pairedDelong } from "../../data-loaders/stats/paired-delong.ts";
import { delong } from "../../data-loaders/stats/delong.ts";
import { NotEstimableError } from "../../data-loaders/errors.ts";
import { assertClose } from "../assert-close.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";

const EXACT = 1e-12;
const reference = loadReference("roc");
const asah = loadReferenceCsv("aSAH");
const poor = asah.map((row) => (row.outcome === "Poor" ? 1 : 0));
const predictor = (name: string) => asah.map((row) => Number(row[name]));

for (const expected of reference.paired_delong_tests) {
  const label = `${expected.roc1} vs ${expected.roc2}`;
  test(`${label}: AUCs, difference, cov12, z, two-sided p and unclipped CI equal roc.test(paired, delong)`, () => {
    const result = pairedDelong(predictor(expected.roc1), predictor(expected.roc2), poor, "<", "<");
    assertClose(result.aucA, expected.auc1, EXACT, `${label} auc1`);
    assertClose(result.aucB, expected.auc2, EXACT, `${label} auc2`);
    assertClose(result.difference, expected.auc_difference, EXACT, `${label} difference`);
    assertClose(result.covariance, expected.delong_covariance_auc1_auc2, EXACT, `${label} cov12`);
    assertClose(result.z, expected.z, EXACT, `${label} z`);
    assertClose(result.pValue, expected.p_value, EXACT, `${label} p`);
    assertClose(result.ciLower, expected.difference_ci95.lower, EXACT, `${label} ciLower`);
    assertClose(result.ciUpper, expected.difference_ci95.upper, EXACT, `${label} ciUpper`);
    assert.equal(result.notEstimableReason, null);
  });
}

test("the variances are each score's own DeLong variance, and the SE is sqrt(varA + varB - 2 cov)", () => {
  const result = pairedDelong(predictor("s100b"), predictor("wfns"), poor, "<", "<");
  assert.equal(result.varianceA, delong(predictor("s100b"), poor, "<").variance);
  assert.equal(result.varianceB, delong(predictor("wfns"), poor, "<").variance);
  assertClose(result.standardError, Math.sqrt(result.varianceA + result.varianceB - 2 * result.covariance), EXACT, "se");
});

test("swapping the two scores negates the difference and z and keeps p", () => {
  const ab = pairedDelong(predictor("s100b"), predictor("ndka"), poor, "<", "<");
  const ba = pairedDelong(predictor("ndka"), predictor("s100b"), poor, "<", "<");
  assert.equal(ba.difference, -ab.difference);
  assert.equal(ba.z, -(ab.z as number));
  assert.equal(ba.pValue, ab.pValue);
});

test("each score keeps its own direction: a negated score with \">\" gives the same test", () => {
  const plain = pairedDelong(predictor("s100b"), predictor("ndka"), poor, "<", "<");
  const mirrored = pairedDelong(predictor("s100b"), predictor("ndka").map((x) => -x), poor, "<", ">");
  assert.equal(mirrored.z, plain.z);
  assert.equal(mirrored.covariance, plain.covariance);
});

test("a score compared with itself: difference 0, zero variance, z and p not estimable", () => {
  const scores = predictor("s100b");
  const result = pairedDelong(scores, scores, poor, "<", "<");
  assert.equal(result.difference, 0);
  assert.equal(result.standardError, 0);
  assert.equal(result.z, null);
  assert.equal(result.pValue, null);
  assert.match(result.notEstimableReason ?? "", /zero DeLong variance/);
});

test("all scores tied in both: AUCs 1/2, no test", () => {
  const result = pairedDelong([1, 1, 1, 1], [2, 2, 2, 2], [0, 1, 0, 1], "<", "<");
  assert.equal(result.aucA, 0.5);
  assert.equal(result.z, null);
});

test("one class only, empty input, or a single case: NotEstimableError", () => {
  assert.throws(() => pairedDelong([1, 2], [2, 1], [1, 1], "<", "<"), /no controls/);
  assert.throws(() => pairedDelong([], [], [], "<", "<"), NotEstimableError);
  assert.throws(() => pairedDelong([1, 2, 3], [3, 2, 1], [0, 0, 1], "<", "<"), /at least 2 cases and 2 controls/);
});

test("NaN scores, unequal lengths and unknown directions are refused", () => {
  assert.throws(() => pairedDelong([1, NaN, 3, 4], [1, 2, 3, 4], [0, 0, 1, 1], "<", "<"), /1 of 4 scores is not finite/);
  assert.throws(() => pairedDelong([1, 2, 3, 4], [1, 2, 3], [0, 0, 1, 1], "<", "<"), /differ in length/);
  assert.throws(() => pairedDelong([1, 2, 3, 4], [1, 2, 3, 4], [0, 0, 1, 1], "<", "auto" as "<"), /direction/);
});
