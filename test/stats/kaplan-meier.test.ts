import { test } from "node:test";
import assert from "node:assert/strict";
import {
  kaplanMeier,
  kaplanMeierByGroup,
  medianSurvival,
  survivalAtTimes,
  twoSidedNormalQuantile,
  type ConfidenceType,
  type KaplanMeierCurve,
} from "../../data-loaders/stats/kaplan-meier.ts";
import { quantileRiskGroups } from "../../data-loaders/stats/risk-groups.ts";
import { assertAllClose, assertClose, CLOSED_FORM } from "../assert-close.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";

const reference = loadReference("survival");
const TIGHT = 1e-12;

/** GBSG (all 686 rows) in tertile risk groups of lp, and lung by sex with status recoded. */
function gbsgByRiskGroup() {
  const rows = loadReferenceCsv("gbsg_validation");
  const { groups } = quantileRiskGroups(rows.map((r) => Number(r.lp)));
  return {
    time: rows.map((r) => Number(r.rfstime)),
    event: rows.map((r) => Number(r.status)),
    groups,
    levels: ["Low", "Intermediate", "High"],
  };
}

function lungBySex() {
  const rows = loadReferenceCsv("lung");
  return {
    time: rows.map((r) => Number(r.time)),
    // lung codes status 1 = censored, 2 = dead; the kernel takes 0/1 only.
    event: rows.map((r) => Number(r.status) - 1),
    groups: rows.map((r) => (r.sex === "1" ? "Male" : "Female")),
    levels: ["Male", "Female"],
  };
}

const CONFIDENCE_TYPES: [ConfidenceType, string][] = [
  ["log", "conf_type_log"],
  ["log-log", "conf_type_log_log"],
];

const TABLE_COLUMNS: [keyof KaplanMeierCurve["rows"][number], string][] = [
  ["survival", "surv"],
  ["standardErrorLogSurvival", "std_err_log_surv"],
  ["standardErrorSurvival", "std_err_surv"],
  ["ciLower", "lower"],
  ["ciUpper", "upper"],
  ["cumulativeHazard", "cumhaz_nelson_aalen"],
];

/** Compares every table column, median and survival-at-times value with survival.json. */
type GroupedData = ReturnType<typeof gbsgByRiskGroup>;

function compareWithR(data: GroupedData, section: any, what: string): number {
  let compared = 0;
  for (const [type, key] of CONFIDENCE_TYPES) {
    const options = { confidenceType: type };
    const curves = kaplanMeierByGroup(data.time, data.event, data.groups, data.levels, options);
    for (const { level, curve } of curves) {
      const label = `${what} ${level} ${type}`;
      const table = section[key].tables[level];
      assert.deepEqual(curve.rows.map((r) => r.time), table.time, `${label} times`);
      assert.deepEqual(curve.rows.map((r) => r.numberAtRisk), table.n_risk, `${label} n.risk`);
      assert.deepEqual(curve.rows.map((r) => r.numberOfEvents), table.n_event, `${label} n.event`);
      assert.deepEqual(curve.rows.map((r) => r.numberCensored), table.n_censor, label);
      compared += 4 * table.time.length;
      for (const [field, column] of TABLE_COLUMNS) {
        const actual = curve.rows.map((r) => r[field] as number | null);
        assertAllClose(actual, table[column], TIGHT, `${label} ${column}`);
        compared += table[column].length;
      }
      compared += compareMedian(curve, section[key].medians[level], label);
      compared += compareAtTimes(curve, section[key].survival_at_times[level], label);
    }
  }
  return compared;
}

function compareMedian(curve: KaplanMeierCurve, expected: any, label: string): number {
  const median = medianSurvival(curve);
  assert.equal(curve.n, expected.n, `${label} n`);
  assert.equal(curve.numberOfEvents, expected.events, `${label} events`);
  assertClose(median.median, expected.median, TIGHT, `${label} median`);
  assertClose(median.ciLower, expected.median_lcl95, TIGHT, `${label} median lower`);
  assertClose(median.ciUpper, expected.median_ucl95, TIGHT, `${label} median upper`);
  return 5;
}

