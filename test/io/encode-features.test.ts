import { test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { assertClose } from "../assert-close.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";
import { cohortTableFromCsv, readCohortTable, type CohortTable } from "../../data-loaders/io/cohort-table.ts";
import { deriveColumns } from "../../data-loaders/io/derive-columns.ts";
import { encodeFeatures } from "../../data-loaders/io/encode-features.ts";
import { loadStudy } from "../../data-loaders/io/study-config.ts";
import type { CohortConfig, ModelConfig } from "../../data-loaders/io/study-types.ts";

const study = loadStudy(resolve(import.meta.dirname, "../../studies/gbsg-external-validation"));
const model = study.models[0];
const gbsgCohort = study.cohorts.find((c) => c.id === "gbsg")!;
const gbsg = deriveColumns(readCohortTable(study, gbsgCohort), gbsgCohort);
const encoded = encodeFeatures(gbsg, model, gbsgCohort);
const reference = loadReference("locked_model");

/** Patient i's encoded features as an object keyed by feature name. */
function encodedRow(i: number): Record<string, number> {
  return Object.fromEntries(encoded.names.map((name, j) => [name, encoded.matrix[i * encoded.k + j]]));
}

/** lp = intercept + Σ coef·x, summed in the model's term order as R's model matrix product. */
function linearPredictor(i: number): number {
  const coefficients = reference.model.coefficients_by_term;
  let lp = coefficients["(Intercept)"];
  encoded.names.forEach((name, j) => (lp += coefficients[name] * encoded.matrix[i * encoded.k + j]));
  return lp;
}

test("GBSG encodes to a 686 × 9 row-major matrix in the model's term order", () => {
  assert.equal(encoded.n, 686);
  assert.equal(encoded.k, 9);
  assert.equal(encoded.matrix.length, 686 * 9);
  assert.deepEqual(encoded.names, model.features.map((f) => f.name));
});

test("encoded GBSG rows equal locked_model.json worked_example rows and extra_rows exactly (10 rows × 9 values)", () => {
  const rows = [...reference.worked_example.rows, ...reference.worked_example.extra_rows];
  assert.equal(rows.length, 10);
  for (const row of rows) {
    const ours = encodedRow(row.gbsg_row - 1);
    for (const [name, value] of Object.entries(row.encoded)) {
      assert.equal(ours[name], value, `GBSG row ${row.gbsg_row}, ${name}`);
    }
    assert.equal(gbsg.columns.get("pid")!.values[row.gbsg_row - 1], String(row.pid));
  }
});

test("the worked examples' lp and p follow from the encoded rows within 1e-12 relative", () => {
  for (const row of [...reference.worked_example.rows, ...reference.worked_example.extra_rows]) {
    const lp = linearPredictor(row.gbsg_row - 1);
    assertClose(lp, row.linear_predictor, 1e-12, `lp of GBSG row ${row.gbsg_row}`);
    assertClose(1 / (1 + Math.exp(-lp)), row.probability, 1e-12, `p of GBSG row ${row.gbsg_row}`);
  }
});

test("lp from the encoded matrix matches gbsg_validation.csv for all 686 patients within 1e-12 relative", () => {
  const validation = loadReferenceCsv("gbsg_validation");
  assert.equal(validation.length, 686);
  validation.forEach((row, i) => {
    assert.equal(gbsg.columns.get("pid")!.values[i], row.pid, `row ${i + 1} is the same patient`);
    assertClose(linearPredictor(i), Number(row.lp), 1e-12, `lp of GBSG row ${i + 1}`);
    assertClose(1 / (1 + Math.exp(-linearPredictor(i))), Number(row.p), 1e-12, `p of GBSG row ${i + 1}`);
  });
});

test("Rotterdam encodes with the same features (size copied from its category column)", () => {
  const cohort = study.cohorts.find((c) => c.id === "rotterdam")!;
  const table = deriveColumns(readCohortTable(study, cohort), cohort);
  const rotterdam = encodeFeatures(table, model, cohort);
  assert.equal(rotterdam.n, 2982);
  const sizeRaw = table.columns.get("size")!.values;
  const j = rotterdam.names.indexOf("size_gt_50");
  sizeRaw.forEach((size, i) => assert.equal(rotterdam.matrix[i * 9 + j], size === ">50" ? 1 : 0));
});

// Small synthetic tables for the refusals.
const demoCohort = { id: "demo", derive: {} } as unknown as CohortConfig;
function demo(csv: string): CohortTable {
  return cohortTableFromCsv(csv, { file: "data/demo.csv", cohort: "demo", idColumn: "id" });
}
function demoModel(features: ModelConfig["features"]): ModelConfig {
  return { id: "m", label: "M", primary: true, source: { kind: "onnx", file: "m.onnx", sha256: "0".repeat(64), input: "x", outputs: { probability: "p" } }, features };
}

test("indicator (numbers as numbers, text trimmed), cap and log1p rules on a hand-made table", () => {
  const table = demo("id,grade,nodes,pgr,size\n1,3,24,0,20-50\n2,1,20,2, >50 \n3,3.0,3,1e-300,<=20\n");
  const features = demoModel([
    { name: "grade_3", column: "grade", equals: 3 },
    { name: "nodes_capped20", column: "nodes", capAt: 20 },
    { name: "log_pgr_plus1", column: "pgr", transform: "log1p" },
    { name: "size_gt_50", column: "size", equals: ">50" },
  ]);
  const { matrix } = encodeFeatures(table, features, demoCohort);
  // ln(1 + 1e-300) rounds to 0 as R's log(1e-300 + 1) does, because the sum is exactly 1.
  assert.deepEqual(Array.from(matrix), [1, 20, 0, 0, 0, 20, 1.0986122886681098, 1, 1, 3, 0, 0]);
});

test("a missing input is refused, naming the feature, column, cohort and rows; nothing is imputed", () => {
  const table = demo("id,age\n1,50\n2,NA\n3,\n4,61\n");
  assert.throws(() => encodeFeatures(table, demoModel([{ name: "age", column: "age" }]), demoCohort), {
    name: "InputError",
    message: `cohort "demo", data/demo.csv, column "age": feature "age": 2 values are missing (empty or NA) (rows 2, 3). Fix: fill in the values, or remove these patients from the table and count them in the study's flow diagram; values are never imputed`,
  });
});

test("NaN or infinite inputs are refused by name, never passed to the model", () => {
  const table = demo("id,age\n1,NaN\n2,Inf\n");
  assert.throws(() => encodeFeatures(table, demoModel([{ name: "age", column: "age" }]), demoCohort), { message: /feature "age": 2 values are NaN or infinite/ });
});

test("an indicator's column must hold only its declared levels (a misspelt category is not a silent 0)", () => {
  const table = demo("id,size\n1,20-50\n2,20 - 50\n3,>50\n");
  const levels = ["<=20", "20-50", ">50"];
  assert.throws(() => encodeFeatures(table, demoModel([{ name: "size_20_50", column: "size", equals: "20-50", levels }]), demoCohort), {
    message: `cohort "demo", data/demo.csv, column "size": feature "size_20_50": 1 value is not among the declared levels "<=20", "20-50", ">50" (row 2). Fix: correct the values (spelling, units), or add the level to the feature's levels in study.json if the model defines it`,
  });
});

test("a log transform refuses values outside its domain instead of producing -Infinity or NaN", () => {
  const table = demo("id,pgr,er\n1,-1,0\n2,3,5\n");
  assert.throws(() => encodeFeatures(table, demoModel([{ name: "l", column: "pgr", transform: "log1p" }]), demoCohort), { message: /feature "l": 1 value is outside the domain of log1p \(value \+ 1 must be above 0\) \(row 1\)/ });
  assert.throws(() => encodeFeatures(table, demoModel([{ name: "l", column: "er", transform: "log" }]), demoCohort), { message: /feature "l": 1 value is outside the domain of log \(the value must be above 0\) \(row 1\)/ });
});

test("a missing feature column names the closest existing column", () => {
  assert.throws(() => encodeFeatures(demo("id,nodes\n1,3\n"), demoModel([{ name: "n", column: "node" }]), demoCohort), { message: /column "node": feature "n": the table has no such column \(did you mean "nodes"\?\)/ });
});

test("a model with a predictions source has nothing to encode and is refused", () => {
  const predictions: ModelConfig = { id: "p", label: "P", primary: true, source: { kind: "predictions", probabilityColumn: "p" }, features: [] };
  assert.throws(() => encodeFeatures(demo("id,p\n1,0.5\n"), predictions, demoCohort), { message: /model "p" has no features to encode/ });
});

test("an empty table encodes to an empty matrix", () => {
  const empty: CohortTable = { file: "t.csv", cohortId: "demo", idColumn: "id", nRows: 0, rowNumbers: [], columns: new Map([["age", { name: "age", type: "number", values: [] }]]) };
  const result = encodeFeatures(empty, demoModel([{ name: "age", column: "age" }]), demoCohort);
  assert.deepEqual([result.n, result.k, result.matrix.length], [0, 1, 0]);
});
