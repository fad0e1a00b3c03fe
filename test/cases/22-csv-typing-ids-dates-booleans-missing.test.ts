import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cohortTableFromCsv, readCohortTable } from "../../data-loaders/io/cohort-table.ts";
import { binaryColumn, numericColumn, textColumn } from "../../data-loaders/io/column-access.ts";
import { deriveColumns } from "../../data-loaders/io/derive-columns.ts";
import { loadStudy } from "../../data-loaders/io/study-config.ts";
import type { CohortConfig } from "../../data-loaders/io/study-types.ts";
import { validateCohort } from "../../data-loaders/io/validate-cohort.ts";

// Every folder this file writes lives under one temporary folder, removed at the end.
const scratch = mkdtempSync(join(tmpdir(), "22-csv-typing-ids-dates-booleans-missing-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

// Case 22 (test/fixtures/cases/22-csv-typing-ids-dates-booleans-missing.md). Rows 1–2 as R's
// write.csv writes them, row 3's empty cell as Excel or pandas write a missing value.
const CSV = [
  '"id","index_date","event_date","event","p"',
  '"00123","2021-03-01","2021-03-31",TRUE,0.7',
  '"00124","2021-03-01","2021-06-01",FALSE,NA',
  '"00125","2021-02-27","2021-03-29",FALSE,',
].join("\n") + "\n";

const context = { file: "data/case22.csv", cohort: "case-22", idColumn: "id" };
const followUpCohort = { id: "case-22", derive: { days: { daysBetween: { from: "index_date", to: "event_date" } } } } as unknown as CohortConfig;

function followUpDays(): number[] {
  return deriveColumns(cohortTableFromCsv(CSV, context), followUpCohort).columns.get("days")!.values as number[];
}

/** Runs the follow-up computation in a child Node process under another time zone. */
function followUpDaysIn(timeZone: string): { days: number[]; naiveLocal: number } {
  const script = `
    import { cohortTableFromCsv } from ${JSON.stringify(resolve(import.meta.dirname, "../../data-loaders/io/cohort-table.ts"))};
    import { deriveColumns } from ${JSON.stringify(resolve(import.meta.dirname, "../../data-loaders/io/derive-columns.ts"))};
    const table = cohortTableFromCsv(${JSON.stringify(CSV)}, ${JSON.stringify(context)});
    const days = deriveColumns(table, ${JSON.stringify(followUpCohort)}).columns.get("days").values;
    // The trap the reader avoids: date-times without an offset are parsed as local time.
    const naiveLocal = (new Date("2021-03-31T00:00:00") - new Date("2021-03-01T00:00:00")) / 864e5;
    console.log(JSON.stringify({ days, naiveLocal }));
  `;
  const dir = mkdtempSync(join(scratch, "case-22-tz-"));
  const file = join(dir, "follow-up.mts");
  writeFileSync(file, script);
  const child = spawnSync(process.execPath, ["--import", "tsx", file], { env: { ...process.env, TZ: timeZone }, encoding: "utf8", cwd: resolve(import.meta.dirname, "../..") });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout);
}

test("case 22: ids stay text with their leading zeros", () => {
  assert.deepEqual(textColumn(cohortTableFromCsv(CSV, context), "id"), ["00123", "00124", "00125"]);
});

test("case 22: follow-up is a whole number of UTC calendar days: 30, 92, 30 (across 28 Feb → 1 Mar)", () => {
  assert.deepEqual(followUpDays(), [30, 92, 30]);
});

test("case 22: follow-up days are identical under TZ=America/Los_Angeles and Europe/Berlin (DST in March)", () => {
  for (const zone of ["America/Los_Angeles", "Europe/Berlin"]) {
    const { days, naiveLocal } = followUpDaysIn(zone);
    assert.deepEqual(days, [30, 92, 30], zone);
    assert.deepEqual(days, followUpDays(), `${zone} equals this process (TZ=${process.env.TZ ?? "unset"})`);
    assert.ok(Math.abs(naiveLocal - 29.958333333333332) < 1e-12, `${zone} really is a DST zone for the child: naive local parse gives ${naiveLocal}`);
  }
});

test("case 22: TRUE/FALSE events map explicitly to 1, 0, 0 (one event, not three)", () => {
  const event = binaryColumn(cohortTableFromCsv(CSV, context), "event");
  assert.deepEqual(Array.from(event), [1, 0, 0]);
});

test("case 22: p of NA and of an empty cell are missing, never 0, and are refused where a value is required", () => {
  const table = cohortTableFromCsv(CSV, context);
  assert.deepEqual(table.columns.get("p")!.values, ["0.7", null, null]);
  const p = numericColumn(table, "p", { allowMissing: true });
  assert.equal(p[0], 0.7);
  assert.ok(Number.isNaN(p[1]) && Number.isNaN(p[2]), "missing, not 0");
  assert.throws(() => numericColumn(table, "p"), { message: 'cohort "case-22", data/case22.csv, column "p": 2 values are missing (empty or NA) (rows 2, 3). Fix: fill in the values, or remove these patients from the table and count them in the study\'s flow diagram; values are never imputed' });
});

test("case 22: through a whole study, missing predictions are excluded and counted (2 of 3)", () => {
  const dir = mkdtempSync(join(scratch, "case-22-"));
  mkdirSync(join(dir, "data"));
  writeFileSync(join(dir, "data", "case22.csv"), CSV);
  writeFileSync(join(dir, "study.json"), JSON.stringify({
    title: "Case 22", direction: "higher-score-more-likely-positive", seed: 22, bootstrapReplicates: 10,
    models: [{ id: "m", label: "M", source: { kind: "predictions", probabilityColumn: "p" } }],
    cohorts: [{
      id: "case-22", label: "Case 22", role: "external-test", table: "data/case22.csv", idColumn: "id",
      derive: followUpCohort.derive,
      outcome: { kind: "binary", column: "event" },
      survival: { time: "days", event: "event" },
    }],
  }));
  const study = loadStudy(dir);
  const result = validateCohort(readCohortTable(study, study.cohorts[0]), study, study.cohorts[0]);
  assert.equal(result.predictions.get("m")!.nMissing, 2);
  assert.deepEqual(Array.from(result.survival!.time), [30, 92, 30]);
  assert.deepEqual(Array.from(result.outcome.outcome), [1, 0, 0]);
  assert.deepEqual(result.pseudonyms, ["case-22-0001", "case-22-0002", "case-22-0003"]);
});