function compareAtTimes(curve: KaplanMeierCurve, expected: any, label: string): number {
  const rows = survivalAtTimes(curve, expected.time);
  assert.deepEqual(rows.map((r) => r.time), expected.time, `${label} at-times time`);
  assert.deepEqual(rows.map((r) => r.numberAtRisk), expected.n_risk, `${label} at-times n.risk`);
  assert.deepEqual(rows.map((r) => r.numberOfEventsInInterval), expected.n_event_in_interval);
  assert.deepEqual(rows.map((r) => r.numberCensoredInInterval), expected.n_censor_in_interval);
  assertAllClose(rows.map((r) => r.survival), expected.surv, TIGHT, `${label} at-times surv`);
  const standardErrors = rows.map((r) => r.standardErrorSurvival);
  assertAllClose(standardErrors, expected.std_err_surv, TIGHT, `${label} at-times se`);
  assertAllClose(rows.map((r) => r.ciLower), expected.lower, TIGHT, `${label} at-times lower`);
  assertAllClose(rows.map((r) => r.ciUpper), expected.upper, TIGHT, `${label} at-times upper`);
  return 8 * expected.time.length;
}

test("GBSG tertile KM tables, medians, S(1y), S(5y) equal survfit, log and log-log CIs (1e-12)", () => {
  const compared = compareWithR(gbsgByRiskGroup(), reference.risk_groups.kaplan_meier, "GBSG");
  assert.equal(compared, 2 * (10 * (212 + 217 + 214) + 3 * (5 + 16)));
});

test("lung KM by sex (status 2 = dead recoded to 1) equals survfit, both CI types (1e-12)", () => {
  const data = lungBySex();
  assert.equal(data.time.length, reference.second_case.n);
  const compared = compareWithR(data, reference.second_case.kaplan_meier, "lung");
  assert.equal(compared, 2 * (10 * (119 + 87) + 2 * (5 + 8)));
});

test("z for a 95% interval is qnorm(0.975) = 1.959963984540054 to one unit in the last place", () => {
  // @stdlib's normal quantile returns 1.9599639845400538, one ulp below R's value.
  assertClose(twoSidedNormalQuantile(0.95), 1.959963984540054, 1e-15, "z");
  assert.throws(() => twoSidedNormalQuantile(1), /confidence level/);
});

test("censored at a tied event time stays at risk; S falls by (n - d)/n per distinct time", () => {
  const curve = kaplanMeier([1, 2, 2, 3], [1, 1, 0, 0], { confidenceType: "log" });
  assert.deepEqual(curve.rows.map((r) => r.numberAtRisk), [4, 3, 1]);
  const s2 = (3 / 4) * (2 / 3);
  assertAllClose(curve.rows.map((r) => r.survival), [3 / 4, s2, s2], CLOSED_FORM, "S");
  const greenwood = Math.sqrt(1 / (4 * 3) + 1 / (3 * 2));
  assertClose(curve.rows[1].standardErrorLogSurvival, greenwood, CLOSED_FORM, "SE of -log S");
  assertClose(curve.rows[1].cumulativeHazard, 1 / 4 + 1 / 3, CLOSED_FORM, "Nelson-Aalen");
});

test("empty input gives an empty curve and a median that is not estimable", () => {
  const curve = kaplanMeier([], [], { confidenceType: "log" });
  assert.equal(curve.rows.length, 0);
  const median = medianSurvival(curve);
  assert.deepEqual([median.median, median.ciLower, median.ciUpper], [null, null, null]);
  assert.match(median.notEstimableReason ?? "", /no subjects/);
  assert.deepEqual(survivalAtTimes(curve, [10])[0].survival, 1);
});

