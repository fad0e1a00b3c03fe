import { test } from "node:test";
import assert from "node:assert/strict";
import { applyCohortSelection, meetsCriterion } from "../../data-loaders/io/cohort-selection.ts";
import { cohortTableFromCsv, selectRows } from "../../data-loaders/io/cohort-table.ts";
import { numericColumn } from "../../data-loaders/io/column-access.ts";
import type { CohortConfig, EligibilityCriterion } from "../../data-loaders/io/study-types.ts";

const NSCLC = ["adenocarcinoma", "squamous cell carcinoma", "large cell carcinoma"];

/** The protocol's criteria in protocol order, as the MRI study writes them. */
const CRITERIA: EligibilityCriterion[] = [
  { reason: "Age under 18", columns: ["age"], rule: { atLeast: 18 } },
  { reason: "Non-NSCLC or uncertain histology", columns: ["histology"], rule: { in: NSCLC } },
  { reason: "T1CE or FLAIR missing", columns: ["t1ce_available", "flair_available"], rule: { equals: 1 } },
  { reason: "EGFR or ALK result missing", columns: ["egfr", "alk"], rule: { notIn: ["missing"], notMissing: true } },
];

// File rows 1-10. Training rows: 1, 2, 4, 5, 6, 7, 9. Row 6 fails age, histology, sequences and
// EGFR/ALK: it is counted once, under age. Row 5 has no reference standard (driver_status empty).
const TABLE = `patient_id,age,histology,split,t1ce_available,flair_available,egfr,alk,driver_status
P01,45,adenocarcinoma,training,1,1,L858R,negative,positive
P02,17,adenocarcinoma,training,1,1,negative,negative,negative
P03,60,small cell carcinoma,internal-validation,1,1,negative,negative,negative
P04,52,squamous cell carcinoma,training,1,0,negative,negative,negative
P05,70,adenocarcinoma,training,1,1,missing,negative,
P06,16,uncertain primary,training,0,1,missing,missing,
P07,66,adenocarcinoma,training,TRUE,1.0,negative,negative,negative
P08,58,adenocarcinoma,internal-validation,1,1,exon19del,negative,positive
P09,49, adenocarcinoma ,training,1,1,negative,,positive
P10,abc,adenocarcinoma,internal-validation,1,1,negative,negative,negative
`;

const read = (csv = TABLE) =>
  cohortTableFromCsv(csv, { file: "data/ncc.csv", cohort: "ncc-training", idColumn: "patient_id" });

function cohort(change: Partial<CohortConfig> = {}): CohortConfig {
  return {
    id: "ncc-training",
    filter: { column: "split", equals: "training" },
    eligibility: CRITERIA,
    ...change,
  } as CohortConfig;
}

test("flow: file rows, filter, each exclusion under the first reason it fails (protocol order), eligible rows", () => {
  const { table, flow } = applyCohortSelection(read(), cohort());
  assert.deepEqual(flow, {
    tableRows: 10,
    notInCohort: 3,
    inCohort: 7,
    excluded: [
      { reason: "Age under 18", count: 2 },
      { reason: "Non-NSCLC or uncertain histology", count: 0 },
      { reason: "T1CE or FLAIR missing", count: 1 },
      { reason: "EGFR or ALK result missing", count: 2 },
    ],
    eligible: 2,
  });
  assert.equal(flow.inCohort, flow.excluded.reduce((sum, e) => sum + e.count, 0) + flow.eligible);
  assert.deepEqual(table.rowNumbers, [1, 7]);
  assert.deepEqual(table.columns.get("patient_id")!.values, ["P01", "P07"]);
});

test("the order of the criteria decides where a row failing several is counted", () => {
  const reversed = [...CRITERIA].reverse();
  const { flow } = applyCohortSelection(read(), cohort({ eligibility: reversed }));
  assert.deepEqual(flow.excluded.map((e) => [e.reason, e.count]), [
    ["EGFR or ALK result missing", 3],
    ["T1CE or FLAIR missing", 1],
    ["Non-NSCLC or uncertain histology", 0],
    ["Age under 18", 1],
  ]);
  assert.equal(flow.eligible, 2);
});

test("a criterion is read only on rows still in play: text in a row another cohort owns does not stop the build", () => {
  // Row 10 ("abc" in age) belongs to internal-validation, so the training cohort never reads it.
  assert.equal(applyCohortSelection(read(), cohort()).flow.eligible, 2);
  const validation = cohort({ filter: { column: "split", equals: "internal-validation" } });
  assert.throws(() => applyCohortSelection(read(), validation), {
    name: "InputError",
    message: 'cohort "ncc-training", data/ncc.csv, column "age": eligibility "Age under 18": 1 value is not a number (found "abc") (row 10). Fix: write plain numbers with a decimal point (for example 12.5), without units, spaces inside or thousands separators',
  });
});

test("missing values fail atLeast, equals, in and notMissing, and pass a notIn rule alone", () => {
  const csv = "id,x,t\nA,,\nB,5,b\n";
  const table = cohortTableFromCsv(csv, { file: "t.csv", cohort: "c", idColumn: "id" });
  const meets = (column: string, rule: EligibilityCriterion["rule"]) =>
    meetsCriterion(table, { reason: "r", columns: [column], rule });
  assert.deepEqual(meets("x", { atLeast: 1 }), [false, true]);
  assert.deepEqual(meets("x", { atMost: 9 }), [false, true]);
  assert.deepEqual(meets("x", { equals: 5 }), [false, true]);
  assert.deepEqual(meets("t", { in: ["b"] }), [false, true]);
  assert.deepEqual(meets("t", { notMissing: true }), [false, true]);
  assert.deepEqual(meets("t", { notIn: ["a"] }), [true, true]);
  assert.deepEqual(meets("t", { notIn: ["b"] }), [true, false]);
  assert.deepEqual(meets("t", { notIn: ["a"], notMissing: true }), [false, true]);
});

