import { test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { loadReferenceCsv } from "../golden/reference/load.ts";
import { cohortTableFromCsv } from "../../data-loaders/io/cohort-table.ts";
import { cutLabel, deriveColumns } from "../../data-loaders/io/derive-columns.ts";
import { loadStudy } from "../../data-loaders/io/study-config.ts";
import { readCohortTable } from "../../data-loaders/io/cohort-table.ts";
import type { CohortConfig } from "../../data-loaders/io/study-types.ts";

const sizeLabels = ["<=20", "20-50", ">50"];

test("cutLabel is right-closed: (-Inf, 20] → <=20, (20, 50] → 20-50, (50, Inf) → >50", () => {
  assert.equal(cutLabel(-5, [20, 50], sizeLabels), "<=20");
  assert.equal(cutLabel(20, [20, 50], sizeLabels), "<=20");
  assert.equal(cutLabel(20.000001, [20, 50], sizeLabels), "20-50");
  assert.equal(cutLabel(50, [20, 50], sizeLabels), "20-50");
  assert.equal(cutLabel(51, [20, 50], sizeLabels), ">50");
  assert.equal(cutLabel(0, [0, 3], ["0", "1-3", "4+"]), "0");
});

test("GBSG size_category and nodes_group equal R's columns in gbsg_validation.csv for all 686 rows", () => {
  const study = loadStudy(resolve(import.meta.dirname, "../../studies/gbsg-external-validation"));
  const cohort = study.cohorts.find((c) => c.id === "gbsg")!;
  const table = deriveColumns(readCohortTable(study, cohort), cohort);
  const validation = loadReferenceCsv("gbsg_validation");
  const size = table.columns.get("size_category")!.values;
  const nodes = table.columns.get("nodes_group")!.values;
  validation.forEach((row, i) => {
    assert.equal(size[i], row.size_category, `size_category of row ${i + 1}`);
    assert.equal(nodes[i], row.nodes_group, `nodes_group of row ${i + 1}`);
  });
  // 45 patients measure exactly 20 mm and 17 exactly 50 mm (README of the reference set).
  const raw = table.columns.get("size")!.values;
  assert.equal(raw.filter((s, i) => s === "20" && size[i] === "<=20").length, 45);
  assert.equal(raw.filter((s, i) => s === "50" && size[i] === "20-50").length, 17);
  assert.equal(nodes.filter((n) => n === "0").length, 0);
});

const context = { file: "data/d.csv", cohort: "demo", idColumn: "id" };
function cohortWith(derive: CohortConfig["derive"]): CohortConfig {
  return { id: "demo", derive } as CohortConfig;
}

test("copy keeps values and type; cut leaves missing sources missing; rules may chain", () => {
  const table = cohortTableFromCsv("id,size\n1,18\n2,NA\n3,55\n", context);
  const derived = deriveColumns(table, cohortWith({ band: { cut: "size", breaks: [20, 50], labels: sizeLabels }, band2: { copy: "band" } }));
  assert.deepEqual(derived.columns.get("band"), { name: "band", type: "text", values: ["<=20", null, ">50"] });
  assert.deepEqual(derived.columns.get("band2")!.values, ["<=20", null, ">50"]);
  assert.equal(table.columns.has("band"), false, "the input table is not modified");
});

test("daysBetween counts whole calendar days, missing where either date is missing", () => {
  const table = cohortTableFromCsv("id,start,end\n1,2021-03-01,2021-03-31\n2,2021-03-01,2021-06-01\n3,2021-02-27,2021-03-29\n4,2021-01-01,\n", context);
  const derived = deriveColumns(table, cohortWith({ days: { daysBetween: { from: "start", to: "end" } } }));
  assert.deepEqual(derived.columns.get("days"), { name: "days", type: "number", values: [30, 92, 30, null] });
});

test("a derived name that exists in the table, or a cut over text, is refused", () => {
  const table = cohortTableFromCsv("id,size\n1,big\n", context);
  assert.throws(() => deriveColumns(table, cohortWith({ size: { copy: "id" } })), { message: /column "size": a derived column has the name of a column the table already has\. Fix: rename it in the "derive" block of cohort "demo" in study\.json/ });
  assert.throws(() => deriveColumns(table, cohortWith({ band: { cut: "size", breaks: [20], labels: ["a", "b"] } })), { message: /column "size": derived column "band": 1 value is not a number \(found "big"\) \(row 1\)/ });
});

test("an empty derive block returns the same columns", () => {
  const table = cohortTableFromCsv("id,size\n1,2\n", context);
  assert.deepEqual([...deriveColumns(table, cohortWith({})).columns.keys()], ["id", "size"]);
});
