/**
 * The catalogue of malformed studies. Each entry is a small study folder made here (a copy of the
 * embedded study, or a predictions-only study) broken in one way. For each, the real build
 * command must exit non-zero, print exactly one error that names the file (and the column, the
 * cohort and up to five row numbers where they apply) and says how to fix it, never print a
 * patient identifier, and leave no output folder (not even a stale one). The summary line says
 * how many were refused clearly.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromArrays, tableToIPC } from "apache-arrow";
import { writeLogisticModel, writeOnnxModel, type ValueType } from "../../data-loaders/model/write-onnx.ts";
import { sha256Bytes } from "../../data-loaders/model/model-hash.ts";
import { readNifti, writeNifti } from "../../data-loaders/imaging/nifti.ts";
import { ensureGeneratedData } from "../../data-loaders/synthetic/ensure-generated.ts";
import { silentLogger } from "../../data-loaders/log.ts";
import { copyEmbeddedStudy, editCsv, editJson, predictionsStudy, projectRoot, runScript } from "../site/study-fixture.ts";

interface Expectation {
  /** The file the message must name (a path fragment). */
  file: string;
  column?: string;
  cohort?: string;
  /** Row numbers that must be listed, in order. */
  rows?: number[];
  /** Further phrases the message must hold. */
  says?: RegExp[];
}

interface Entry {
  kind: "config" | "table" | "model" | "lock" | "image";
  name: string;
  study: "embedded" | "predictions" | "demo";
  breakIt: (study: string) => void;
  expect: Expectation;
}

const index = (header: string[], name: string) => header.indexOf(name);
const gbsg = (s: string) => join(s, "data", "gbsg.csv");
const ext = (s: string) => join(s, "data", "ext.csv");
const setCell = (file: string, column: string, row: number, value: string) =>
  editCsv(file, (h, rows) => void (rows[row - 1][index(h, column)] = value));
const cohortNamed = (json: any, id: string) => json.cohorts.find((c: any) => c.id === id);

/** Replaces the embedded study's model with other bytes and records their hash as a deliberate re-lock would. */
function installModel(study: string, bytes: Uint8Array): void {
  const hash = sha256Bytes(bytes);
  writeFileSync(join(study, "model", "rotterdam-logistic.onnx"), bytes);
  editJson(join(study, "study.json"), (json) => void (json.models[0].source.sha256 = hash));
  editJson(join(study, "thresholds.lock.json"), (lock) => void (lock.models[0].sha256 = hash));
}

/** The synthetic MRI study, images included (generated into the repository's copy on first use). */
function copyDemoStudy(): { work: string; study: string } {
  const work = mkdtempSync(join(tmpdir(), "demo-"));
  const study = join(work, "study");
  cpSync(join(projectRoot, "studies", "dl-driverbm"), study, { recursive: true });
  return { work, study };
}

/** Rewrites one image of the first NCC patient (data row 1 of data/ncc.csv, a training patient). */
function editImage(study: string, name: string, edit: (volume: ReturnType<typeof readNifti>) => Parameters<typeof writeNifti>[1]): void {
  const path = join(study, "images", "ncc", "NCC-0001", `${name}.nii.gz`);
  writeNifti(path, edit(readNifti(path, { cohort: "ncc-training", patientRow: 1 })));
}

function asFloat(volume: ReturnType<typeof readNifti>, data: ArrayLike<number>, dims = volume.dims): Parameters<typeof writeNifti>[1] {
  return { dims, spacing: volume.spacing, affine: volume.affine, data, datatype: "float32" };
}

const demoFile = (s: string, ...parts: string[]) => join(s, ...parts);
const tensor = (elementType: "float" | "double" | "int64", shape: (number | string)[]): ValueType => ({ tensor: { elementType, shape } });
const nine = Array.from({ length: 9 }, (_, i) => `x${i + 1}`);
const probabilityOutput = [{ name: "probability", type: tensor("float", ["batch", 1]) }];

