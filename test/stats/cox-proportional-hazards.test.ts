import { test } from "node:test";
import assert from "node:assert/strict";
import {
  coxBaselineCumulativeHazard,
  coxLinearPredictor,
  coxProportionalHazards,
  indicatorColumns,
  type CoxFit,
} from "../../data-loaders/stats/cox-proportional-hazards.ts";
import { harrellConcordance } from "../../data-loaders/stats/concordance.ts";
import { quantileRiskGroups } from "../../data-loaders/stats/risk-groups.ts";
import { assertAllClose, assertClose, CLOSED_FORM, ITERATIVE } from "../assert-close.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";

const reference = loadReference("survival");
const LEVELS = ["Low", "Intermediate", "High"];

function gbsg() {
  const rows = loadReferenceCsv("gbsg_validation");
  const lp = rows.map((r) => Number(r.lp));
  return {
    time: rows.map((r) => Number(r.rfstime)),
    event: rows.map((r) => Number(r.status)),
    lp: Float64Array.from(lp),
    groups: quantileRiskGroups(lp).groups,
  };
}

function lung() {
  const rows = loadReferenceCsv("lung");
  return {
    time: rows.map((r) => Number(r.time)),
    // lung codes status 1 = censored, 2 = dead.
    event: rows.map((r) => Number(r.status) - 1),
    sex: indicatorColumns(
      rows.map((r) => (r.sex === "1" ? "Male" : "Female")),
      ["Male", "Female"],
      "Male",
    ),
  };
}

/**
 * Compares every number of one coxph block: terms, log-likelihoods, the three tests, variance
 * matrix, n, events, iterations and the concordance of the fitted linear predictor. Estimates at
 * ITERATIVE (1e-6); in practice they agree to about 1e-13 because the iterations are R's.
 */
type SurvivalData = { time: number[]; event: number[] };

function compareFit(fit: CoxFit, expected: any, data: SurvivalData, columns: Float64Array[]): void {
  const what = expected.label ?? expected.ties;
  assert.equal(fit.ties, expected.ties);
  assert.equal(fit.n, expected.n, `${what} n`);
  assert.equal(fit.events, expected.n_events, `${what} events`);
  assert.equal(fit.iterations, expected.iterations, `${what} iterations`);
  assert.equal(fit.notEstimableReason, null);
  assert.deepEqual(fit.names, expected.terms.map((t: any) => t.term), `${what} term names`);
  const term = (field: (t: any) => number) => expected.terms.map(field);
  assertAllClose(fit.coefficients!, term((t) => t.coef), ITERATIVE, `${what} coef`);
  assertAllClose(fit.standardErrors!, term((t) => t.se), ITERATIVE, `${what} se`);
  assertAllClose(fit.hazardRatios!, term((t) => t.hr), ITERATIVE, `${what} hr`);
  assertAllClose(fit.ciLower!, term((t) => t.hr_ci95.lower), ITERATIVE, `${what} hr lower`);
  assertAllClose(fit.ciUpper!, term((t) => t.hr_ci95.upper), ITERATIVE, `${what} hr upper`);
  assertAllClose(fit.z!, term((t) => t.z), ITERATIVE, `${what} z`);
  fit.pValues!.forEach((p, j) => {
    assertClose(p / expected.terms[j].wald_p, 1, ITERATIVE, `${what} Wald p ratio`);
  });
  assertClose(fit.logLikelihoodNull, expected.loglik_null, CLOSED_FORM, `${what} loglik null`);
  assertClose(fit.logLikelihoodFinal, expected.loglik_final, ITERATIVE, `${what} loglik final`);
  const tests: [keyof CoxFit, string][] = [
    ["likelihoodRatioTest", "likelihood_ratio_test"],
    ["waldTest", "wald_test"],
    ["scoreTest", "score_test"],
  ];
  for (const [mine, theirs] of tests) {
    const actual = fit[mine] as { statistic: number; df: number; pValue: number };
    assertClose(actual.statistic, expected[theirs].chisq, ITERATIVE, `${what} ${theirs}`);
    assert.equal(actual.df, expected[theirs].df, `${what} ${theirs} df`);
    assertClose(actual.pValue / expected[theirs].p_value, 1, ITERATIVE, `${what} ${theirs} p`);
  }
  fit.covariance!.forEach((row, j) => {
    assertAllClose(row, expected.variance_matrix[j], ITERATIVE, `${what} V[${j}]`);
  });
  const lp = coxLinearPredictor(fit, columns);
  const concordance = harrellConcordance(data.time, data.event, lp, { reverse: true });
  compareConcordance(concordance, expected.concordance);
}