test("bounds are inclusive; numbers compare as numbers (TRUE is 1, 1.0 is 1); text after trimming, case-sensitively", () => {
  const csv = "id,x,t\nA,18,Adenocarcinoma\nB,17.999,adenocarcinoma \nC,TRUE,x\nD,1.0,x\n";
  const table = cohortTableFromCsv(csv, { file: "t.csv", cohort: "c", idColumn: "id" });
  const meets = (column: string, rule: EligibilityCriterion["rule"]) =>
    meetsCriterion(table, { reason: "r", columns: [column], rule });
  assert.deepEqual(meets("x", { atLeast: 18 }), [true, false, false, false]);
  assert.deepEqual(meets("x", { atLeast: 1, atMost: 18 }), [true, true, true, true]);
  assert.deepEqual(meets("x", { equals: 1 }), [false, false, true, true]);
  assert.deepEqual(meets("t", { equals: "adenocarcinoma" }), [false, true, false, false]);
  assert.deepEqual(meets("x", { in: [17.999, 18] }), [true, true, false, false]);
});

test("with several columns every column must pass", () => {
  const csv = "id,a,b\nA,1,1\nB,1,0\nC,0,1\nD,,1\n";
  const table = cohortTableFromCsv(csv, { file: "t.csv", cohort: "c", idColumn: "id" });
  const meets = meetsCriterion(table, { reason: "r", columns: ["a", "b"], rule: { equals: 1 } });
  assert.deepEqual(meets, [true, false, false, false]);
});

test("a rule comparing numbers refuses NaN and infinity, naming the file rows of a filtered table", () => {
  const table = selectRows(read(TABLE.replace("P07,66,", "P07,Inf,")), [0, 6]);
  assert.throws(() => meetsCriterion(table, CRITERIA[0]), {
    message: /column "age": eligibility "Age under 18": 1 value is NaN or infinite \(found "Inf"\) \(row 7\)/,
  });
});

test("a filter keeps rows equal to its value; missing values belong to no cohort; numbers compare numerically", () => {
  const csv = "id,site,centre\nA,1,x\nB,2,y\nC,1.0,\nD,,x\n";
  const table = cohortTableFromCsv(csv, { file: "t.csv", cohort: "c", idColumn: "id" });
  const numeric = applyCohortSelection(table, cohort({ filter: { column: "site", equals: 1 }, eligibility: [] }));
  assert.deepEqual(numeric.table.rowNumbers, [1, 3]);
  assert.deepEqual([numeric.flow.notInCohort, numeric.flow.inCohort, numeric.flow.eligible], [2, 2, 2]);
  const text = applyCohortSelection(table, cohort({ filter: { column: "centre", equals: "x" }, eligibility: [] }));
  assert.deepEqual(text.table.rowNumbers, [1, 4]);
});

test("a filter that matches nothing and criteria that exclude everyone give zero counts, not errors", () => {
  const none = applyCohortSelection(read(), cohort({ filter: { column: "split", equals: "Training" } }));
  assert.deepEqual(none.flow.excluded.map((e) => e.count), [0, 0, 0, 0]);
  assert.deepEqual([none.flow.inCohort, none.flow.eligible, none.table.nRows], [0, 0, 0]);
  const strict = [{ reason: "Too young", columns: ["age"], rule: { atLeast: 200 } }];
  const everyone = applyCohortSelection(read(), cohort({ eligibility: strict }));
  assert.deepEqual(everyone.flow.excluded, [{ reason: "Too young", count: 7 }]);
  assert.equal(everyone.flow.eligible, 0);
});

test("a cohort without filter and eligibility gets its table back unchanged, all rows eligible", () => {
  const table = read();
  const selection = applyCohortSelection(table, cohort({ filter: null, eligibility: [] }));
  assert.equal(selection.table, table);
  assert.deepEqual(selection.flow, { tableRows: 10, notInCohort: 0, inCohort: 10, excluded: [], eligible: 10 });
});

test("later checks on the eligible rows name the file's row numbers", () => {
  const { table } = applyCohortSelection(read(TABLE.replace("P07,66,", "P07,66.5,")), cohort());
  assert.throws(() => numericColumn(table, "age", { integer: true, purpose: "age" }), {
    message: /column "age": age: 1 value is not a whole number \(found "66\.5"\) \(row 7\)/,
  });
});

test("a missing filter or criterion column is refused with the closest name", () => {
  assert.throws(() => applyCohortSelection(read(), cohort({ filter: { column: "splitt", equals: "training" } })), {
    message: /column "splitt": cohort filter: the table has no such column \(did you mean "split"\?\)/,
  });
  const typo = [{ reason: "Age", columns: ["agee"], rule: { atLeast: 18 } }];
  assert.throws(() => applyCohortSelection(read(), cohort({ eligibility: typo })), {
    message: /column "agee": eligibility "Age": the table has no such column \(did you mean "age"\?\)/,
  });
});