const entries: Entry[] = [
  // study.json
  { kind: "config", name: "unknown cohort role", study: "embedded", breakIt: (s) => editJson(join(s, "study.json"), (j) => void (cohortNamed(j, "gbsg").role = "validation")), expect: { file: "study.json", says: [/role/, /external-test/] } },
  { kind: "config", name: "model file missing", study: "embedded", breakIt: (s) => rmSync(join(s, "model", "rotterdam-logistic.onnx")), expect: { file: "rotterdam-logistic.onnx" } },
  { kind: "config", name: "feature names a column the table lacks", study: "embedded", breakIt: (s) => editJson(join(s, "study.json"), (j) => void (j.models[0].features[0].column = "age_years")), expect: { file: "study.json", column: "age_years", cohort: "rotterdam" } },
  { kind: "config", name: "thresholds chosen on an external cohort", study: "embedded", breakIt: (s) => editJson(join(s, "study.json"), (j) => void (j.thresholds.chooseOn = "gbsg")), expect: { file: "study.json", says: [/chooseOn/, /development/] } },
  { kind: "config", name: "duplicate cohort ids", study: "embedded", breakIt: (s) => editJson(join(s, "study.json"), (j) => void (cohortNamed(j, "gbsg").id = "rotterdam")), expect: { file: "study.json", says: [/rotterdam/, /repeats|more than once|duplicate/i] } },
  { kind: "config", name: "misspelt key", study: "embedded", breakIt: (s) => editJson(join(s, "study.json"), (j) => void (j.bootstrapReplicate = 10)), expect: { file: "study.json", says: [/bootstrapReplicate/, /did you mean/] } },
  { kind: "config", name: "required key missing (seed)", study: "embedded", breakIt: (s) => editJson(join(s, "study.json"), (j) => void delete j.seed), expect: { file: "study.json", says: [/seed/] } },
  { kind: "config", name: "negative outcome horizon", study: "embedded", breakIt: (s) => editJson(join(s, "study.json"), (j) => void (cohortNamed(j, "gbsg").outcome.horizonDays = -1)), expect: { file: "study.json", says: [/horizonDays/] } },
  { kind: "config", name: "table path outside the study folder", study: "embedded", breakIt: (s) => editJson(join(s, "study.json"), (j) => void (cohortNamed(j, "gbsg").table = "../gbsg.csv")), expect: { file: "study.json", says: [/table/, /inside the study folder|outside/] } },
  { kind: "config", name: "cohort table missing", study: "embedded", breakIt: (s) => rmSync(gbsg(s)), expect: { file: "gbsg.csv", says: [/cohorts\[1\]\.table/, /no such file/] } },
  { kind: "config", name: "study.json is not valid JSON", study: "embedded", breakIt: (s) => writeFileSync(join(s, "study.json"), "{ \"title\": "), expect: { file: "study.json", says: [/JSON/] } },
  { kind: "config", name: "subgroup value outside the declared levels", study: "embedded", breakIt: (s) => setCell(gbsg(s), "grade", 4, "4"), expect: { file: "gbsg.csv", column: "grade", cohort: "gbsg", rows: [4] } },
  { kind: "config", name: "unknown threshold rule", study: "embedded", breakIt: (s) => editJson(join(s, "study.json"), (j) => void (j.thresholds.rules[0].rule = "youden")), expect: { file: "study.json", says: [/rule/] } },
  // tables
  { kind: "table", name: "empty file", study: "embedded", breakIt: (s) => writeFileSync(gbsg(s), ""), expect: { file: "gbsg.csv", cohort: "gbsg" } },
  { kind: "table", name: "header only", study: "embedded", breakIt: (s) => writeFileSync(gbsg(s), readFileSync(gbsg(s), "utf8").split("\n")[0] + "\n"), expect: { file: "gbsg.csv", cohort: "gbsg", says: [/no data rows/] } },
  { kind: "table", name: "duplicate patient ids", study: "embedded", breakIt: (s) => editCsv(gbsg(s), (h, rows) => void (rows[9][index(h, "pid")] = rows[3][index(h, "pid")])), expect: { file: "gbsg.csv", column: "pid", cohort: "gbsg", rows: [4, 10] } },
  { kind: "table", name: "text in a numeric column", study: "embedded", breakIt: (s) => setCell(gbsg(s), "age", 7, "forty"), expect: { file: "gbsg.csv", column: "age", cohort: "gbsg", rows: [7] } },
  { kind: "table", name: "missing value in a model input", study: "embedded", breakIt: (s) => setCell(gbsg(s), "pgr", 12, ""), expect: { file: "gbsg.csv", column: "pgr", cohort: "gbsg", rows: [12] } },
  { kind: "table", name: "ragged row (a cell short)", study: "embedded", breakIt: (s) => editCsv(gbsg(s), (_, rows) => void rows[5].pop()), expect: { file: "gbsg.csv", cohort: "gbsg", rows: [6] } },
  { kind: "table", name: "binary outcome coded 1/2", study: "predictions", breakIt: (s) => editCsv(ext(s), (h, rows) => rows.forEach((r) => (r[index(h, "y")] = String(Number(r[index(h, "y")]) + 1)))), expect: { file: "ext.csv", column: "y", cohort: "ext", rows: [2, 4, 6, 8, 10] } },
  { kind: "table", name: "binary outcome yes/no", study: "predictions", breakIt: (s) => editCsv(ext(s), (h, rows) => rows.forEach((r) => (r[index(h, "y")] = r[index(h, "y")] === "1" ? "yes" : "no"))), expect: { file: "ext.csv", column: "y", cohort: "ext", rows: [1, 2, 3, 4, 5] } },
  { kind: "table", name: "probability above 1", study: "predictions", breakIt: (s) => setCell(ext(s), "p", 7, "1.3"), expect: { file: "ext.csv", column: "p", cohort: "ext", rows: [7], says: [/\[0, 1\]/] } },
  { kind: "table", name: "negative probability", study: "predictions", breakIt: (s) => setCell(ext(s), "p", 9, "-0.2"), expect: { file: "ext.csv", column: "p", cohort: "ext", rows: [9] } },
  { kind: "table", name: "probability NaN", study: "predictions", breakIt: (s) => setCell(ext(s), "p", 3, "NaN"), expect: { file: "ext.csv", column: "p", cohort: "ext", rows: [3] } },
  { kind: "table", name: "probability Infinity", study: "predictions", breakIt: (s) => setCell(ext(s), "p", 4, "Infinity"), expect: { file: "ext.csv", column: "p", cohort: "ext", rows: [4] } },
  { kind: "table", name: "negative follow-up time", study: "embedded", breakIt: (s) => setCell(gbsg(s), "rfstime", 3, "-5"), expect: { file: "gbsg.csv", column: "rfstime", cohort: "gbsg", rows: [3] } },
  { kind: "table", name: "event flag 3", study: "embedded", breakIt: (s) => setCell(gbsg(s), "status", 8, "3"), expect: { file: "gbsg.csv", column: "status", cohort: "gbsg", rows: [8] } },
  { kind: "table", name: "event flag as text", study: "predictions", breakIt: (s) => setCell(ext(s), "dead", 2, "dead"), expect: { file: "ext.csv", column: "dead", cohort: "ext", rows: [2] } },
  { kind: "table", name: "external cohort with one outcome class", study: "predictions", breakIt: (s) => editCsv(ext(s), (h, rows) => rows.forEach((r) => (r[index(h, "y")] = "1"))), expect: { file: "ext.csv", cohort: "ext", says: [/one class/] } },
  { kind: "table", name: "outcome horizon longer than any follow-up (nobody classified)", study: "embedded", breakIt: (s) => editJson(join(s, "study.json"), (j) => void (cohortNamed(j, "gbsg").outcome.horizonDays = 100000)), expect: { file: "gbsg.csv", cohort: "gbsg", says: [/one class|no patient/] } },
  { kind: "table", name: "id column missing", study: "embedded", breakIt: (s) => editCsv(gbsg(s), (h) => void (h[index(h, "pid")] = "patient")), expect: { file: "study.json", column: "pid", cohort: "gbsg" } },
  { kind: "table", name: "category not among the feature's levels", study: "embedded", breakIt: (s) => editJson(join(s, "study.json"), (j) => void (j.models[0].features[4].levels = [2, 3])), expect: { file: "gbsg.csv", column: "grade", cohort: "gbsg" } },
  { kind: "table", name: "date that does not parse", study: "predictions", breakIt: (s) => { editCsv(ext(s), (h, rows) => { h.push("surgery", "last_seen"); rows.forEach((r, i) => r.push("2020-01-15", i === 4 ? "2021-02-30" : "2021-03-01")); }); editJson(join(s, "study.json"), (j) => { const c = cohortNamed(j, "ext"); c.derive = { followup: { daysBetween: { from: "surgery", to: "last_seen" } } }; c.survival.time = "followup"; }); }, expect: { file: "ext.csv", column: "last_seen", cohort: "ext", rows: [5] } },
  { kind: "table", name: "follow-up date before the surgery date", study: "predictions", breakIt: (s) => { editCsv(ext(s), (h, rows) => { h.push("surgery", "last_seen"); rows.forEach((r, i) => r.push("2020-01-15", i === 6 ? "2019-12-01" : "2021-03-01")); }); editJson(join(s, "study.json"), (j) => { const c = cohortNamed(j, "ext"); c.derive = { followup: { daysBetween: { from: "surgery", to: "last_seen" } } }; c.survival.time = "followup"; }); }, expect: { file: "ext.csv", cohort: "ext", rows: [7] } },
  { kind: "table", name: "Arrow Int64 value beyond 2^53 in a used column", study: "predictions", breakIt: (s) => {
      const n = 40;
      const table = tableFromArrays({ id: Array.from({ length: n }, (_, i) => `EXT${1000 + i}`), y: BigInt64Array.from({ length: n }, (_, i) => BigInt(i % 2)), p: Float64Array.from({ length: n }, (_, i) => 0.3 + 0.4 * (i % 2)), days: BigInt64Array.from({ length: n }, (_, i) => (i === 10 ? 9007199254740993n : BigInt(100 + i))), dead: BigInt64Array.from({ length: n }, (_, i) => BigInt(i % 2)) });
      writeFileSync(join(s, "data", "ext.arrow"), tableToIPC(table, "file"));
      editJson(join(s, "study.json"), (j) => void (cohortNamed(j, "ext").table = "data/ext.arrow"));
    }, expect: { file: "ext.arrow", column: "days", cohort: "ext", rows: [11] } },
  // models
  { kind: "model", name: "model file changed after locking", study: "embedded", breakIt: (s) => writeFileSync(join(s, "model", "rotterdam-logistic.onnx"), writeLogisticModel({ coefficients: Array(9).fill(0.1), intercept: 0, featureNames: nine, elementType: "double", batch: "dynamic", producer: "catalogue" })), expect: { file: "rotterdam-logistic.onnx", says: [/changed after it was locked/, /relock/] } },
  { kind: "model", name: "feature count differs from the model input", study: "embedded", breakIt: (s) => editJson(join(s, "study.json"), (j) => void j.models[0].features.pop()), expect: { file: "rotterdam-logistic.onnx", says: [/9 features/, /8 features/] } },
  { kind: "model", name: "wrong input name", study: "embedded", breakIt: (s) => installModel(s, writeLogisticModel({ coefficients: Array(9).fill(0.1), intercept: 0, featureNames: nine, inputName: "float_input", elementType: "double", batch: "dynamic", producer: "catalogue" })), expect: { file: "rotterdam-logistic.onnx", says: [/no input named "features"/] } },
  { kind: "model", name: "wrong input rank", study: "embedded", breakIt: (s) => installModel(s, writeOnnxModel({ graphName: "rank3", producer: "catalogue", inputs: [{ name: "features", type: tensor("float", ["batch", 9, 1]) }], outputs: [...probabilityOutput, { name: "logit", type: tensor("float", ["batch", 1]) }], nodes: [{ opType: "Flatten", inputs: ["features"], outputs: ["flat"], attributes: { axis: { type: "int", value: 1 } } }, { opType: "MatMul", inputs: ["flat", "w"], outputs: ["logit"] }, { opType: "Sigmoid", inputs: ["logit"], outputs: ["probability"] }], initializers: [{ name: "w", elementType: "float", dims: [9, 1], values: Array(9).fill(0.1) }] })), expect: { file: "rotterdam-logistic.onnx", says: [/rank 3/] } },
  { kind: "model", name: "output is a map, not a tensor (ZipMap)", study: "embedded", breakIt: (s) => installModel(s, writeOnnxModel({ graphName: "zipmap", producer: "catalogue", inputs: [{ name: "features", type: tensor("float", ["batch", 9]) }], outputs: [{ name: "probability", type: { sequence: { map: { keyType: "int64", valueType: tensor("float", []) } } } }, { name: "logit", type: tensor("float", ["batch", 1]) }], nodes: [{ opType: "MatMul", inputs: ["features", "w"], outputs: ["logit"] }, { opType: "Concat", inputs: ["logit", "logit"], outputs: ["two"], attributes: { axis: { type: "int", value: 1 } } }, { opType: "ZipMap", domain: "ai.onnx.ml", inputs: ["two"], outputs: ["probability"], attributes: { classlabels_int64s: { type: "ints", value: [0, 1] } } }], initializers: [{ name: "w", elementType: "float", dims: [9, 1], values: Array(9).fill(0.1) }], opsets: [{ domain: "", version: 13 }, { domain: "ai.onnx.ml", version: 1 }] })), expect: { file: "rotterdam-logistic.onnx", says: [/not a tensor/] } },
  { kind: "model", name: "integer (int64) input fed fractional features", study: "embedded", breakIt: (s) => installModel(s, writeOnnxModel({ graphName: "int_input", producer: "catalogue", inputs: [{ name: "features", type: tensor("int64", ["batch", 9]) }], outputs: [...probabilityOutput, { name: "logit", type: tensor("float", ["batch", 1]) }], nodes: [{ opType: "Cast", inputs: ["features"], outputs: ["xf"], attributes: { to: { type: "int", value: 1 } } }, { opType: "MatMul", inputs: ["xf", "w"], outputs: ["logit"] }, { opType: "Sigmoid", inputs: ["logit"], outputs: ["probability"] }], initializers: [{ name: "w", elementType: "float", dims: [9, 1], values: Array(9).fill(0.01) }] })), expect: { file: "rotterdam-logistic.onnx", says: [/int64/] } },
  { kind: "model", name: "probability output name wrong in study.json", study: "embedded", breakIt: (s) => editJson(join(s, "study.json"), (j) => void (j.models[0].source.outputs.probability = "prob")), expect: { file: "rotterdam-logistic.onnx", says: [/"prob" is missing/] } },
  { kind: "model", name: "model file is not ONNX", study: "embedded", breakIt: (s) => installModel(s, new TextEncoder().encode("this is not a model")), expect: { file: "rotterdam-logistic.onnx" } },
  { kind: "model", name: "recorded model hash malformed", study: "embedded", breakIt: (s) => editJson(join(s, "study.json"), (j) => void (j.models[0].source.sha256 = "abc")), expect: { file: "study.json", says: [/64 lower-case hexadecimal/] } },
  // images (the MRI demonstration study)
  { kind: "image", name: "T1CE and FLAIR on different grids", study: "demo", breakIt: (s) => editImage(s, "flair", (v) => {
      const [x, y, z] = v.dims;
      const cropped = new Float32Array((x - 1) * y * z);
      for (let k = 0; k < z; k++) for (let j = 0; j < y; j++) for (let i = 0; i < x - 1; i++) cropped[i + (x - 1) * (j + y * k)] = v.data[i + x * (j + y * k)];
      return asFloat(v, cropped, [x - 1, y, z]);
    }), expect: { file: "<id of row 1>/flair.nii.gz", cohort: "ncc-training", rows: [1], says: [/co-register/] } },
  { kind: "image", name: "a lesion mask with no lesion", study: "demo", breakIt: (s) => editImage(s, "mask", (v) => asFloat(v, new Float32Array(v.data.length))), expect: { file: "<id of row 1>/mask.nii.gz", cohort: "ncc-training", rows: [1], says: [/no lesion/] } },
  { kind: "image", name: "a lesion touching the volume edge", study: "demo", breakIt: (s) => editImage(s, "mask", (v) => {
      const data = Float32Array.from(v.data);
      data[0] = 9;
      return asFloat(v, data);
    }), expect: { file: "<id of row 1>/mask.nii.gz", cohort: "ncc-training", rows: [1], says: [/edge/] } },
  { kind: "image", name: "a truncated .nii.gz", study: "demo", breakIt: (s) => {
      const path = demoFile(s, "images", "ncc", "NCC-0001", "t1ce.nii.gz");
      const bytes = readFileSync(path);
      writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    }, expect: { file: "<id of row 1>/t1ce.nii.gz", cohort: "ncc-training", rows: [1] } },
  { kind: "image", name: "a file that is not NIfTI", study: "demo", breakIt: (s) => writeFileSync(demoFile(s, "images", "ncc", "NCC-0001", "mask.nii.gz"), "not an image"), expect: { file: "<id of row 1>/mask.nii.gz", cohort: "ncc-training", rows: [1] } },
  { kind: "image", name: "a patient in the clinical table without images", study: "demo", breakIt: (s) => rmSync(demoFile(s, "images", "ncc", "NCC-0001"), { recursive: true }), expect: { file: "images/ncc", cohort: "ncc-training", rows: [1] } },
  { kind: "image", name: "images of a patient who is not in the clinical table", study: "demo", breakIt: (s) => cpSync(demoFile(s, "images", "anhui", "AH-0001"), demoFile(s, "images", "anhui", "AH-9999"), { recursive: true }), expect: { file: "images/anhui", cohort: "anhui" } },
  { kind: "image", name: "an event date before the surgery date", study: "demo", breakIt: (s) => editCsv(demoFile(s, "data", "ncc.csv"), (h, rows) => void (rows[0][index(h, "death_date")] = "2015-01-01")), expect: { file: "ncc.csv", column: "death_date", cohort: "ncc-training", rows: [1] } },
  { kind: "image", name: "a lock file that does not match the image models", study: "demo", breakIt: (s) => editJson(demoFile(s, "thresholds.lock.json"), (l) => void (l.models[2].sha256 = "f".repeat(64))), expect: { file: "late-fusion-3d.onnx", says: [/changed after locking/] } },
  // locks
  { kind: "lock", name: "threshold lock missing", study: "embedded", breakIt: (s) => rmSync(join(s, "thresholds.lock.json")), expect: { file: "study.json", says: [/npm run lock/] } },
  { kind: "lock", name: "locked threshold edited by hand", study: "embedded", breakIt: (s) => editJson(join(s, "thresholds.lock.json"), (l) => void (l.thresholds[0].probability = 0.3)), expect: { file: "thresholds.lock.json", cohort: "rotterdam", says: [/locked at 0\.3/] } },
  { kind: "lock", name: "development table changed after locking", study: "embedded", breakIt: (s) => setCell(join(s, "data", "rotterdam.csv"), "age", 1, "75"), expect: { file: "rotterdam.csv", cohort: "rotterdam", says: [/changed after locking/] } },
  { kind: "lock", name: "threshold rule changed after locking", study: "embedded", breakIt: (s) => editJson(join(s, "study.json"), (j) => void (j.thresholds.rules[0].value = 0.85)), expect: { file: "thresholds.lock.json", says: [/rules/] } },
];