test("all censored: S stays 1, log CI [1, 1], log-log CI undefined, median not reached", () => {
  for (const type of ["log", "log-log"] as const) {
    const curve = kaplanMeier([3, 1, 2], [0, 0, 0], { confidenceType: type });
    assert.deepEqual(curve.rows.map((r) => r.survival), [1, 1, 1]);
    assert.deepEqual(curve.rows.map((r) => r.standardErrorLogSurvival), [0, 0, 0]);
    const expected = type === "log" ? 1 : null;
    const intervals = curve.rows.map((r) => [r.ciLower, r.ciUpper]);
    assert.deepEqual(intervals, Array(3).fill([expected, expected]));
    assert.equal(medianSurvival(curve).median, null);
  }
});

test("a single event that empties the risk set: S = 0, SE of -log S infinite, no CI", () => {
  const curve = kaplanMeier([5], [1], { confidenceType: "log" });
  const row = curve.rows[0];
  assert.deepEqual([row.survival, row.standardErrorLogSurvival], [0, Infinity]);
  assert.deepEqual([row.standardErrorSurvival, row.ciLower, row.ciUpper], [null, null, null]);
  assert.equal(medianSurvival(curve).median, 5);
});

test("all times tied: one row with every event, S = censored share", () => {
  const curve = kaplanMeier([7, 7, 7, 7], [1, 1, 0, 1], { confidenceType: "log-log" });
  assert.equal(curve.rows.length, 1);
  const counts = { numberAtRisk: 4, numberOfEvents: 3, numberCensored: 1 };
  assert.deepEqual(curve.rows[0], { ...curve.rows[0], ...counts });
  assertClose(curve.rows[0].survival, 1 / 4, CLOSED_FORM, "S(7)");
});

test("median: midpoint when S is exactly 0.5 over an interval, or up to the last follow-up", () => {
  const uncensored = kaplanMeier([1, 2, 3, 4], [1, 1, 1, 1], { confidenceType: "log" });
  assert.equal(medianSurvival(uncensored).median, 2.5);
  const flatToEnd = kaplanMeier([1, 2, 5, 9], [1, 1, 0, 0], { confidenceType: "log" });
  assert.equal(medianSurvival(flatToEnd).median, (2 + 9) / 2);
});

test("S before the first step is 1; beyond the last follow-up it stays flat with 0 at risk", () => {
  const curve = kaplanMeier([2, 4, 6], [1, 0, 1], { confidenceType: "log" });
  const [early, late] = survivalAtTimes(curve, [1, 100]);
  assert.deepEqual(early, { ...early, survival: 1, numberAtRisk: 3, ciLower: 1, ciUpper: 1 });
  assert.deepEqual(late, { ...late, survival: 0, numberAtRisk: 0, numberOfEventsInInterval: 2 });
  assert.throws(() => survivalAtTimes(curve, [5, 3]), /strictly increasing/);
});

test("refuses NaN, Infinity and negative times, and events other than 0/1, naming the rows", () => {
  const options = { confidenceType: "log" } as const;
  assert.throws(() => kaplanMeier([1, NaN], [1, 0], options), /time must be >= 0; row 2 has NaN/);
  assert.throws(() => kaplanMeier([Infinity, 1], [1, 0], options), /row 1 has Infinity/);
  const eventMessage = /event must be 0 \(censored\) or 1 \(event\); row 2 has 2/;
  assert.throws(() => kaplanMeier([1, 2], [1, 2], options), eventMessage);
  assert.throws(() => kaplanMeier([1, 2], [1], options), /same rows/);
  assert.throws(() => kaplanMeierByGroup([1], [1], ["X"], ["A"], options), /not in the level/);
});

test("an unknown confidence type (for example plain) is refused, not treated as log-log", () => {
  const options = { confidenceType: "plain" } as unknown as { confidenceType: "log" };
  assert.throws(() => kaplanMeier([1], [1], options), /confidence type must be "log" or "log-log"/);
});
