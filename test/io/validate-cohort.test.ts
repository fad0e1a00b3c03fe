import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { readCohortTable } from "../../data-loaders/io/cohort-table.ts";
import { loadStudy } from "../../data-loaders/io/study-config.ts";
import type { Study } from "../../data-loaders/io/study-types.ts";
import { validateCohort } from "../../data-loaders/io/validate-cohort.ts";

// Every folder this file writes lives under one temporary folder, removed at the end.
const scratch = mkdtempSync(join(tmpdir(), "validate-cohort-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

// lp = ln(p / (1 − p)) for each p.
const GOOD_TABLE = [
  "id,age,p,lp,time,status,grade",
  "A1,50,0.2,-1.3862943611198906,400,0,2",
  "A2,61,0.7,0.8472978603872037,30,1,3",
  "A3,70,0.6,0.4054651081081644,10,1,2",
].join("\n") + "\n";

/** A one-cohort study (external test, predictions source) written under the temp folder. */
function studyWithTable(csv: string, change: (config: any) => void = () => {}): Study {
  const dir = mkdtempSync(join(scratch, "validate-cohort-"));
  mkdirSync(join(dir, "data"));
  mkdirSync(join(dir, "model"));
  writeFileSync(join(dir, "data", "ext.csv"), csv);
  writeFileSync(join(dir, "model", "m.onnx"), "placeholder bytes: only the file's presence is checked here");
  const config: any = {
    title: "Demo", direction: "higher-score-more-likely-positive", seed: 7, bootstrapReplicates: 10,
    models: [{ id: "m", label: "M", source: { kind: "predictions", probabilityColumn: "p", logitColumn: "lp" } }],
    cohorts: [{
      id: "ext", label: "External", role: "external-test", table: "data/ext.csv", idColumn: "id",
      outcome: { kind: "event-within-horizon", horizonDays: 365.25, events: [{ event: "status", time: "time" }] },
      survival: { time: "time", event: "status" },
      subgroups: [{ column: "grade", label: "Grade", levels: ["1", "2", "3"] }],
    }],
  };
  change(config);
  writeFileSync(join(dir, "study.json"), JSON.stringify(config));
  return loadStudy(dir);
}

/** Loads the study, then replaces the table (so the problem reaches validateCohort) and validates. */
function validateAfterEdit(csv: string, change?: (config: any) => void) {
  const study = studyWithTable(GOOD_TABLE, change);
  writeFileSync(join(study.dir, "data", "ext.csv"), csv);
  return validateCohort(readCohortTable(study, study.cohorts[0]), study, study.cohorts[0]);
}

test("a valid cohort passes every check and returns what the checks produced", () => {
  const study = studyWithTable(GOOD_TABLE);
  const result = validateCohort(readCohortTable(study, study.cohorts[0]), study, study.cohorts[0]);
  assert.deepEqual(result.pseudonyms, ["ext-0001", "ext-0002", "ext-0003"]);
  assert.deepEqual(Array.from(result.outcome.outcome), [0, 1, 1]);
  assert.deepEqual(Array.from(result.survival!.time), [400, 30, 10]);
  assert.deepEqual(Array.from(result.predictions.get("m")!.probability), [0.2, 0.7, 0.6]);
  assert.deepEqual(result.subgroups.get("grade"), ["2", "3", "2"]);
});

test("the GBSG cohort validates: 406/285/280, 686 survival rows, 686 × 9 inputs, empty nodes level kept", () => {
  const study = loadStudy(resolve(import.meta.dirname, "../../studies/gbsg-external-validation"));
  const cohort = study.cohorts.find((c) => c.id === "gbsg")!;
  const result = validateCohort(readCohortTable(study, cohort), study, cohort);
  assert.deepEqual([result.outcome.nIncluded, result.outcome.nEvents, result.outcome.nExcluded], [406, 285, 280]);
  assert.equal(result.survival!.time.length, 686);
  assert.deepEqual([result.features.get("rotterdam-logistic")!.n, result.features.get("rotterdam-logistic")!.k], [686, 9]);
  assert.equal(result.pseudonyms[685], "gbsg-0686");
  const nodes = result.subgroups.get("nodes_group")!;
  assert.deepEqual(["0", "1-3", "4+"].map((level) => nodes.filter((v) => v === level).length), [0, 376, 310]);
  assert.deepEqual(cohort.subgroups.find((s) => s.column === "nodes_group")!.levels, ["0", "1-3", "4+"]);
});

test("a misnamed column is refused with its key path and the closest existing name", () => {
  assert.throws(() => validateAfterEdit(GOOD_TABLE.replace("status", "Status")), {
    name: "InputError",
    message: 'cohort "ext", study.json, column "status": cohorts[0].outcome.events[0].event names a column that data/ext.csv does not have (did you mean "Status"?). Fix: correct the name in study.json or in the table (the table has: id, age, p, lp, time, Status, grade)',
  });
});

test("an outcome coded 1/2 is refused with the recode-or-declare fix", () => {
  const csv = "id,age,p,lp,time,status,grade\nA1,50,0.2,-1.3862943611198906,400,1,2\nA2,61,0.7,0.8472978603872037,30,2,3\n";
  assert.throws(() => validateAfterEdit(csv), {
    message: 'cohort "ext", data/ext.csv, column "status": outcome event "status": the values are 1 and 2 only, which looks like the coding 1 = censored, 2 = event (as R\'s survival::lung), not 0/1 (found "2") (row 2). Fix: recode the column to 0 = no event, 1 = event, or declare "coding": "1=censored,2=event" for this column in study.json',
  });
});

test("an outcome written as text is refused with its rows and values", () => {
  const csv = GOOD_TABLE.replace(",400,0,", ",400,dead,").replace(",30,1,", ",30,alive,");
  assert.throws(() => validateAfterEdit(csv), { message: /column "status": outcome event "status": 2 values are not 0\/1 or TRUE\/FALSE \(found "dead", "alive"\) \(rows 1, 2\)\. Fix: this column must be an event indicator/ });
});

test("probabilities outside [0, 1] are refused with the check-the-sigmoid fix", () => {
  const csv = GOOD_TABLE.replace(",0.7,", ",1.7,").replace(",0.6,", ",-0.4,");
  assert.throws(() => validateAfterEdit(csv), {
    message: 'cohort "ext", data/ext.csv, column "p": model "m" probability: 1 value is below 0 (found "-0.4") (row 3). Fix: the model must output probabilities in [0, 1]; check that the final sigmoid (or softmax) is applied',
  });
  assert.throws(() => validateAfterEdit(GOOD_TABLE.replace(",0.7,", ",1.7,")), { message: /model "m" probability: 1 value is above 1 \(found "1\.7"\) \(row 2\)/ });
});

test("a NaN probability is refused; an empty one is allowed, counted and must match an empty logit", () => {
  assert.throws(() => validateAfterEdit(GOOD_TABLE.replace(",0.7,0.8472978603872037,", ",NaN,0.8472978603872037,")), { message: /column "p": model "m" probability: 1 value is NaN or infinite \(found "NaN"\) \(row 2\)/ });
  const missing = validateAfterEdit(GOOD_TABLE.replace(",0.7,0.8472978603872037,", ",,,"));
  assert.equal(missing.predictions.get("m")!.nMissing, 1);
  assert.throws(() => validateAfterEdit(GOOD_TABLE.replace(",0.7,", ",NA,")), { message: /column "lp": model "m": the logit and the probability disagree .* \(row 2\)/ });
});

test("a logit column that does not belong to the probabilities is refused", () => {
  assert.throws(() => validateAfterEdit(GOOD_TABLE.replace("-1.3862943611198906", "1.3862943611198906")), {
    message: /column "lp": model "m": the logit and the probability disagree \(1\/\(1 \+ e\^−logit\) differs from p by more than 0\.000001, or only one is missing\) \(row 1\)\. Fix: check that logitColumn and probabilityColumn belong to the same model and row/,
  });
});

test("negative follow-up is refused with the row and value", () => {
  assert.throws(() => validateAfterEdit(GOOD_TABLE.replace(",30,1,", ",-30,1,")), {
    message: /^cohort "ext", data\/ext\.csv, column "time": outcome time "time": 1 value is below 0 \(found "-30"\) \(row 2\)\. Fix: follow-up time must be ≥ 0 days/,
  });
});

test("duplicate ids are refused listing the rows, never the id values", () => {
  const csv = GOOD_TABLE.replace("A3,", "A1,");
  assert.throws(() => validateAfterEdit(csv), (error: Error) => {
    assert.equal(error.message, 'cohort "ext", data/ext.csv, column "id": some patient identifiers occur more than once (rows 1, 3). Fix: keep one row per patient (one prediction and one outcome each); merge or remove the repeated rows');
    assert.ok(!error.message.includes("A1"));
    return true;
  });
  assert.throws(() => validateAfterEdit(GOOD_TABLE.replace("A2,", ",")), { message: /column "id": patient identifier: 1 value is missing \(empty or NA\) \(row 2\)/ });
});

test("a cohort with one outcome class only is refused", () => {
  const noEvents = GOOD_TABLE.replace(",30,1,", ",400,0,").replace(",10,1,", ",500,0,");
  assert.throws(() => validateAfterEdit(noEvents), {
    message: 'cohort "ext", data/ext.csv: the outcome has one class only: none of the 3 included patients is positive. Fix: check the outcome column and its coding (and the horizon for time-based outcomes); discrimination and calibration need both positive and negative patients',
  });
  const allEvents = GOOD_TABLE.replace(",400,0,", ",40,1,");
  assert.throws(() => validateAfterEdit(allEvents), { message: /one class only: all 3 included patients are positive/ });
  const allCensoredEarly = GOOD_TABLE.replace(",400,0,", ",40,0,").replace(",30,1,", ",30,0,").replace(",10,1,", ",10,0,");
  assert.throws(() => validateAfterEdit(allCensoredEarly), { message: /one class only: no patient has a known outcome/ });
});

test("an empty file and a header-only file are refused", () => {
  assert.throws(() => validateAfterEdit(""), { message: 'cohort "ext", data/ext.csv: the file is empty (no header row). Fix: export the table with a header row naming each column, then one row per patient' });
  assert.throws(() => validateAfterEdit("id,age,p,lp,time,status,grade\r\n"), { message: 'cohort "ext", data/ext.csv: the file has a header but no data rows. Fix: export the table again with one row per patient' });
});

test("a subgroup value outside the declared levels is refused; missing subgroup values are kept as null", () => {
  assert.throws(() => validateAfterEdit(GOOD_TABLE.replace(",10,1,2", ",10,1,IV")), { message: /column "grade": subgroup "Grade": 1 value is not among the declared levels "1", "2", "3" \(row 3\)\. Fix: add the missing level/ });
  assert.deepEqual(validateAfterEdit(GOOD_TABLE.replace(",10,1,2", ",10,1,")).subgroups.get("grade"), ["2", "3", null]);
});

test("a model input missing for some patients is refused with the feature, column and rows", () => {
  const onnx = (config: any) => {
    config.models = [{
      id: "m", label: "M",
      source: { kind: "onnx", file: "model/m.onnx", sha256: "0".repeat(64), input: "features", outputs: { probability: "probability" } },
      features: [{ name: "age_years", column: "age_copy" }],
    }];
    config.cohorts[0].derive = { age_copy: { copy: "age" } };
  };
  assert.deepEqual(Array.from(validateAfterEdit(GOOD_TABLE, onnx).features.get("m")!.matrix), [50, 61, 70]);
  assert.throws(() => validateAfterEdit(GOOD_TABLE.replace("A2,61,", "A2,NA,"), onnx), {
    message: 'cohort "ext", data/ext.csv, column "age_copy": feature "age_years": 1 value is missing (empty or NA) (row 2). Fix: fill in the values, or remove these patients from the table and count them in the study\'s flow diagram; values are never imputed',
  });
});
