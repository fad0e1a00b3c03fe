import { test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { cohortTableFromCsv, readCohortTable } from "../../data-loaders/io/cohort-table.ts";
import { loadStudy } from "../../data-loaders/io/study-config.ts";
import type { CohortConfig, EventCoding } from "../../data-loaders/io/study-types.ts";
import { survivalColumns } from "../../data-loaders/io/survival-columns.ts";

const context = { file: "data/s.csv", cohort: "demo", idColumn: "id" };
function cohortWith(coding: EventCoding = "0=censored,1=event"): CohortConfig {
  return { id: "demo", survival: { time: "time", event: "status", timeUnit: "days", label: "OS", coding } } as CohortConfig;
}
function table(rows: string): ReturnType<typeof cohortTableFromCsv> {
  const lines = rows.trim().split("\n").map((line, i) => `${i + 1},${line}`);
  return cohortTableFromCsv(`id,time,status\n${lines.join("\n")}\n`, context);
}

// Case 17's times and arms; status as 0/1.
const CASE_17_TIMES = [1, 2, 2, 3, 4, 5, 6, 8, 2, 4, 6, 7, 9, 10, 12, 12];
const CASE_17_STATUS = [1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0];
const case17 = (status: (number | string)[]) => table(CASE_17_TIMES.map((t, i) => `${t},${status[i]}`).join("\n"));

test("GBSG recurrence-free survival: 686 follow-up times in days and 299 events", () => {
  const study = loadStudy(resolve(import.meta.dirname, "../../studies/gbsg-external-validation"));
  const gbsg = study.cohorts.find((c) => c.id === "gbsg")!;
  const { time, event } = survivalColumns(readCohortTable(study, gbsg), gbsg);
  assert.equal(time.length, 686);
  assert.equal(event.reduce((sum, e) => sum + e, 0), 299);
  assert.deepEqual(Array.from(time.slice(0, 3)), [1838, 403, 1603]);
});

test("case 14 A: follow-up time 0 is kept, with its event or censoring", () => {
  const { time, event } = survivalColumns(table("0,1\n0,0\n1,1\n2,0\n3,1\n3,1\n4,0"), cohortWith());
  assert.deepEqual(Array.from(time), [0, 0, 1, 2, 3, 3, 4]);
  assert.deepEqual(Array.from(event), [1, 0, 1, 0, 1, 1, 0]);
});

test("case 14 B: a negative follow-up time is refused, naming row 1 and the value", () => {
  assert.throws(() => survivalColumns(table("-1,1\n1,1\n2,1\n3,1\n4,1"), cohortWith()), {
    name: "InputError",
    message: 'cohort "demo", data/s.csv, column "time": follow-up time: 1 value is below 0 (found "-1") (row 1). Fix: follow-up must be ≥ 0 days; a negative time usually means an event or last-contact date before the index date, so check those dates',
  });
});

test("case 17: 0/1 and TRUE/FALSE event columns give the same indicator", () => {
  const numeric = survivalColumns(case17(CASE_17_STATUS), cohortWith()).event;
  const logical = survivalColumns(case17(CASE_17_STATUS.map((s) => (s ? "TRUE" : "FALSE"))), cohortWith()).event;
  assert.deepEqual(Array.from(numeric), CASE_17_STATUS);
  assert.deepEqual(Array.from(logical), CASE_17_STATUS);
  assert.equal(numeric.reduce((a, b) => a + b, 0), 10, "6 events in arm A and 4 in arm B");
});

test("case 17: 1/2 coding is refused unless declared, never read as all events", () => {
  const oneTwo = CASE_17_STATUS.map((s) => s + 1);
  assert.throws(() => survivalColumns(case17(oneTwo), cohortWith()), {
    message: /event indicator: the values are 1 and 2 only, which looks like the coding 1 = censored, 2 = event \(as R's survival::lung\), not 0\/1 \(found "2"\) \(rows 1, 2, 3, 5, 6 and 5 more\)\. Fix: recode the column to 0 = no event, 1 = event, or declare "coding": "1=censored,2=event"/,
  });
  const declared = survivalColumns(case17(oneTwo), cohortWith("1=censored,2=event")).event;
  assert.deepEqual(Array.from(declared), CASE_17_STATUS);
});

test("case 17: an event column holding durations is refused, listing the values and rows", () => {
  assert.throws(() => survivalColumns(case17(CASE_17_TIMES), cohortWith()), {
    message: /column "status": event indicator: 15 values are not 0\/1 or TRUE\/FALSE \(found "2", "3", "4"\) \(rows 2, 3, 4, 5, 6 and 10 more\)\. Fix: this column must be an event indicator/,
  });
});

test("all censored, a single event, and an empty table are all accepted as data", () => {
  assert.deepEqual(Array.from(survivalColumns(table("5,0\n8,0"), cohortWith()).event), [0, 0]);
  assert.deepEqual(Array.from(survivalColumns(table("5,1"), cohortWith()).event), [1]);
  const empty = { file: "t.csv", cohortId: "demo", idColumn: "id", nRows: 0, rowNumbers: [], columns: new Map(["time", "status"].map((n) => [n, { name: n, type: "text" as const, values: [] }])) };
  assert.equal(survivalColumns(empty, cohortWith()).time.length, 0);
});

test("NaN or infinite follow-up is refused; a cohort without a survival block is refused", () => {
  assert.throws(() => survivalColumns(table("NaN,1\nInf,0"), cohortWith()), { message: /follow-up time: 2 values are NaN or infinite/ });
  assert.throws(() => survivalColumns(table("5,1"), { id: "demo", survival: null } as CohortConfig), { message: /cohort "demo", study\.json: the cohort has no survival endpoint\. Fix: add a "survival" block/ });
});
