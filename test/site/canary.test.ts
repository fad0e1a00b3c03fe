/**
 * Nothing identifying is published. A copy of the embedded study gets canary columns (a name, a
 * record number, an exact date of birth, a surgery date) declared as identifying; after a full
 * build every file of the output, Arrow included, is searched for every canary value.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { filesContaining } from "../../data-loaders/artifacts/site-check.ts";
import { listFiles } from "../../data-loaders/artifacts/fingerprint.ts";
import { copyEmbeddedStudy, editCsv, editJson, runScript } from "./study-fixture.ts";

const canaryColumns = ["patient_name", "medical_record_number", "date_of_birth", "surgery_date"];

function canaryValue(column: string, row: number): string {
  const day = String(1 + (row % 28)).padStart(2, "0");
  if (column === "patient_name") return `Zebulon Quartermaine ${row}`;
  if (column === "medical_record_number") return `MRN-7734${String(row).padStart(4, "0")}`;
  if (column === "date_of_birth") return `1931-02-${day}`;
  return `2019-11-${day}`;
}

/** Adds the canary columns to GBSG and declares them; returns every planted value. */
function plantCanaries(study: string): string[] {
  const planted = new Set<string>();
  editCsv(join(study, "data", "gbsg.csv"), (header, rows) => {
    header.push(...canaryColumns);
    rows.forEach((cells, i) => {
      for (const column of canaryColumns) {
        const value = canaryValue(column, i + 1);
        cells.push(value);
        planted.add(value);
      }
    });
  });
  editJson(join(study, "study.json"), (json) => {
    const gbsg = json.cohorts.find((c: { id: string }) => c.id === "gbsg");
    gbsg.identifierColumns = canaryColumns;
  });
  return [...planted];
}

test("no canary value (name, record number, date of birth, surgery date) appears anywhere in the built site", () => {
  const { work, study } = copyEmbeddedStudy();
  try {
    const canaries = plantCanaries(study);
    const out = join(work, "dist");
    const build = runScript("scripts/build.ts", ["--study", study, "--out", out]);
    assert.equal(build.status, 0, build.log.slice(-3000));
    const files = listFiles(out);
    assert.ok(files.some((f) => f.endsWith(".arrow")), "the scan covers the Arrow files");
    assert.deepEqual([...filesContaining(out, canaries)], [], "files holding canary values");
    // Raw GBSG ids are not published either: per-patient rows carry pseudonyms.
    const predictions = readdirSync(join(out, "_file", "data")).find((f) => f.startsWith("predictions."));
    assert.ok(predictions && readFileSync(join(out, "_file", "data", predictions)).includes(Buffer.from("gbsg-0001")));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test("a study that would publish an identifier (a subgroup on the name column) is stopped and nothing is left", () => {
  const { work, study } = copyEmbeddedStudy();
  try {
    plantCanaries(study);
    editJson(join(study, "study.json"), (json) => {
      const gbsg = json.cohorts.find((c: { id: string }) => c.id === "gbsg");
      gbsg.subgroups.push({ column: "patient_name", label: "Name", levels: Array.from({ length: 686 }, (_, i) => canaryValue("patient_name", i + 1)) });
    });
    const out = join(work, "dist");
    mkdirSync(out);
    writeFileSync(join(out, "index.html"), "a stale report");
    const build = runScript("scripts/build.ts", ["--study", study, "--out", out]);
    assert.notEqual(build.status, 0);
    assert.match(build.log, /direct identifiers/);
    assert.equal(existsSync(out), false);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test("the scan finds a planted value inside an Arrow file's bytes", () => {
  const { work } = copyEmbeddedStudy();
  try {
    const site = join(work, "site");
    mkdirSync(site);
    writeFileSync(join(site, "t.arrow"), Buffer.concat([Buffer.from([0, 1, 2]), Buffer.from("MRN-77340042"), Buffer.from([3])]));
    assert.deepEqual([...filesContaining(site, ["MRN-77340042"]).keys()], ["t.arrow"]);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
