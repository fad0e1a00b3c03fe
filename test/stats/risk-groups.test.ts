import { test } from "node:test";
import assert from "node:assert/strict";
import { quantileRiskGroups, thresholdRiskGroups } from "../../data-loaders/stats/risk-groups.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";

const reference = loadReference("survival");

test("GBSG lp tertiles: R's type-7 cut points bit for bit, right-closed groups of 229/228/229", () => {
  const lp = loadReferenceCsv("gbsg_validation").map((r) => Number(r.lp));
  const { cutPoints, groups, counts } = quantileRiskGroups(lp);
  const expected = reference.meta.risk_groups;
  const cuts = expected.cut_points_quantile_type7;
  assert.deepEqual(cutPoints, [cuts.q1_3, cuts.q2_3]);
  const labels = ["Low", "Intermediate", "High"];
  assert.deepEqual(counts, labels.map((label) => ({ label, count: expected.n_per_group[label] })));
  assert.equal(groups.length, 686);
  assert.deepEqual(reference.risk_groups.logrank.n, [229, 228, 229]);
});

test("quantile groups are right-closed: a score equal to a cut point joins the lower group", () => {
  const { cutPoints, groups } = quantileRiskGroups([1, 2, 3, 4, 5, 6, 7], [0.5], ["Low", "High"]);
  assert.deepEqual(cutPoints, [4]);
  assert.deepEqual(groups, ["Low", "Low", "Low", "Low", "High", "High", "High"]);
});

test("all scores tied: everyone is in the lowest group (cut points equal the common value)", () => {
  const { counts } = quantileRiskGroups([2, 2, 2, 2]);
  assert.deepEqual(counts.map((c) => c.count), [4, 0, 0]);
});

test("threshold groups: high risk when score >= threshold", () => {
  const { groups, counts, cutPoints } = thresholdRiskGroups([0.1, 0.5, 0.9, 0.49999], 0.5);
  assert.deepEqual(groups, ["Low", "High", "High", "Low"]);
  assert.deepEqual(counts, [{ label: "Low", count: 2 }, { label: "High", count: 2 }]);
  assert.deepEqual(cutPoints, [0.5]);
  assert.deepEqual(thresholdRiskGroups([], 0.5).groups, []);
});

test("refuses empty or non-finite scores, bad probabilities and label counts", () => {
  assert.throws(() => quantileRiskGroups([]), /empty/);
  assert.throws(() => quantileRiskGroups([1, NaN, 3]), /finite/);
  const message = /risk score must be finite; row 2 has Infinity/;
  assert.throws(() => thresholdRiskGroups([1, Infinity], 0.5), message);
  assert.throws(() => thresholdRiskGroups([1], NaN), /threshold must be finite/);
  assert.throws(() => quantileRiskGroups([1, 2], [0.6, 0.3]), /increase strictly/);
  assert.throws(() => quantileRiskGroups([1, 2], [0.5], ["A", "B", "C"]), /expected 2 distinct/);
});
