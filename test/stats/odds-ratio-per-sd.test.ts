import { test } from "node:test";
import assert from "node:assert/strict";
import {
  oddsRatioPerStandardDeviation,
  sampleStandardDeviation,
} from "../../data-loaders/stats/odds-ratio-per-sd.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";
import { assertClose, ITERATIVE } from "../assert-close.ts";

const subgroups = loadReference("subgroups");
const rows = loadReferenceCsv("gbsg_validation").filter((row) => row.y !== "");

function subgroupRows(variable: string, level: string) {
  return variable === "overall" ? rows : rows.filter((row) => row[variable] === level);
}

function assertOddsRatio(
  actual: ReturnType<typeof oddsRatioPerStandardDeviation>,
  expected: any,
  what: string,
) {
  assertClose(actual.logOddsRatio, expected.log_or, ITERATIVE, `${what} log OR`);
  assertClose(actual.standardError, expected.se, ITERATIVE, `${what} SE`);
  assertClose(actual.oddsRatio, expected.or, ITERATIVE, `${what} OR`);
  assertClose(actual.ciLower, expected.or_ci95_wald.lower, ITERATIVE, `${what} CI lower`);
  assertClose(actual.ciUpper, expected.or_ci95_wald.upper, ITERATIVE, `${what} CI upper`);
  // Relative, since the p-values run down to 1e-10.
  assertClose(actual.pValue! / expected.wald_p, 1, ITERATIVE, `${what} Wald p (ratio to R)`);
}

test("overall SD of lp is R's sd() (n - 1 denominator) to 1e-12", () => {
  const lp = rows.map((row) => Number(row.lp));
  assertClose(sampleStandardDeviation(lp), subgroups.meta.overall_sd_of_lp, 1e-12, "sd(lp)");
});

test("every non-empty subgroup: OR per overall SD and per own SD of lp equal glm(y ~ I(lp / sd)), Wald CI and p", () => {
  const overallSd = subgroups.meta.overall_sd_of_lp;
  let compared = 0;
  for (const expected of subgroups.rows) {
    const what = `${expected.variable} = ${expected.level}`;
    const members = subgroupRows(expected.variable, expected.level);
    assert.equal(members.length, expected.n, `${what} n`);
    if (expected.n === 0) continue;
    const lp = members.map((row) => Number(row.lp));
    const y = members.map((row) => Number(row.y));
    assert.equal(y.filter((v) => v === 1).length, expected.n_events, `${what} events`);
    const ownSd = sampleStandardDeviation(lp)!;
    assertClose(ownSd, expected.subgroup_sd_of_lp, 1e-12, `${what} subgroup SD`);
    const perOverallSd = oddsRatioPerStandardDeviation(lp, y, overallSd);
    const perOwnSd = oddsRatioPerStandardDeviation(lp, y, ownSd);
    assertOddsRatio(perOverallSd, expected.or_per_overall_sd_of_lp, `${what} (overall SD)`);
    assertOddsRatio(perOwnSd, expected.or_per_subgroup_sd_of_lp, `${what} (own SD)`);
    compared++;
  }
  assert.equal(compared, 13);
});

test("empty subgroup (nodes_group = 0, node-positive cohort) is not estimable with a reason", () => {
  const result = oddsRatioPerStandardDeviation([], [], subgroups.meta.overall_sd_of_lp);
  assert.equal(result.n, 0);
  assert.equal(result.oddsRatio, null);
  assert.match(result.notEstimableReason!, /no patients/);
});

test("one outcome class or a single separated event: not estimable; all lp tied: not estimable", () => {
  const reason = (lp: number[], y: number[]) =>
    oddsRatioPerStandardDeviation(lp, y, 1).notEstimableReason;
  assert.match(reason([0.1, 0.5, 0.9], [1, 1, 1])!, /no non-events/);
  assert.match(reason([0.1, 0.5, 0.9], [0, 0, 1])!, /separated/);
  assert.match(reason([0.4, 0.4, 0.4], [0, 1, 0])!, /collinear/);
});

test("the OR per SD is exp(slope) and rescales with the SD: OR per 2 units = (OR per unit)^2", () => {
  const lp = [1, 2, 3, 4, 5, 6];
  const y = [0, 1, 0, 0, 1, 1];
  const perUnit = oddsRatioPerStandardDeviation(lp, y, 1);
  const perTwo = oddsRatioPerStandardDeviation(lp, y, 2);
  assertClose(perUnit.oddsRatio, Math.exp(perUnit.logOddsRatio!), 1e-15, "exp(log OR)");
  assertClose(perTwo.oddsRatio, perUnit.oddsRatio! ** 2, 1e-9, "per 2 units");
  assertClose(perTwo.pValue, perUnit.pValue, 1e-9, "the Wald p does not depend on the scale");
});

test("sample SD: sqrt(5/3) for 1..4, null below two values", () => {
  assertClose(sampleStandardDeviation([1, 2, 3, 4]), Math.sqrt(5 / 3), 1e-15, "sd(1:4)");
  assert.equal(sampleStandardDeviation([3]), null);
  assert.equal(sampleStandardDeviation([]), null);
});

test("NaN or infinite lp, bad outcomes and an SD that is not finite and positive are refused", () => {
  assert.throws(
    () => oddsRatioPerStandardDeviation([1, NaN], [0, 1], 1),
    /lp: 1 value is NaN or infinite \(position 2\)/,
  );
  assert.throws(() => oddsRatioPerStandardDeviation([1, 2], [0, 0.5], 1), /not 0 or 1/);
  assert.throws(() => oddsRatioPerStandardDeviation([1, 2], [0, 1], 0), /finite positive/);
  assert.throws(() => oddsRatioPerStandardDeviation([1, 2], [0, 1], NaN), /finite positive/);
  assert.throws(() => oddsRatioPerStandardDeviation([1, 2], [0], 1), /one outcome per patient/);
  assert.throws(() => sampleStandardDeviation([1, Infinity]), /NaN or infinite/);
});