function compareConcordance(actual: ReturnType<typeof harrellConcordance>, expected: any): void {
  assert.deepEqual(
    [actual.concordant, actual.discordant, actual.tiedScore, actual.tiedTime],
    [expected.concordant, expected.discordant, expected.tied_x, expected.tied_y],
  );
  assert.equal(actual.tiedScoreAndTime, expected.tied_xy);
  assertClose(actual.concordance, expected.C, CLOSED_FORM, "concordance of the fit");
  assertClose(actual.standardError, expected.std_err, CLOSED_FORM, "IJ SE of the concordance");
}

test("GBSG tertiles vs Low, Efron and Breslow ties: every coxph number, 4 iterations as R", () => {
  const data = gbsg();
  const { names, columns } = indicatorColumns(data.groups, LEVELS, "Low");
  assert.deepEqual(names, ["Intermediate", "High"]);
  // R names a factor's indicator columns variable + level.
  const termNames = names.map((level) => `group${level}`);
  for (const ties of ["efron", "breslow"] as const) {
    const fit = coxProportionalHazards(data.time, data.event, columns, { ties, names: termNames });
    compareFit(fit, reference.risk_groups[`cox_group_${ties}`], data, columns);
  }
});

test("Efron is the default tie method (as R's coxph)", () => {
  const data = gbsg();
  const { columns } = indicatorColumns(data.groups, LEVELS, "Low");
  assert.equal(coxProportionalHazards(data.time, data.event, columns).ties, "efron");
});

test("GBSG group as a 1/2/3 score (Efron): coxph numbers and 3 iterations", () => {
  const data = gbsg();
  const score = Float64Array.from(data.groups, (g) => LEVELS.indexOf(g) + 1);
  const options = { names: ["as.numeric(group)"] };
  const fit = coxProportionalHazards(data.time, data.event, [score], options);
  compareFit(fit, reference.risk_groups.cox_group_as_score_1_2_3, data, [score]);
});

test("GBSG continuous lp, Efron and Breslow: HR per unit lp 1.7279, 5 iterations", () => {
  const data = gbsg();
  for (const ties of ["efron", "breslow"] as const) {
    const fit = coxProportionalHazards(data.time, data.event, [data.lp], { ties, names: ["lp"] });
    compareFit(fit, reference.continuous_score[`cox_lp_${ties}`], data, [data.lp]);
  }
});

test("lung by sex (Male reference, status 2 = dead recoded), Efron and Breslow: every coxph number", () => {
  const data = lung();
  for (const ties of ["efron", "breslow"] as const) {
    const options = { ties, names: data.sex.names.map((level) => `sex${level}`) };
    const fit = coxProportionalHazards(data.time, data.event, data.sex.columns, options);
    compareFit(fit, reference.second_case[`cox_${ties}`], data, data.sex.columns);
  }
});

test("no events: not estimable with a reason, no numbers", () => {
  const fit = coxProportionalHazards([1, 2, 3], [0, 0, 0], [Float64Array.from([1, 0, 2])]);
  assert.deepEqual([fit.coefficients, fit.scoreTest, fit.events], [null, null, 0]);
  assert.match(fit.notEstimableReason ?? "", /no events/);
  const empty = coxProportionalHazards([], [], [new Float64Array(0)]);
  assert.match(empty.notEstimableReason ?? "", /no events/);
});

test("a constant covariate or collinear covariates: not estimable, naming the problem", () => {
  const stage = [Float64Array.from([4, 4, 4])];
  const constant = coxProportionalHazards([1, 2, 3], [1, 1, 1], stage, { names: ["stage"] });
  assert.match(constant.notEstimableReason ?? "", /"stage" is constant/);
  const x = Float64Array.from([1, 2, 3, 4, 5, 6]);
  const twice = x.map((v) => 2 * v);
  const collinear = coxProportionalHazards([1, 2, 3, 4, 5, 6], [1, 1, 1, 0, 1, 1], [x, twice]);
  assert.match(collinear.notEstimableReason ?? "", /singular/);
  assert.equal(collinear.coefficients, null);
});

test("monotone likelihood (all events in the x = 1 group first): reason given, never a huge coefficient", () => {
  const arm = [Float64Array.from([1, 1, 0, 0])];
  const fit = coxProportionalHazards([1, 2, 3, 4], [1, 1, 0, 0], arm, { names: ["arm"] });
  assert.equal(fit.coefficients, null);
  assert.equal(fit.hazardRatios, null);
  assert.match(fit.notEstimableReason ?? "", /monotone likelihood.*"arm".*\+infinity/);
  // The score test at beta = 0 is still defined: 49/17, the log-rank statistic without ties.
  assertClose(fit.scoreTest!.statistic, 49 / 17, CLOSED_FORM, "score test");
});

