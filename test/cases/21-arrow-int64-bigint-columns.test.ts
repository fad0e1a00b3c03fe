import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Table, Uint64, tableFromArrays, tableFromIPC, tableToIPC, vectorFromArray } from "apache-arrow";
import { readCohortTable } from "../../data-loaders/io/cohort-table.ts";
import { numericColumn } from "../../data-loaders/io/column-access.ts";
import { loadStudy } from "../../data-loaders/io/study-config.ts";
import { validateCohort, type ValidatedCohort } from "../../data-loaders/io/validate-cohort.ts";
import { kaplanMeier } from "../../data-loaders/stats/kaplan-meier.ts";
import { delong } from "../../data-loaders/stats/delong.ts";
import { assertAllClose, CLOSED_FORM } from "../assert-close.ts";

// Every folder this file writes lives under one temporary folder, removed at the end.
const scratch = mkdtempSync(join(tmpdir(), "21-arrow-int64-bigint-columns-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

// Case 21 (test/fixtures/cases/21-arrow-int64-bigint-columns.md): Int64 columns arrive from
// apache-arrow as BigInt; the reader must hand the statistics plain, range-checked numbers.

const CSV = "id,time,event,p\n1001,5,1,0.81\n1002,8,1,0.62\n1003,8,0,0.40\n1004,12,1,0.55\n1005,20,0,0.20\n1006,25,0,0.15\n";

function arrowBytes(ids: bigint[] = [1001n, 1002n, 1003n, 1004n, 1005n, 1006n], times: bigint[] = [5n, 8n, 8n, 12n, 20n, 25n]): Uint8Array {
  const table = tableFromArrays({
    id: BigInt64Array.from(ids),
    time: BigInt64Array.from(times),
    event: BigInt64Array.from([1n, 1n, 0n, 1n, 0n, 0n]),
    p: Float64Array.from([0.81, 0.62, 0.4, 0.55, 0.2, 0.15]),
  });
  assert.equal(String(table.schema.fields[1].type), "Int64");
  return tableToIPC(table, "file");
}

/** One study, two cohorts holding the same six patients: one as Arrow IPC, one as CSV. */
function writeStudy(arrow: Uint8Array = arrowBytes()): string {
  const dir = mkdtempSync(join(scratch, "case-21-"));
  mkdirSync(join(dir, "data"));
  writeFileSync(join(dir, "data", "six.arrow"), arrow);
  writeFileSync(join(dir, "data", "six.csv"), CSV);
  const cohort = (id: string, table: string) => ({
    id, label: id, role: "external-test", table, idColumn: "id",
    outcome: { kind: "binary", column: "event" }, survival: { time: "time", event: "event" },
  });
  writeFileSync(join(dir, "study.json"), JSON.stringify({
    title: "Case 21", direction: "higher-score-more-likely-positive", seed: 21, bootstrapReplicates: 10,
    models: [{ id: "m", label: "M", source: { kind: "predictions", probabilityColumn: "p" } }],
    cohorts: [cohort("from-arrow", "data/six.arrow"), cohort("from-csv", "data/six.csv")],
  }));
  return dir;
}

function validated(dir: string): ValidatedCohort[] {
  const study = loadStudy(dir);
  return study.cohorts.map((cohort) => validateCohort(readCohortTable(study, cohort), study, cohort));
}

test("case 21: apache-arrow itself returns BigInt for Int64, so 1n === 1 would count no events", () => {
  const raw = tableFromIPC(arrowBytes()).getChild("event")!;
  assert.equal(typeof raw.get(0), "bigint");
  assert.equal(Array.from(raw.toArray() as BigInt64Array).filter((e) => (e as unknown) === 1).length, 0);
});

test("case 21: every value handed on is a number and event === 1 finds the 3 events", () => {
  const [arrow] = validated(writeStudy());
  const { time, event } = arrow.survival!;
  assert.ok(Array.from(time).every((t) => typeof t === "number"));
  assert.ok(Array.from(event).every((e) => typeof e === "number"));
  assert.equal(Array.from(event).filter((e) => e === 1).length, 3);
  assert.deepEqual(Array.from(arrow.outcome.outcome), [1, 1, 0, 1, 0, 0]);
  assert.equal(time.reduce((a, b) => a + b, 0) / time.length, 13, "mean follow-up 13 days");
});

test("case 21: Arrow and CSV give identical columns, KM and AUC", () => {
  const [arrow, csv] = validated(writeStudy());
  assert.deepEqual(arrow.survival, csv.survival);
  assert.deepEqual(arrow.outcome, csv.outcome);
  assert.deepEqual(arrow.predictions.get("m"), csv.predictions.get("m"));
  assert.deepEqual(arrow.table.columns.get("id")!.values, csv.table.columns.get("id")!.values);
  for (const cohort of [arrow, csv]) {
    const curve = kaplanMeier(cohort.survival!.time, cohort.survival!.event, { confidenceType: "log" });
    // S(5) = 5/6; S(8) = 5/6 · 4/5 (the censoring at 8 is still at risk); S(12) = S(8) · 2/3.
    const s5 = 5 / 6;
    const s8 = s5 * (4 / 5);
    const s12 = s8 * (2 / 3);
    assertAllClose(curve.rows.map((r) => r.survival), [s5, s8, s12, s12, s12], CLOSED_FORM, "KM survival");
    assert.deepEqual(curve.rows.map((r) => r.numberAtRisk), [6, 5, 3, 2, 1]);
    const auc = delong(cohort.predictions.get("m")!.probability, cohort.outcome.outcome, "<").auc;
    assert.equal(auc, 1, "cases 0.81, 0.62, 0.55 all above controls 0.40, 0.20, 0.15");
  }
});

test("case 21: results serialise to JSON with plain numbers (no BigInt error)", () => {
  const [arrow] = validated(writeStudy());
  const json = JSON.stringify({ time: Array.from(arrow.survival!.time), ids: arrow.pseudonyms });
  assert.equal(json, '{"time":[5,8,8,12,20,25],"ids":["from-arrow-0001","from-arrow-0002","from-arrow-0003","from-arrow-0004","from-arrow-0005","from-arrow-0006"]}');
});

test("case 21: an Int64 value beyond ±(2^53 − 1) is refused with its row when used as a number", () => {
  const dir = writeStudy(arrowBytes(undefined, [5n, 8n, 9007199254740993n, 12n, -9007199254740993n, 25n]));
  const study = loadStudy(dir);
  const table = readCohortTable(study, study.cohorts[0]);
  assert.deepEqual(table.columns.get("time")!.values, [5, 8, "9007199254740993", 12, "-9007199254740993", 25]);
  assert.throws(() => numericColumn(table, "time"), {
    name: "InputError",
    message: 'cohort "from-arrow", data/six.arrow, column "time": 2 integers are beyond ±(2^53 − 1) and cannot be held exactly as a double (found "9007199254740993", "-9007199254740993") (rows 3, 5). Fix: store identifiers as text (or name the column as idColumn) and measurements as double or 32-bit integers',
  });
  assert.throws(() => validateCohort(table, study, study.cohorts[0]), { message: /column "time": follow-up time: 2 integers are beyond/ });
});

test("case 21: the largest safe integers convert exactly; ids of any size stay exact text", () => {
  const ids = [9007199254740993n, 2n ** 62n, 3n, 4n, 5n, 6n];
  const dir = writeStudy(arrowBytes(ids, [9007199254740991n, -9007199254740991n, 8n, 12n, 20n, 25n]));
  const study = loadStudy(dir);
  const table = readCohortTable(study, study.cohorts[0]);
  assert.deepEqual(table.columns.get("id")!.values.slice(0, 2), ["9007199254740993", "4611686018427387904"]);
  assert.deepEqual(Array.from(numericColumn(table, "time", { finite: true })).slice(0, 2), [9007199254740991, -9007199254740991]);
});

test("case 21: Uint64 columns are converted the same way", () => {
  const dir = mkdtempSync(join(scratch, "case-21-u64-"));
  writeFileSync(join(dir, "u.arrow"), tableToIPC(new Table({ id: vectorFromArray(["a", "b"]), n: vectorFromArray([7n, 18446744073709551615n], new Uint64()) }), "file"));
  const cohort = { id: "u", table: "u.arrow", idColumn: "id" } as any;
  const table = readCohortTable({ dir, cohorts: [cohort] } as any, cohort);
  assert.deepEqual(table.columns.get("n")!.values, [7, "18446744073709551615"]);
});
