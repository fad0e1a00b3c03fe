import { test } from "node:test";
import assert from "node:assert/strict";
import { cohortTableFromCsv, type CohortTable } from "../../data-loaders/io/cohort-table.ts";
import { binaryColumn, dateColumn, isoDateToDays, numericColumn, requireColumn, textColumn } from "../../data-loaders/io/column-access.ts";

/** A one-column table "v" (plus an id column) from cell texts. */
function column(...cells: string[]): CohortTable {
  const lines = cells.map((cell, i) => `P${i + 1},${cell}`);
  return cohortTableFromCsv(`id,v\n${lines.join("\n")}\n`, { file: "data/t.csv", cohort: "demo", idColumn: "id" });
}

const at = 'cohort "demo", data/t.csv, column "v"';

test("requireColumn suggests the closest existing column name", () => {
  const table = cohortTableFromCsv("pid,rfstime,status\n1,5,0\n", { file: "data/t.csv", cohort: "demo", idColumn: "pid" });
  assert.throws(() => requireColumn(table, "rfs_time"), {
    message: 'cohort "demo", data/t.csv, column "rfs_time": the table has no such column (did you mean "rfstime"?). Fix: rename the column in the table, or correct the column name in study.json',
  });
  assert.throws(() => requireColumn(table, "zzz"), { message: /no such column\. Fix:/ });
});

test("numericColumn parses plain decimals, exponents and TRUE/FALSE as 1/0", () => {
  assert.deepEqual(Array.from(numericColumn(column("1", "-2.5", " 3 ", "1e3", ".5", "TRUE", "false"), "v")), [1, -2.5, 3, 1000, 0.5, 1, 0]);
});

test("numericColumn refuses missing cells by default and returns NaN for them when allowed", () => {
  assert.throws(() => numericColumn(column("1", "", "NA"), "v"), {
    message: `${at}: 2 values are missing (empty or NA) (rows 2, 3). Fix: fill in the values, or remove these patients from the table and count them in the study's flow diagram; values are never imputed`,
  });
  assert.deepEqual(Array.from(numericColumn(column("1", "", "NA"), "v", { allowMissing: true })), [1, NaN, NaN]);
});

test("numericColumn refuses text that is not a number, showing up to three distinct values", () => {
  assert.throws(() => numericColumn(column("1", "12 mm", '"1,5"', "n/a", "x", "x"), "v", { purpose: 'feature "size"' }), {
    message: `${at}: feature "size": 5 values are not a number (found "12 mm", "1,5", "n/a") (rows 2, 3, 4, 5, 6). Fix: write plain numbers with a decimal point (for example 12.5), without units, spaces inside or thousands separators`,
  });
});

test("numericColumn refuses NaN and infinities by name (never sorts them), and allows ±Inf only with finite: false", () => {
  assert.throws(() => numericColumn(column("0.2", "NaN", "Inf", "-Infinity"), "v"), { message: `${at}: 3 values are NaN or infinite (found "NaN", "Inf", "-Infinity") (rows 2, 3, 4). Fix: replace them with the measured value, or leave the cell empty if the value is missing` });
  assert.deepEqual(Array.from(numericColumn(column("Inf", "-Inf"), "v", { finite: false })), [Infinity, -Infinity]);
  assert.throws(() => numericColumn(column("NaN"), "v", { finite: false }), { message: /NaN or infinite/ });
});

test("numericColumn refuses integers beyond ±(2^53 − 1) instead of rounding them", () => {
  assert.equal(numericColumn(column("9007199254740991"), "v")[0], 9007199254740991);
  assert.throws(() => numericColumn(column("9007199254740993"), "v"), { message: /1 integer is beyond ±\(2\^53 − 1\) and cannot be held exactly as a double \(found "9007199254740993"\) \(row 1\)/ });
});

test("numericColumn checks integer, min and max with the caller's fix", () => {
  assert.throws(() => numericColumn(column("1", "2.5"), "v", { integer: true }), { message: /1 value is not a whole number \(found "2\.5"\) \(row 2\)/ });
  assert.throws(() => numericColumn(column("3", "-1", "-2"), "v", { min: 0, purpose: "follow-up time", rangeFix: "time must be ≥ 0" }), {
    message: `${at}: follow-up time: 2 values are below 0 (found "-1", "-2") (rows 2, 3). Fix: time must be ≥ 0`,
  });
  assert.throws(() => numericColumn(column("0.5", "1.2"), "v", { max: 1 }), { message: /1 value is above 1 \(found "1\.2"\) \(row 2\)/ });
});

