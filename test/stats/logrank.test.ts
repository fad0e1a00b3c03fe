import { test } from "node:test";
import assert from "node:assert/strict";
import {
  chiSquareUpperTail,
  logrankTest,
  logrankTrendTest,
} from "../../data-loaders/stats/logrank.ts";
import { quantileRiskGroups } from "../../data-loaders/stats/risk-groups.ts";
import { assertAllClose, assertClose, CLOSED_FORM } from "../assert-close.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";

const reference = loadReference("survival");
const TIGHT = 1e-12;
const LEVELS = ["Low", "Intermediate", "High"];

function gbsg() {
  const rows = loadReferenceCsv("gbsg_validation");
  return {
    time: rows.map((r) => Number(r.rfstime)),
    event: rows.map((r) => Number(r.status)),
    groups: quantileRiskGroups(rows.map((r) => Number(r.lp))).groups,
  };
}

function compareLogrank(result: ReturnType<typeof logrankTest>, expected: any, what: string): void {
  assert.deepEqual(result.levels, expected.groups, `${what} levels`);
  assert.deepEqual(result.n, expected.n, `${what} n`);
  assert.deepEqual(result.observed, expected.observed, `${what} observed`);
  assert.equal(result.df, expected.df, `${what} df`);
  assertAllClose(result.expected, expected.expected, TIGHT, `${what} expected`);
  result.varianceMatrix.forEach((row, k) => {
    assertAllClose(row, expected.variance_matrix[k], TIGHT, `${what} V[${k}]`);
  });
  assertClose(result.chisq, expected.chisq, TIGHT, `${what} chisq`);
  // Relative comparison: the p-value is far below 1, so scale the tolerance to its size.
  assertClose(result.pValue! / expected.p_value, 1, 1e-12, `${what} p (ratio to R)`);
}

test("GBSG tertile log-rank equals survdiff: chisq 89.4579, 2 df, p 3.75e-20, O, E, V (1e-12)", () => {
  const { time, event, groups } = gbsg();
  compareLogrank(logrankTest(time, event, groups, LEVELS), reference.risk_groups.logrank, "GBSG");
});

test("GBSG log-rank trend test with scores 1/2/3: U, wᵀVw, chisq 84.044 on 1 df (1e-12)", () => {
  const { time, event, groups } = gbsg();
  const expected = reference.risk_groups.logrank.trend_test;
  const trend = logrankTrendTest(time, event, groups, LEVELS, expected.scores);
  assert.deepEqual(trend.scores, expected.scores);
  assert.equal(trend.df, expected.df);
  assertClose(trend.U, expected.U, TIGHT, "U");
  assertClose(trend.variance, expected.variance, TIGHT, "variance");
  assertClose(trend.chisq, expected.chisq, TIGHT, "chisq");
  assertClose(trend.pValue! / expected.p_value, 1, 1e-12, "p (ratio to R)");
});

test("lung log-rank by sex (Male first, status 2 = dead recoded) equals survdiff (1e-12)", () => {
  const rows = loadReferenceCsv("lung");
  const result = logrankTest(
    rows.map((r) => Number(r.time)),
    rows.map((r) => Number(r.status) - 1),
    rows.map((r) => (r.sex === "1" ? "Male" : "Female")),
    ["Male", "Female"],
  );
  compareLogrank(result, reference.second_case.logrank, "lung");
});

test("two groups by hand: chisq = (O − E)² / V = 49/17 for events at 1, 2 (A), 3, 4 (B)", () => {
  const result = logrankTest([1, 2, 3, 4], [1, 1, 1, 1], ["A", "A", "B", "B"], ["A", "B"]);
  // E_A = 2/4 + 1/3; V = 1·3/(16·3)·2·2 + 1·2/(9·2)·1·2; the last event (n = 1) adds 0.
  assertClose(result.expected[0], 1 / 2 + 1 / 3, CLOSED_FORM, "E_A");
  assertClose(result.varianceMatrix[0][0], 1 / 4 + 2 / 9, CLOSED_FORM, "V");
  assertClose(result.chisq, 49 / 17, CLOSED_FORM, "chisq");
});

test("chi-square upper tail keeps full precision far in the tail and is 1 at 0", () => {
  assert.equal(chiSquareUpperTail(0, 2), 1);
  assertClose(chiSquareUpperTail(2, 2), Math.exp(-1), CLOSED_FORM, "Q(1, 1) = e^-1");
  assertClose(chiSquareUpperTail(200, 2) / Math.exp(-100), 1, 1e-12, "exp(-100) ratio");
  assert.throws(() => chiSquareUpperTail(NaN, 1), /chi-square/);
});

test("empty input and no events: not estimable, df 0, with a reason", () => {
  const empty = logrankTest([], [], [], ["A", "B"]);
  assert.deepEqual([empty.chisq, empty.pValue, empty.df, empty.n], [null, null, 0, [0, 0]]);
  const allCensored = logrankTest([1, 2, 3], [0, 0, 0], ["A", "B", "B"], ["A", "B"]);
  assert.equal(allCensored.chisq, null);
  assert.match(allCensored.notEstimableReason ?? "", /no events/);
  const trend = logrankTrendTest([1, 2, 3], [0, 0, 0], ["A", "B", "B"], ["A", "B"], [1, 2]);
  assert.equal(trend.chisq, null);
});

test("one group only or an empty level: that level has E = 0 and is left out of df", () => {
  const one = logrankTest([1, 2, 3], [1, 0, 1], ["A", "A", "A"], ["A", "B"]);
  assert.equal(one.chisq, null);
  assert.match(one.notEstimableReason ?? "", /only "A"/);
  const levels = ["A", "Empty", "B"];
  const withEmpty = logrankTest([1, 2, 3, 4], [1, 1, 1, 1], ["A", "A", "B", "B"], levels);
  assert.deepEqual([withEmpty.df, withEmpty.n], [1, [2, 0, 2]]);
  assertClose(withEmpty.chisq, 49 / 17, CLOSED_FORM, "chisq with an empty level");
});

test("all times tied: a single event time still gives the hypergeometric statistic", () => {
  const result = logrankTest([5, 5, 5, 5], [1, 1, 0, 0], ["A", "A", "B", "B"], ["A", "B"]);
  // n = 4, d = 2, n_A = 2: E_A = 1, V = 2·2/(16·3)·2·2 = 1/3, chisq = 1/(1/3) = 3.
  assertClose(result.chisq, 3, CLOSED_FORM, "chisq");
});

test("refuses NaN times, events other than 0/1, and unknown group labels", () => {
  assert.throws(() => logrankTest([NaN], [1], ["A"], ["A"]), /time must be >= 0; row 1 has NaN/);
  assert.throws(() => logrankTest([1], [2], ["A"], ["A"]), /event must be 0/);
  assert.throws(() => logrankTest([1], [1], ["C"], ["A", "B"]), /not in the level order/);
  assert.throws(() => logrankTrendTest([1], [1], ["A"], ["A"], [NaN]), /finite score/);
});