test("a single event: estimable when its covariate is inside the risk set's range, monotone at the edge", () => {
  const inside = coxProportionalHazards([1, 2, 3], [1, 0, 0], [Float64Array.from([1, 0, 2])]);
  // The likelihood e^β/(e^β + 1 + e^{2β}) peaks at β = 0.
  assertClose(inside.coefficients![0], 0, CLOSED_FORM, "beta");
  const edge = coxProportionalHazards([1, 2, 3], [1, 0, 0], [Float64Array.from([0.5, 1, 2])]);
  assert.match(edge.notEstimableReason ?? "", /-infinity/);
});

test("all times tied: Efron's log-likelihood at 0 is −log 4 − log 3, Breslow's −2 log 4", () => {
  const x = Float64Array.from([1, 0, 1, 0]);
  const efron = coxProportionalHazards([5, 5, 5, 5], [1, 1, 0, 0], [x]);
  assertClose(efron.logLikelihoodNull, -Math.log(4) - Math.log(3), CLOSED_FORM, "Efron loglik(0)");
  assertClose(efron.coefficients![0], 0, CLOSED_FORM, "beta (one event per arm)");
  const breslow = coxProportionalHazards([5, 5, 5, 5], [1, 1, 0, 0], [x], { ties: "breslow" });
  assertClose(breslow.logLikelihoodNull, -2 * Math.log(4), CLOSED_FORM, "Breslow loglik(0)");
});

test("baseline cumulative hazard: a censoring-only time repeats the previous value", () => {
  const time = [1, 2, 3, 4];
  const event = [1, 0, 1, 1];
  const x = [Float64Array.from([0, 1, 1, 0])];
  const fit = coxProportionalHazards(time, event, x);
  // The likelihood −log(2 + 2e^β) + β − log(1 + e^β) peaks at β = 0, so every weight is 1.
  assertClose(fit.coefficients![0], 0, CLOSED_FORM, "beta");
  const hazard = coxBaselineCumulativeHazard(fit, time, event, x);
  assert.deepEqual(hazard.map((r) => r.time), [1, 2, 3, 4]);
  const expected = [1 / 4, 1 / 4, 1 / 4 + 1 / 2, 1 / 4 + 1 / 2 + 1];
  assertAllClose(hazard.map((r) => r.cumulativeHazard), expected, CLOSED_FORM, "H0");
  const notEstimable = { ...fit, coefficients: null };
  assert.throws(() => coxBaselineCumulativeHazard(notEstimable, time, event, x), /not estimable/);
});

test("indicator columns: one 0/1 column per non-reference level, in level order", () => {
  const levels = ["Low", "Mid", "High"];
  const { names, columns } = indicatorColumns(["Low", "High", "Mid"], levels, "Low");
  assert.deepEqual(names, ["Mid", "High"]);
  assert.deepEqual(columns.map((c) => Array.from(c)), [[0, 0, 1], [0, 1, 0]]);
  assert.throws(() => indicatorColumns(["A"], ["A", "B"], "C"), /reference level "C"/);
});

test("refuses NaN or infinite covariates, wrong lengths, bad times and events", () => {
  const fit = (time: number[], event: number[], values: number[] | null) =>
    coxProportionalHazards(time, event, values === null ? [] : [Float64Array.from(values)]);
  assert.throws(() => fit([1, 2], [1, 0], [1, NaN]), /"x1" must be finite; row 2 has NaN/);
  assert.throws(() => fit([1, 2], [1, 0], [Infinity, 1]), /row 1 has Infinity/);
  assert.throws(() => fit([1, 2], [1, 0], [1]), /has 1 values for 2 subjects/);
  assert.throws(() => fit([1, 2], [1, 0], null), /at least one covariate/);
  assert.throws(() => fit([1, -2], [1, 0], [1, 0]), /time must be >= 0; row 2 has -2/);
  assert.throws(() => fit([1, 2], [1, 2], [1, 0]), /event must be 0/);
  const exact = { ties: "exact" } as unknown as { ties: "efron" };
  const x = [Float64Array.from([1, 0])];
  assert.throws(() => coxProportionalHazards([1, 2], [1, 0], x, exact), /ties must be "efron" or/);
});