test("values of the identifier column are never printed in a message", () => {
  const table = cohortTableFromCsv("id,v\nMRN-778899,1\n", { file: "data/t.csv", cohort: "demo", idColumn: "id" });
  assert.throws(() => numericColumn(table, "id"), (error: Error) => !error.message.includes("778899") && /row 1/.test(error.message));
});

test("binaryColumn maps 0/1, 0.0/1.0, TRUE/FALSE and true/false explicitly", () => {
  assert.deepEqual(Array.from(binaryColumn(column("0", "1", "1.0", "TRUE", "FALSE", "true", "false"), "v")), [0, 1, 1, 1, 0, 1, 0]);
});

test("binaryColumn refuses an undeclared 1/2 coding and says to recode or declare it", () => {
  assert.throws(() => binaryColumn(column("1", "2", "2", "1"), "v"), {
    message: `${at}: the values are 1 and 2 only, which looks like the coding 1 = censored, 2 = event (as R's survival::lung), not 0/1 (found "2") (rows 2, 3). Fix: recode the column to 0 = no event, 1 = event, or declare "coding": "1=censored,2=event" for this column in study.json`,
  });
});

test("binaryColumn with the declared 1=censored,2=event coding maps 1 → 0 and 2 → 1 and refuses 0", () => {
  assert.deepEqual(Array.from(binaryColumn(column("1", "2", "2"), "v", { coding: "1=censored,2=event" })), [0, 1, 1]);
  assert.throws(() => binaryColumn(column("0", "2"), "v", { coding: "1=censored,2=event" }), { message: /1 value is not 1 \(censored\) or 2 \(event\) \(found "0"\) \(row 1\)/ });
});

test("binaryColumn refuses durations or other values, listing them and their rows", () => {
  assert.throws(() => binaryColumn(column("1", "5", "8", "0", "12"), "v", { purpose: "event indicator" }), {
    message: `${at}: event indicator: 3 values are not 0/1 or TRUE/FALSE (found "5", "8", "12") (rows 2, 3, 5). Fix: this column must be an event indicator (1 = event, 0 = no event); check that the time and event columns are not swapped and that it is not a count or a duration`,
  });
  assert.throws(() => binaryColumn(column("1", ""), "v"), { message: /1 value is missing \(empty or NA\) \(row 2\)/ });
});

test("isoDateToDays counts UTC calendar days from 1970-01-01 and refuses impossible dates", () => {
  assert.equal(isoDateToDays("1970-01-01"), 0);
  assert.equal(isoDateToDays("2021-03-01"), 18687);
  assert.equal(isoDateToDays("2000-02-29"), 11016);
  assert.equal(isoDateToDays("2021-02-29"), undefined);
  assert.equal(isoDateToDays("2021-13-01"), undefined);
  assert.equal(isoDateToDays("03/01/2021"), undefined);
  assert.equal(isoDateToDays("2021-03-01T00:00:00"), undefined);
});

test("dateColumn gives whole days and refuses other formats, naming rows", () => {
  assert.deepEqual(Array.from(dateColumn(column("2021-03-01", "2021-03-31"), "v")), [18687, 18717]);
  assert.throws(() => dateColumn(column("2021-03-01", "03/01/2021", "2021-02-30"), "v"), {
    message: `${at}: 2 values are not an ISO calendar date YYYY-MM-DD (found "03/01/2021", "2021-02-30") (rows 2, 3). Fix: write dates as YYYY-MM-DD (for example 2021-03-01), without a time of day`,
  });
  assert.throws(() => dateColumn(column("2021-03-01", ""), "v"), { message: /1 date is missing/ });
  assert.ok(Number.isNaN(dateColumn(column("2021-03-01", ""), "v", { allowMissing: true })[1]));
});

test("textColumn keeps identifiers exactly and refuses missing values unless allowed", () => {
  const table = cohortTableFromCsv("id,v\n00123,a\n00124,NA\n", { file: "data/t.csv", cohort: "demo", idColumn: "id" });
  assert.deepEqual(textColumn(table, "id"), ["00123", "00124"]);
  assert.deepEqual(textColumn(table, "v", { allowMissing: true }), ["a", null]);
  assert.throws(() => textColumn(table, "v"), { message: /1 value is missing \(empty or NA\) \(row 2\)/ });
});

test("accessors on an empty column return empty arrays", () => {
  const table: CohortTable = { file: "t.csv", cohortId: "demo", idColumn: "id", nRows: 0, rowNumbers: [], columns: new Map([["v", { name: "v", type: "text", values: [] }]]) };
  assert.equal(numericColumn(table, "v").length, 0);
  assert.equal(binaryColumn(table, "v").length, 0);
  assert.equal(dateColumn(table, "v").length, 0);
});
