import { test } from "node:test";
import assert from "node:assert/strict";
import { logrankTest } from "../../data-loaders/stats/logrank.ts";
import {
  coxProportionalHazards,
  indicatorColumns,
} from "../../data-loaders/stats/cox-proportional-hazards.ts";
import { assertAllClose, assertClose } from "../assert-close.ts";

// Case 17 (test/fixtures/cases/17-logrank-and-event-indicator-validation.md): R survdiff on two
// arms with tied event times; R printed six significant digits, hence the 5e-7 tolerances.
const time = [1, 2, 2, 3, 4, 5, 6, 8, 2, 4, 6, 7, 9, 10, 12, 12];
const status = [1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0];
const arm = [..."AAAAAAAA", ..."BBBBBBBB"];

test("case 17: log-rank on tied data: O 6/4, E 3.04697/6.95303, V 1.691127, chisq 5.156554 on 1 df, p 0.023159", () => {
  const result = logrankTest(time, status, arm, ["A", "B"]);
  assert.deepEqual(result.n, [8, 8]);
  assert.deepEqual(result.observed, [6, 4]);
  assertAllClose(result.expected, [3.04697, 6.95303], 5e-6, "expected");
  assertClose(result.varianceMatrix[0][0], 1.691127, 5e-7, "variance of O − E (A)");
  const byFormula = (6 - result.expected[0]) ** 2 / result.varianceMatrix[0][0];
  assertClose(result.chisq, byFormula, 1e-12, "chisq formula");
  assertClose(result.chisq, 5.156554, 5e-7, "chisq");
  assert.equal(result.df, 1);
  assertClose(result.pValue, 0.023159, 5e-7, "p");
});

test("case 17: hand check at t = 2: n_A = 7, n_B = 8, d = 3 gives E_A 1.4 and V 0.64", () => {
  // Restricted to subjects still at risk at t = 2, the first event time (t = 2) contributes alone.
  const atRisk = time.map((t, i) => (t >= 2 ? i : -1)).filter((i) => i >= 0);
  const onlyTwo = logrankTest(
    atRisk.map((i) => time[i]),
    atRisk.map((i) => (time[i] === 2 ? status[i] : 0)),
    atRisk.map((i) => arm[i]),
    ["A", "B"],
  );
  assertClose(onlyTwo.expected[0], (3 * 7) / 15, 1e-12, "E_A at t = 2");
  assertClose(onlyTwo.varianceMatrix[0][0], (7 * 8 * 3 * 12) / (15 ** 2 * 14), 1e-12, "V at t = 2");
});

test("case 17: 1/2-coded status is refused with the count and rows, never read as all events", () => {
  const oneTwo = status.map((s) => s + 1);
  assert.throws(
    () => logrankTest(time, oneTwo, arm, ["A", "B"]),
    /event must be 0 \(censored\) or 1 \(event\); 10 rows do not \(rows 1, 2, 3, 5, 6 and 5 more have 2, 2, 2, 2, 2\).*1\/2 coding/,
  );
});

test("case 17: the same 1/2 status recoded by the caller (2 = event) gives the same chisq 5.156554", () => {
  const recoded = status.map((s) => s + 1).map((s) => (s === 2 ? 1 : 0));
  assertClose(logrankTest(time, recoded, arm, ["A", "B"]).chisq, 5.156554, 5e-7, "chisq");
});

test("case 17: a status column holding durations is refused, listing the offending values", () => {
  const message = /event must be 0.*rows 2, 3, 4, 5, 6 and \d+ more have 2, 2, 3, 4, 5/;
  assert.throws(() => logrankTest(time, time, arm, ["A", "B"]), message);
});

test("case 17: TRUE/FALSE text is not coerced by truthiness: Number() gives NaN, which is refused", () => {
  const text = status.map((s) => (s === 1 ? "TRUE" : "FALSE"));
  const asNumbers = text.map(Number);
  assert.throws(() => logrankTest(time, asNumbers, arm, ["A", "B"]), /event must be 0.*have NaN/);
});

test("case 17: the Cox score test (5.0113, p 0.02518) is a different statistic from the log-rank", () => {
  const fit = coxProportionalHazards(time, status, indicatorColumns(arm, ["A", "B"], "A").columns);
  assertClose(fit.scoreTest!.statistic, 5.0113, 5e-5, "Cox score test");
  assertClose(fit.scoreTest!.pValue, 0.02518, 5e-6, "Cox score p");
  assert.notEqual(fit.scoreTest!.statistic, logrankTest(time, status, arm, ["A", "B"]).chisq);
});
