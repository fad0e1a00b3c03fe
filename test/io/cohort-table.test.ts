import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Table, tableToIPC, vectorFromArray, Int64, Int32, Float64, Bool, Utf8, DateDay, TimestampMillisecond, List, Field, type Vector } from "apache-arrow";
import { MISSING_TOKENS, cohortTableFromCsv, readCohortTable, readTableColumnNames, rowNumber, selectRows } from "../../data-loaders/io/cohort-table.ts";
import { binaryColumn, dateColumn, textColumn } from "../../data-loaders/io/column-access.ts";
import type { CohortConfig, Study } from "../../data-loaders/io/study-types.ts";

// Every folder this file writes lives under one temporary folder, removed at the end.
const scratch = mkdtempSync(join(tmpdir(), "cohort-table-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** A study folder under the system temp folder holding one file; returns study and cohort. */
function oneFileStudy(name: string, content: string | Uint8Array): { study: Study; cohort: CohortConfig } {
  const dir = mkdtempSync(join(scratch, "cohort-table-"));
  writeFileSync(join(dir, name), content);
  const cohort = { id: "demo", table: name, idColumn: "id" } as CohortConfig;
  return { study: { dir, cohorts: [cohort] } as unknown as Study, cohort };
}

const context = { file: "t.csv", cohort: "demo", idColumn: "id" };

test("CSV cells are raw text; only the empty cell and NA (after trimming spaces) are missing", () => {
  assert.deepEqual(MISSING_TOKENS, ["", "NA"]);
  const table = cohortTableFromCsv('id,v\n00123,NA\n00124,\n00125," "\n00126,NaN\n00127, NA \n00128,N/A\n00129,TRUE\n', context);
  assert.deepEqual(table.columns.get("id")!.values, ["00123", "00124", "00125", "00126", "00127", "00128", "00129"]);
  assert.deepEqual(table.columns.get("v")!.values, [null, null, null, "NaN", null, "N/A", "TRUE"]);
  assert.equal(table.columns.get("v")!.type, "text");
  assert.equal(table.nRows, 7);
});

test("readCohortTable reads a UTF-8 CSV with BOM and CRLF and reports the file relative to the study", () => {
  const { study, cohort } = oneFileStudy("t.csv", "\uFEFFid,größe\r\n1,20\r\n");
  const table = readCohortTable(study, cohort);
  assert.equal(table.file, "t.csv");
  assert.equal(table.cohortId, "demo");
  assert.deepEqual([...table.columns.keys()], ["id", "größe"]);
  assert.deepEqual(readTableColumnNames(study, cohort), ["id", "größe"]);
});

test("a header-only CSV and an empty CSV are refused, naming the file and cohort", () => {
  assert.throws(() => readCohortTable(...Object.values(oneFileStudy("t.csv", "id,y\n")) as [Study, CohortConfig]), {
    name: "InputError",
    message: 'cohort "demo", t.csv: the file has a header but no data rows. Fix: export the table again with one row per patient',
  });
  assert.throws(() => readCohortTable(...Object.values(oneFileStudy("t.csv", "")) as [Study, CohortConfig]), { message: /^cohort "demo", t\.csv: the file is empty \(no header row\)\. Fix: / });
});

test("a missing file, invalid UTF-8 and duplicate or empty column names are refused", () => {
  const { study, cohort } = oneFileStudy("other.csv", "id\n1\n");
  assert.throws(() => readCohortTable(study, { ...cohort, table: "t.csv" }), { message: /^cohort "demo", t\.csv: the table file cannot be read\. Fix: put the cohort's table at t\.csv/ });
  const latin1 = oneFileStudy("t.csv", Uint8Array.from([0x69, 0x64, 0x0a, 0x67, 0xf6, 0x0a]));
  assert.throws(() => readCohortTable(latin1.study, latin1.cohort), { message: /not valid UTF-8 text\. Fix: save the CSV with UTF-8 encoding/ });
  assert.throws(() => cohortTableFromCsv("id,y,y\n1,0,0\n", context), { message: 'cohort "demo", t.csv, column "y": two columns have this name. Fix: rename one of them so every column name is distinct' });
  assert.throws(() => cohortTableFromCsv("id,,y\n1,0,0\n", context), { message: /header field 2 is empty/ });
});

function arrowStudy(columns: Record<string, Vector>, name = "t.arrow") {
  return oneFileStudy(name, tableToIPC(new Table(columns), "file"));
}

test("Arrow: Int64 becomes numbers, ids become text, floats keep NaN, nulls are null", () => {
  const { study, cohort } = arrowStudy({
    id: vectorFromArray([1001n, 1002n], new Int64()),
    days: vectorFromArray([5n, null], new Int64()),
    p: vectorFromArray([0.5, NaN], new Float64()),
    small: vectorFromArray([7, 8], new Int32()),
  });
  const table = readCohortTable(study, cohort);
  assert.deepEqual(table.columns.get("id"), { name: "id", type: "text", values: ["1001", "1002"] });
  assert.deepEqual(table.columns.get("days"), { name: "days", type: "number", values: [5, null] });
  assert.deepEqual(table.columns.get("p")!.values, [0.5, NaN]);
  assert.deepEqual(table.columns.get("small")!.values, [7, 8]);
});

test("Arrow: booleans, text, dates and timestamps; dates are UTC calendar days as YYYY-MM-DD", () => {
  const march1 = Date.UTC(2021, 2, 1);
  const { study, cohort } = arrowStudy({
    id: vectorFromArray(["a", "b"], new Utf8()),
    flag: vectorFromArray([true, false], new Bool()),
    day: vectorFromArray([new Date(march1), null], new DateDay()),
    at: vectorFromArray([march1, march1 + 5 * 3_600_000], new TimestampMillisecond()),
  }, "t.feather");
  const table = readCohortTable(study, cohort);
  assert.deepEqual(table.columns.get("flag"), { name: "flag", type: "boolean", values: [true, false] });
  assert.deepEqual(table.columns.get("day"), { name: "day", type: "date", values: ["2021-03-01", null] });
  assert.deepEqual(table.columns.get("at"), { name: "at", type: "timestamp", values: ["2021-03-01", "2021-03-01T05:00:00.000Z"] });
});

test("Arrow: an unsupported column type and bytes that are not Arrow are refused with a fix", () => {
  const list = vectorFromArray([[1], [2]], new List(new Field("item", new Int32())));
  const { study, cohort } = arrowStudy({ id: vectorFromArray(["a", "b"], new Utf8()), doses: list });
  assert.throws(() => readCohortTable(study, cohort), { message: /^cohort "demo", t\.arrow, column "doses": the column has Arrow type List<Int32>, which this reader does not take\. Fix: cast it/ });
  const junk = oneFileStudy("t.arrow", "id,y\n1,0\n");
  assert.throws(() => readCohortTable(junk.study, junk.cohort), { message: /t\.arrow: the file is not a readable Arrow IPC file/ });
});

test("Arrow: a table with columns but no rows is refused like a header-only CSV", () => {
  const { study, cohort } = arrowStudy({ id: vectorFromArray([] as string[], new Utf8()) });
  assert.throws(() => readCohortTable(study, cohort), { message: /the file has a header but no data rows/ });
});

test("a table read from a file numbers its data rows 1..n (header not counted)", () => {
  const table = cohortTableFromCsv("id,v\n1,a\n2,b\n3,c\n", context);
  assert.deepEqual(table.rowNumbers, [1, 2, 3]);
  assert.equal(rowNumber(table, 2), 3);
  const { study, cohort } = oneFileStudy("t.csv", "id,v\n1,a\n2,b\n");
  assert.deepEqual(readCohortTable(study, cohort).rowNumbers, [1, 2]);
});

test("selectRows keeps the chosen rows in the given order with their file row numbers, twice over", () => {
  const table = cohortTableFromCsv("id,v\n1,a\n2,b\n3,c\n4,d\n5,e\n", context);
  const subset = selectRows(table, [4, 1, 2]);
  assert.deepEqual(subset.rowNumbers, [5, 2, 3]);
  assert.equal(subset.nRows, 3);
  assert.deepEqual(subset.columns.get("v")!.values, ["e", "b", "c"]);
  assert.deepEqual(subset.columns.get("v")!.type, "text");
  assert.deepEqual(selectRows(subset, [2, 0]).rowNumbers, [3, 5]);
  assert.deepEqual(table.columns.get("v")!.values, ["a", "b", "c", "d", "e"], "the source table is unchanged");
  assert.equal(selectRows(table, []).nRows, 0);
});

test("selectRows refuses positions outside the table", () => {
  const table = cohortTableFromCsv("id,v\n1,a\n", context);
  assert.throws(() => selectRows(table, [1]), { name: "RangeError", message: "row position 1 is outside the table's 1 rows" });
  assert.throws(() => selectRows(table, [0.5]), RangeError);
  assert.throws(() => selectRows(table, [-1]), RangeError);
});

test("errors on a selected table name the file's row numbers, never the position in the subset", () => {
  const table = cohortTableFromCsv("id,d,e,t\n1,2021-01-01,0,a\n2,2021-01-01,0,b\n3,01/02/2021,2,\n4,,7,\n", context);
  const subset = selectRows(table, [2, 3]);
  assert.throws(() => dateColumn(subset, "d"), { message: /column "d": 1 date is missing \(empty or NA\) \(row 4\)/ });
  assert.throws(() => dateColumn(subset, "d", { allowMissing: true }), { message: /not an ISO calendar date YYYY-MM-DD \(found "01\/02\/2021"\) \(row 3\)/ });
  assert.throws(() => binaryColumn(subset, "e"), { message: /2 values are not 0\/1 or TRUE\/FALSE \(found "2", "7"\) \(rows 3, 4\)/ });
  assert.throws(() => textColumn(subset, "t"), { message: /2 values are missing \(empty or NA\) \(rows 3, 4\)/ });
});
