import { test } from "node:test";
import assert from "node:assert/strict";
import { CLOSED_FORM, assertClose } from "../assert-close.ts";
import { cohortTableFromCsv, selectRows } from "../../data-loaders/io/cohort-table.ts";
import type { CohortConfig, Study, Table1Spec } from "../../data-loaders/io/study-types.ts";
import { table1Rows } from "../../data-loaders/io/table1.ts";

const VARIABLES: Table1Spec[] = [
  { column: "age", label: "Age, years", kind: "continuous" },
  { column: "sex", label: "Sex", kind: "categorical", levels: ["female", "male", "other"] },
];
const study = { table1: VARIABLES } as unknown as Study;
const cohort = { id: "anhui" } as CohortConfig;

const read = (csv: string) => cohortTableFromCsv(csv, { file: "data/anhui.csv", cohort: "anhui", idColumn: "id" });
const TABLE = "id,age,sex\nA,40,female\nB,50, male\nC,60,female\nD,NA,\nE,70,male\n";

test("continuous: n, missing, type-7 median and quartiles, mean and sd (n − 1) by hand", () => {
  const [age] = table1Rows(read(TABLE), study, cohort);
  assert.equal(age.kind, "continuous");
  if (age.kind !== "continuous") return;
  assert.deepEqual([age.n, age.missing], [4, 1]);
  // Sorted 40, 50, 60, 70: type 7 puts p at index 1 + 3p, so the median is halfway between 50
  // and 60, Q1 (index 1.75) is 40 + 0.75 × 10 and Q3 (index 3.25) is 60 + 0.25 × 10.
  assert.equal(age.median, 55);
  assert.equal(age.firstQuartile, 47.5);
  assert.equal(age.thirdQuartile, 62.5);
  assert.equal(age.mean, 55);
  // Deviations −15, −5, 5, 15: squares sum to 500, divided by n − 1 = 3.
  assertClose(age.standardDeviation!, Math.sqrt(500 / 3), CLOSED_FORM, "sd");
  assert.equal(age.notEstimableReason, null);
  assert.deepEqual([age.column, age.label], ["age", "Age, years"]);
});

test("categorical: count and percentage of patients with a value per level, zero levels kept, missing apart", () => {
  const [, sex] = table1Rows(read(TABLE), study, cohort);
  assert.deepEqual(sex, {
    column: "sex",
    label: "Sex",
    kind: "categorical",
    n: 4,
    missing: 1,
    levels: [
      { level: "female", n: 2, percentage: 50 },
      { level: "male", n: 2, percentage: 50 },
      { level: "other", n: 0, percentage: 0 },
    ],
  });
});

test("a mean and sd with non-integer values match the closed forms", () => {
  const [age] = table1Rows(read("id,age,sex\nA,0.1,male\nB,0.2,male\nC,0.4,male\n"), study, cohort);
  if (age.kind !== "continuous") throw new Error("expected a continuous row");
  const mean = (0.1 + 0.2 + 0.4) / 3;
  assertClose(age.mean!, mean, CLOSED_FORM, "mean");
  const variance = ((0.1 - mean) ** 2 + (0.2 - mean) ** 2 + (0.4 - mean) ** 2) / 2;
  assertClose(age.standardDeviation!, Math.sqrt(variance), CLOSED_FORM, "sd");
  assert.equal(age.median, 0.2);
});

test("one value: every summary but the sd; no value: all null with the reason; all tied: sd 0", () => {
  const [one] = table1Rows(read("id,age,sex\nA,33,male\nB,,male\n"), study, cohort);
  assert.deepEqual(one, {
    column: "age", label: "Age, years", kind: "continuous", n: 1, missing: 1,
    median: 33, firstQuartile: 33, thirdQuartile: 33, mean: 33, standardDeviation: null,
    notEstimableReason: "the standard deviation needs at least two values",
  });
  const [none, sexNone] = table1Rows(read("id,age,sex\nA,,\nB,NA,\n"), study, cohort);
  assert.deepEqual(none, {
    column: "age", label: "Age, years", kind: "continuous", n: 0, missing: 2,
    median: null, firstQuartile: null, thirdQuartile: null, mean: null, standardDeviation: null,
    notEstimableReason: "no patient has a value",
  });
  assert.deepEqual(sexNone.kind === "categorical" && sexNone.levels.map((l) => l.percentage), [null, null, null]);
  const [tied] = table1Rows(read("id,age,sex\nA,5,male\nB,5,male\n"), study, cohort);
  assert.deepEqual(tied.kind === "continuous" && [tied.median, tied.standardDeviation], [5, 0]);
});

test("an empty table gives zero counts", () => {
  const rows = table1Rows(selectRows(read(TABLE), []), study, cohort);
  assert.deepEqual(rows.map((row) => [row.n, row.missing]), [[0, 0], [0, 0]]);
});

test("a categorical value outside the levels is refused with the file rows of the subset", () => {
  const csv = TABLE.replace("C,60,female", "C,60,Female").replace("E,70,male", "E,70,M");
  assert.throws(() => table1Rows(selectRows(read(csv), [2, 4]), study, cohort), {
    name: "InputError",
    message: 'cohort "anhui", data/anhui.csv, column "sex": Table 1 "Sex": 2 values are not among the declared levels "female", "male", "other" (rows 3, 5). Fix: add the level to the variable\'s levels in study.json, or correct the values (spelling, case)',
  });
});

test("a continuous column holding text, NaN or infinity is refused rather than summarised", () => {
  assert.throws(() => table1Rows(read(TABLE.replace("B,50", "B,fifty")), study, cohort), { message: /column "age": Table 1 "Age, years": 1 value is not a number \(found "fifty"\) \(row 2\)/ });
  assert.throws(() => table1Rows(read(TABLE.replace("B,50", "B,NaN")), study, cohort), { message: /1 value is NaN or infinite/ });
  assert.throws(() => table1Rows(read(TABLE.replace("B,50", "B,Inf")), study, cohort), { message: /1 value is NaN or infinite/ });
});
