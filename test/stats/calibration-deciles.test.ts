import { test } from "node:test";
import assert from "node:assert/strict";
import { calibrationDeciles } from "../../data-loaders/stats/calibration-deciles.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";
import { assertClose } from "../assert-close.ts";

const table = loadReference("calibration").decile_table;
const rows = loadReferenceCsv("gbsg_validation").filter((row) => row.y !== "");
const p = rows.map((row) => Number(row.p));
const y = rows.map((row) => Number(row.y));

test("GBSG decile table: type-7 breaks, [b0, b1] then (b_k-1, b_k], counts exact, means and CP CIs to 1e-12", () => {
  const result = calibrationDeciles(p, y);
  assert.equal(result.bins.length, table.n_bins);
  assert.deepEqual(result.omittedBins, []);
  table.bins.forEach((expected: any, k: number) => {
    const bin = result.bins[k];
    const what = `bin ${expected.bin}`;
    assert.equal(bin.bin, expected.bin, what);
    assert.equal(bin.n, expected.n, `${what} n`);
    assert.equal(bin.observedEvents, expected.observed_events, `${what} events`);
    assertClose(bin.lowerBreak, expected.lower_break, 1e-12, `${what} lower break`);
    assertClose(bin.upperBreak, expected.upper_break, 1e-12, `${what} upper break`);
    assertClose(bin.meanPredicted, expected.mean_predicted, 1e-12, `${what} mean predicted`);
    assertClose(bin.observedProportion, expected.observed_proportion, 1e-12, `${what} proportion`);
    assertClose(bin.ciLower, expected.clopper_pearson_95.lower, 1e-12, `${what} CI lower`);
    assertClose(bin.ciUpper, expected.clopper_pearson_95.upper, 1e-12, `${what} CI upper`);
  });
  assert.equal(result.bins.reduce((total, bin) => total + bin.n, 0), 406);
});

test("a risk equal to the lowest break is in bin 1 (closed left end); later bins are closed on the right", () => {
  const result = calibrationDeciles([0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1], { groups: 2 });
  assert.deepEqual(result.breaks, [0.1, 0.25, 0.4]);
  const summary = result.bins.map((bin) => [bin.bin, bin.n, bin.observedEvents]);
  assert.deepEqual(summary, [[1, 2, 0], [2, 2, 2]]);
});

test("Clopper-Pearson ends: lower 0 with no events, upper 1 with all events, the other end closed form", () => {
  const [none, all] = calibrationDeciles([0.1, 0.2, 0.3, 0.4], [0, 0, 1, 1], { groups: 2 }).bins;
  assert.equal(none.ciLower, 0);
  assertClose(none.ciUpper, 1 - 0.025 ** (1 / 2), 1e-12, "upper with x = 0: 1 - (alpha/2)^(1/n)");
  assert.equal(all.ciUpper, 1);
  assertClose(all.ciLower, 0.025 ** (1 / 2), 1e-12, "lower with x = n: (alpha/2)^(1/n)");
});

test("many tied risks (duplicate breaks, where R's cut stops): empty bins are omitted, every patient counted once", () => {
  const tied = [0.3, 0.3, 0.3, 0.3, 0.3, 0.3, 0.5, 0.7];
  const result = calibrationDeciles(tied, [0, 0, 1, 1, 0, 1, 1, 1]);
  assert.deepEqual(result.bins.map((bin) => [bin.bin, bin.n]), [[1, 6], [9, 1], [10, 1]]);
  assert.deepEqual(result.omittedBins, [2, 3, 4, 5, 6, 7, 8]);
  assert.equal(result.bins[0].observedProportion, 0.5);
});

test("all risks tied: one bin holds everyone; one outcome class: proportions 0 or 1 with valid CIs", () => {
  const tied = calibrationDeciles([0.4, 0.4, 0.4], [1, 0, 1]);
  assert.deepEqual(tied.bins.map((bin) => bin.n), [3]);
  const events = calibrationDeciles([0.9, 0.8, 0.7], [1, 1, 1], { groups: 3 });
  assert.ok(events.bins.every((bin) => bin.observedProportion === 1 && bin.ciUpper === 1));
});

test("no patients: no bins and a reason", () => {
  const result = calibrationDeciles([], []);
  assert.deepEqual(result.bins, []);
  assert.match(result.notEstimableReason!, /no patients/);
});

test("NaN, infinite or out-of-range risks, bad outcomes and a bad group count are refused", () => {
  assert.throws(() => calibrationDeciles([0.1, NaN], [0, 1]), /NaN or infinite \(position 2\)/);
  assert.throws(() => calibrationDeciles([0.1, 2], [0, 1]), /outside \[0, 1\]/);
  assert.throws(() => calibrationDeciles([0.1, 0.2], [0, 5]), /not 0 or 1/);
  assert.throws(() => calibrationDeciles([0.1, 0.2], [0, 1], { groups: 0 }), /groups/);
});