/** Runs the build asynchronously (two at a time: the machine has two cores). */
function build(study: string, out: string): Promise<{ status: number | null; log: string }> {
  return new Promise((resolve) => {
    const child = spawn("npx", ["tsx", "scripts/build.ts", "--study", study, "--out", out], { cwd: projectRoot, env: { ...process.env, STUDY_DIR: "" } });
    let log = "";
    child.stdout.on("data", (chunk) => (log += chunk));
    child.stderr.on("data", (chunk) => (log += chunk));
    child.on("close", (status) => resolve({ status, log }));
  });
}

interface Verdict {
  entry: Entry;
  problems: string[];
  message: string;
}

async function judge(entry: Entry): Promise<Verdict> {
  const { work, study } = entry.study === "embedded" ? copyEmbeddedStudy() : entry.study === "demo" ? copyDemoStudy() : predictionsStudy();
  const problems: string[] = [];
  try {
    if (entry.study === "predictions") {
      const lock = runScript("scripts/lock.ts", ["--study", study, "--reason", "catalogue"]);
      if (lock.status !== 0) problems.push(`the intact study did not lock: ${lock.log}`);
    }
    const ids = new Set(
      readFileSync(join(study, "data", { embedded: "gbsg.csv", predictions: "ext.csv", demo: "ncc.csv" }[entry.study]), "utf8").split("\n").slice(1).map((line) => line.split(",")[0]).filter((id) => id.length >= 4),
    );
    entry.breakIt(study);
    const out = join(work, "dist");
    mkdirSync(out);
    writeFileSync(join(out, "index.html"), "a stale report");
    const result = await build(study, out);
    const errors = result.log.split("\n").filter((line) => line.startsWith("build stopped:"));
    const message = errors[0] ?? "";
    if (result.status === 0) problems.push("the build succeeded");
    if (errors.length !== 1) problems.push(`${errors.length} error lines instead of one`);
    if (existsSync(out)) problems.push("an output folder was left behind");
    if (!message.includes(entry.expect.file)) problems.push(`the file ${entry.expect.file} is not named`);
    if (entry.expect.column && !message.includes(`"${entry.expect.column}"`)) problems.push(`the column "${entry.expect.column}" is not named`);
    if (entry.expect.cohort && !message.includes(`"${entry.expect.cohort}"`)) problems.push(`the cohort "${entry.expect.cohort}" is not named`);
    if (entry.expect.rows) {
      const listed = new RegExp(`rows? ${entry.expect.rows.join(", ")}\\b`);
      if (!listed.test(message)) problems.push(`rows ${entry.expect.rows.join(", ")} are not listed`);
    }
    for (const phrase of entry.expect.says ?? []) if (!phrase.test(message)) problems.push(`the message does not say ${phrase}`);
    if (!/Fix: \S/.test(message)) problems.push("the message does not say how to fix the input");
    for (const id of ids) if (message.includes(id)) problems.push(`the message shows the patient identifier ${id}`);
    return { entry, problems, message };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

test(`catalogue of ${entries.length} malformed studies: each refused clearly, nothing published`, { timeout: 900_000 }, async () => {
  await ensureGeneratedData(join(projectRoot, "studies", "dl-driverbm"), silentLogger);
  const verdicts: Verdict[] = [];
  const queue = [...entries];
  const worker = async () => {
    for (let entry = queue.shift(); entry; entry = queue.shift()) verdicts.push(await judge(entry));
  };
  await Promise.all([worker(), worker()]);
  const clear = verdicts.filter((v) => v.problems.length === 0);
  const failed = verdicts.filter((v) => v.problems.length > 0);
  for (const v of failed) process.stdout.write(`not refused clearly: [${v.entry.kind}] ${v.entry.name}: ${v.problems.join("; ")}\n  message: ${v.message}\n`);
  const kinds = [...new Set(entries.map((e) => e.kind))];
  const byKind = kinds.map((kind) => {
    const list = verdicts.filter((v) => v.entry.kind === kind);
    return `${kind} ${list.filter((v) => v.problems.length === 0).length}/${list.length}`;
  });
  process.stdout.write(`${clear.length} refused clearly of ${verdicts.length} (${byKind.join(", ")})\n`);
  assert.equal(clear.length, entries.length, `${failed.length} malformed studies were not refused clearly: ${failed.map((v) => v.entry.name).join("; ")}`);
  assert.ok(entries.length >= 40);
});
