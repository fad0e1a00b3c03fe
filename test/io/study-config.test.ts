import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { loadStudy, readStudyConfig } from "../../data-loaders/io/study-config.ts";

// Every folder this file writes lives under one temporary folder, removed at the end.
const scratch = mkdtempSync(join(tmpdir(), "study-config-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const GBSG_STUDY = resolve(import.meta.dirname, "../../studies/gbsg-external-validation");

/** A small valid study: an ONNX model (placeholder bytes), a development and an external cohort. */
function baseConfig(): any {
  return {
    title: "Demo",
    direction: "higher-score-more-likely-positive",
    seed: 1,
    bootstrapReplicates: 10,
    models: [{
      id: "m", label: "M",
      source: { kind: "onnx", file: "model/m.onnx", sha256: "0".repeat(64), input: "features", outputs: { probability: "probability" } },
      features: [{ name: "age", column: "age" }, { name: "grade_3", column: "grade", equals: 3 }],
    }],
    cohorts: [
      { id: "dev", label: "Dev", role: "development", table: "data/dev.csv", idColumn: "id", outcome: { kind: "binary", column: "y" } },
      {
        id: "ext", label: "Ext", role: "external-test", table: "data/ext.csv", idColumn: "id",
        outcome: { kind: "event-within-horizon", horizonDays: 100, events: [{ event: "status", time: "time" }] },
        survival: { time: "time", event: "status" },
        subgroups: [{ column: "grade", label: "Grade", levels: ["1", "2", "3"] }],
      },
    ],
    thresholds: { chooseOn: "dev", lockFile: "thresholds.lock.json", rules: [{ id: "screening", label: "S", rule: "highest-threshold-with-sensitivity-at-least", value: 0.9 }] },
  };
}

/** Writes the config (after `change`) and its files to a fresh folder under the temp folder. */
function writeStudy(change: (config: any) => void = () => {}): string {
  const dir = mkdtempSync(join(scratch, "study-config-"));
  mkdirSync(join(dir, "data"));
  mkdirSync(join(dir, "model"));
  writeFileSync(join(dir, "model", "m.onnx"), "placeholder");
  writeFileSync(join(dir, "data", "dev.csv"), "id,age,grade,y\n1,50,2,0\n2,60,3,1\n");
  writeFileSync(join(dir, "data", "ext.csv"), "id,age,grade,time,status\n1,50,2,120,0\n2,60,3,30,1\n");
  const config = baseConfig();
  change(config);
  writeFileSync(join(dir, "study.json"), JSON.stringify(config, null, 2));
  return dir;
}

function refusesConfig(change: (config: any) => void, message: string | RegExp): void {
  assert.throws(() => loadStudy(writeStudy(change)), { name: "InputError", message });
}

test("the GBSG external-validation study loads with its two cohorts, one primary model and locked rules", () => {
  const study = loadStudy(GBSG_STUDY);
  assert.equal(study.dir, GBSG_STUDY);
  assert.deepEqual(study.cohorts.map((c) => [c.id, c.role]), [["rotterdam", "development"], ["gbsg", "external-test"]]);
  assert.equal(study.models.length, 1);
  assert.equal(study.models[0].primary, true);
  assert.deepEqual(study.models[0].features.map((f) => f.name), ["age", "meno", "size_20_50", "size_gt_50", "grade_3", "nodes_capped20", "log_pgr_plus1", "log_er_plus1", "hormon"]);
  assert.equal(study.thresholds?.chooseOn, "rotterdam");
  assert.deepEqual(study.survivalAnalysis?.times, [365.25, 1826.25]);
  assert.deepEqual(study.cohorts[1].subgroups.find((s) => s.column === "nodes_group")?.levels, ["0", "1-3", "4+"]);
});

test("the study's features follow locked_model.json's term order (intercept aside)", async () => {
  const { loadReference } = await import("../golden/reference/load.ts");
  const terms = loadReference("locked_model").model.coefficients.map((c: any) => c.term).slice(1);
  assert.deepEqual(loadStudy(GBSG_STUDY).models[0].features.map((f) => f.name), terms);
});

test("defaults: a lone model is primary, publication shows all cells, survival coding is 0/1 in days", () => {
  const study = loadStudy(writeStudy());
  assert.equal(study.models[0].primary, true);
  assert.deepEqual(study.publication, { minimumCellCount: 0, aggregateOnly: false });
  assert.deepEqual(study.cohorts[1].survival, { time: "time", event: "status", timeUnit: "days", label: "Survival", coding: "0=censored,1=event" });
  assert.deepEqual(study.cohorts[0].outcome, { kind: "binary", column: "y", positive: 1, negative: 0 });
  assert.equal(study.thresholds?.lockFile, "thresholds.lock.json");
});

test("an unknown role is refused with the key path and the allowed values", () => {
  refusesConfig((c) => (c.cohorts[1].role = "external"), 'study.json: cohorts[1].role is "external" (did you mean "external-test"?); expected one of "development", "internal-validation", "external-test". Fix: use one of the listed values exactly');
});

test("a wrongly typed value names its key path: cohorts[1].outcome.horizonDays", () => {
  refusesConfig((c) => (c.cohorts[1].outcome.horizonDays = "1826.25"), 'study.json: cohorts[1].outcome.horizonDays is "1826.25"; expected a finite number > 0 (days). Fix: write the number without quotes');
  refusesConfig((c) => (c.cohorts[1].outcome.horizonDays = -5), /cohorts\[1\]\.outcome\.horizonDays is -5; expected a finite number > 0 \(days\)/);
});

test("unknown keys (typos) are refused with the closest known key", () => {
  refusesConfig((c) => (c.cohorts[0].idColum = "id"), /^study\.json: cohorts\[0\]\.idColum is not a known key \(did you mean "idColumn"\?\)\. Fix: use one of: id, label, role, table, idColumn, outcome, derive, survival, subgroups, identifierColumns, filter, eligibility, images$/);
  refusesConfig((c) => (c.seeed = 3), /^study\.json: seeed is not a known key \(did you mean "seed"\?\)/);
  refusesConfig((c) => (c.models[0].features[0].cap = 20), /models\[0\]\.features\[0\]\.cap is not a known key \(did you mean "capAt"\?\)/);
});

test("a missing required key is named with the keys that are required there", () => {
  refusesConfig((c) => delete c.seed, "study.json: seed is missing. Fix: add \"seed\" (required keys here: title, direction, seed, bootstrapReplicates, models, cohorts)");
});

test("a missing model file is refused with its key path", () => {
  refusesConfig((c) => (c.models[0].source.file = "model/missing.onnx"), 'study.json: models[0].source.file is "model/missing.onnx", but there is no such file in the study folder. Fix: put the model file at model/missing.onnx (relative to study.json), or correct the path');
});

test("a missing table file is refused with its key path", () => {
  refusesConfig((c) => (c.cohorts[1].table = "data/nope.csv"), /^study\.json: cohorts\[1\]\.table is "data\/nope\.csv", but there is no such file/);
});

test("a feature naming a column the cohort lacks is refused with the closest column", () => {
  refusesConfig((c) => (c.models[0].features[1].column = "grde"), 'cohort "dev", study.json, column "grde": models[0].features[1].column names a column that data/dev.csv does not have (did you mean "grade"?). Fix: correct the name in study.json or in the table (the table has: id, age, grade, y)');
});

test("survival, outcome, subgroup and derive columns are checked against the table header", () => {
  refusesConfig((c) => (c.cohorts[1].survival.time = "rfstime"), /cohort "ext", study\.json, column "rfstime": cohorts\[1\]\.survival\.time names a column that data\/ext\.csv does not have/);
  refusesConfig((c) => (c.cohorts[1].subgroups[0].column = "meno"), /cohorts\[1\]\.subgroups\[0\]\.column names a column/);
  refusesConfig((c) => (c.cohorts[1].derive = { band: { cut: "size", breaks: [1], labels: ["a", "b"] } }), /cohorts\[1\]\.derive\.band\.cut names a column that data\/ext\.csv does not have/);
});

test("a derived column may feed features and later derives, but may not replace a table column", () => {
  const study = loadStudy(writeStudy((c) => {
    c.cohorts.forEach((cohort: any) => (cohort.derive = { g: { copy: "grade" }, g2: { copy: "g" } }));
    c.models[0].features[1].column = "g2";
  }));
  assert.deepEqual(study.cohorts[0].derive, { g: { copy: "grade" }, g2: { copy: "g" } });
  refusesConfig((c) => (c.cohorts[0].derive = { age: { copy: "grade" } }), /cohorts\[0\]\.derive\.age would replace a column that data\/dev\.csv already has/);
  refusesConfig((c) => (c.cohorts[0].derive = { g2: { copy: "g" }, g: { copy: "grade" } }), /cohorts\[0\]\.derive\.g2\.copy names a column that data\/dev\.csv does not have/);
});

test("thresholds may never be chosen on an external-test cohort", () => {
  refusesConfig((c) => (c.thresholds.chooseOn = "ext"), 'study.json: thresholds.chooseOn is "ext", an external-test cohort; thresholds may only be chosen on development or internal-validation data. Fix: choose thresholds on the development cohort and lock them before the external cohorts are evaluated');
  refusesConfig((c) => (c.thresholds.chooseOn = "nowhere"), /thresholds\.chooseOn is "nowhere", which is not a cohort id\. Fix: use the id of a development or internal-validation cohort \(dev, ext\)/);
});

test("duplicate cohort, model, feature and rule ids are refused, naming both places", () => {
  refusesConfig((c) => (c.cohorts[1].id = "dev"), 'study.json: cohorts[1].id repeats the cohort id "dev" already used at cohorts[0].id. Fix: give each cohort id a distinct value');
  refusesConfig((c) => c.models.push({ ...c.models[0], primary: false }), /models\[1\]\.id repeats the model id "m" already used at models\[0\]\.id/);
  refusesConfig((c) => (c.models[0].features[1].name = "age"), /models\[0\]\.features\[1\]\.name repeats the feature name "age"/);
  refusesConfig((c) => c.thresholds.rules.push({ ...c.thresholds.rules[0] }), /thresholds\.rules\[1\]\.id repeats the threshold rule id "screening"/);
});

test("exactly one model must be primary when there are several", () => {
  refusesConfig((c) => c.models.push({ ...c.models[0], id: "m2" }), "study.json: models has 0 models marked primary; expected exactly one. Fix: set \"primary\": true on the one prespecified primary model and false (or nothing) on the others");
  refusesConfig((c) => c.models.push({ ...c.models[0], id: "m2", primary: true }).valueOf() && (c.models[0].primary = true), /models has 2 models marked primary/);
});

test("feature rules: equals excludes capAt/transform, levels must contain equals, transform is known", () => {
  refusesConfig((c) => (c.models[0].features[1].capAt = 2), /models\[0\]\.features\[1\]\.capAt cannot be combined with "equals"/);
  refusesConfig((c) => (c.models[0].features[1].levels = [1, 2]), /models\[0\]\.features\[1\]\.equals is 3, which is not among the listed levels/);
  refusesConfig((c) => (c.models[0].features[1].levels = ["1", "2", "3"]), /features\[1\]\.levels\[0\] is "1"; expected a number like "equals"/);
  refusesConfig((c) => (c.models[0].features[0].transform = "ln"), /features\[0\]\.transform is "ln"; expected one of "log1p", "log"/);
});

test("cut labels must number breaks + 1, breaks must increase, risk-group probabilities lie in (0, 1)", () => {
  refusesConfig((c) => (c.cohorts[1].derive = { s: { cut: "age", breaks: [20, 50], labels: ["a", "b"] } }), /cohorts\[1\]\.derive\.s\.labels has 2 labels for 2 breaks; expected 3/);
  refusesConfig((c) => (c.cohorts[1].derive = { s: { cut: "age", breaks: [50, 20], labels: ["a", "b", "c"] } }), /cohorts\[1\]\.derive\.s\.breaks\[1\] is 20, not above the previous value 50/);
  refusesConfig((c) => (c.survivalAnalysis = { riskGroups: { kind: "quantiles", probabilities: [0, 0.5], labels: ["a", "b", "c"], score: "logit" }, times: [30] }), /survivalAnalysis\.riskGroups\.probabilities\[0\] is 0; expected a finite number > 0 < 1/);
});

test("paths must stay inside the study folder and have a known extension", () => {
  refusesConfig((c) => (c.cohorts[0].table = "../elsewhere/dev.csv"), /cohorts\[0\]\.table is "\.\.\/elsewhere\/dev\.csv"; expected a path inside the study folder\. Fix: copy or link the file into the study folder/);
  refusesConfig((c) => (c.cohorts[0].table = "/data/dev.csv"), /expected a path inside the study folder/);
  refusesConfig((c) => (c.cohorts[0].table = "data/dev.xlsx"), /cohorts\[0\]\.table is "data\/dev\.xlsx"; expected a file ending in \.csv, \.arrow, \.feather/);
});

test("other config checks: seed range, hash format, ids, survival block needed for survivalAnalysis", () => {
  refusesConfig((c) => (c.seed = 0), /seed is 0; expected an integer >= 1 <= 4294967295/);
  refusesConfig((c) => (c.models[0].source.sha256 = "abc"), /models\[0\]\.source\.sha256 is "abc"; expected 64 lower-case hexadecimal digits/);
  refusesConfig((c) => (c.cohorts[0].id = "Dev Cohort"), /cohorts\[0\]\.id is "Dev Cohort"; expected lower-case letters, digits and '-'/);
  refusesConfig((c) => { delete c.cohorts[1].survival; c.survivalAnalysis = { riskGroups: { kind: "quantiles", probabilities: [0.5], labels: ["a", "b"], score: "logit" }, times: [30] }; }, /survivalAnalysis is set, but no cohort has a survival block/);
  refusesConfig((c) => (c.cohorts[0].outcome = { kind: "binary", column: "y", positive: 1, negative: 1 }), /cohorts\[0\]\.outcome\.negative equals "positive" \(1\)/);
});

test("a predictions source takes no features; an ONNX source needs at least one", () => {
  refusesConfig((c) => (c.models[0].source = { kind: "predictions", probabilityColumn: "p" }), /models\[0\]\.features is set, but a predictions source is not run by the engine/);
  refusesConfig((c) => (c.models[0].features = []), /models\[0\]\.features is \[\]; expected an array with at least 1 element/);
});

test("invalid JSON and a folder without study.json are refused, naming study.json", () => {
  const dir = writeStudy();
  writeFileSync(join(dir, "study.json"), '{ "title": "x", }');
  assert.throws(() => loadStudy(dir), { message: /^study\.json: the file is not valid JSON \(.*\)\. Fix: correct the JSON syntax/ });
  assert.throws(() => loadStudy(mkdtempSync(join(scratch, "empty-"))), { message: /^study\.json: the study folder .* has no readable study\.json/ });
});

test("readStudyConfig checks a parsed config without touching files", () => {
  const config = readStudyConfig(baseConfig());
  assert.equal(config.cohorts.length, 2);
  assert.equal(config.thresholds?.rules[0].value, 0.9);
});
