import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { loadStudy, readStudyConfig } from "../../data-loaders/io/study-config.ts";

// Every folder this file writes lives under one temporary folder, removed at the end.
const scratch = mkdtempSync(join(tmpdir(), "study-config-extensions-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const NSCLC = ["adenocarcinoma", "squamous cell carcinoma", "large cell carcinoma", "adenosquamous carcinoma", "NSCLC not otherwise specified"];
const ELIGIBILITY = [
  { reason: "Age under 18", column: "age", rule: { atLeast: 18 } },
  { reason: "Non-NSCLC or uncertain histology", column: "histology", rule: { in: NSCLC } },
  { reason: "T1CE or FLAIR missing", columns: ["t1ce_available", "flair_available"], rule: { equals: 1 } },
  { reason: "EGFR or ALK result missing", columns: ["egfr", "alk"], rule: { notIn: ["missing"], notMissing: true } },
];
const OS = { label: "Overall survival", start: "surgery_date", events: ["death_date"], lastFollowUp: "last_followup_date" };
const PFS = { label: "Progression-free survival", start: "surgery_date", events: ["progression_date", "death_date"], lastFollowUp: "last_followup_date" };
const COLUMNS = "patient_id,age,sex,histology,split,surgery_date,t1ce_available,flair_available,egfr,alk,driver_status,death_date,progression_date,last_followup_date,p";

function cohort(id: string, role: string, table: string, folder: string, split?: string): any {
  return {
    id, label: id, role, table, idColumn: "patient_id",
    ...(split ? { filter: { column: "split", equals: split } } : {}),
    eligibility: ELIGIBILITY,
    outcome: { kind: "binary", column: "driver_status", positive: "positive", negative: "negative" },
    survival: [OS, PFS],
    images: { folder, pattern: "{id}/{name}.nii.gz", sequences: ["t1ce", "flair"], mask: "mask" },
  };
}

/** The MRI demonstration study's shape: one development table split in two, an external cohort. */
function mriConfig(): any {
  return {
    title: "Driver alterations from brain MRI", direction: "higher-score-more-likely-positive",
    seed: 20260501, bootstrapReplicates: 10,
    dataCutoff: "2026-05-01",
    imaging: { sequences: ["t1ce", "flair"] },
    table1: [
      { column: "age", label: "Age, years", kind: "continuous" },
      { column: "sex", label: "Sex", kind: "categorical", levels: ["female", "male"] },
    ],
    models: [
      { id: "stored", label: "Stored", primary: true, source: { kind: "predictions", probabilityColumn: "p" } },
      {
        id: "fusion-3d", label: "Fusion, 3D",
        source: { kind: "onnx-image", file: "model/fusion-3d.onnx", sha256: "a".repeat(64), input: "lesions", patch: "3d", sequences: ["t1ce", "flair"], outputs: { logit: "logit", probability: "probability" } },
        features: [],
      },
    ],
    cohorts: [
      cohort("ncc-training", "development", "data/ncc.csv", "images/ncc", "training"),
      cohort("ncc-internal", "internal-validation", "data/ncc.csv", "images/ncc", "internal-validation"),
      cohort("anhui", "external-test", "data/anhui.csv", "images/anhui"),
    ],
  };
}

function writeStudy(change: (config: any) => void = () => {}): string {
  const dir = mkdtempSync(join(scratch, "study-"));
  const write = (path: string, text = "") => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write("data/ncc.csv", `${COLUMNS}\n` + "P01,45,female,adenocarcinoma,training,2025-01-10,1,1,L858R,negative,positive,,,2026-04-01,0.8\n");
  write("data/anhui.csv", `${COLUMNS.replace(",split", "")}\nA01,50,male,adenocarcinoma,2025-01-10,1,1,negative,negative,negative,,,2026-04-01,0.2\n`);
  write("images/ncc/P01/t1ce.nii.gz");
  write("images/anhui/A01/t1ce.nii.gz");
  write("model/fusion-3d.onnx", "placeholder");
  // A deep copy without shared parts, so a change reaches only the key it names.
  const config = JSON.parse(JSON.stringify(mriConfig()));
  change(config);
  write("study.json", JSON.stringify(config));
  return dir;
}

function refuses(change: (config: any) => void, message: string | RegExp): void {
  assert.throws(() => loadStudy(writeStudy(change)), { name: "InputError", message });
}

test("the MRI study's config round-trips: filter, eligibility, dated endpoints, cut-off, Table 1, images, image model", () => {
  const study = loadStudy(writeStudy());
  const [training, internal] = study.cohorts;
  assert.deepEqual(training.filter, { column: "split", equals: "training" });
  assert.deepEqual(internal.filter, { column: "split", equals: "internal-validation" });
  assert.deepEqual(training.eligibility, [
    { reason: "Age under 18", columns: ["age"], rule: { atLeast: 18 } },
    { reason: "Non-NSCLC or uncertain histology", columns: ["histology"], rule: { in: NSCLC } },
    { reason: "T1CE or FLAIR missing", columns: ["t1ce_available", "flair_available"], rule: { equals: 1 } },
    { reason: "EGFR or ALK result missing", columns: ["egfr", "alk"], rule: { notIn: ["missing"], notMissing: true } },
  ]);
  assert.deepEqual(training.survivalEndpoints, [OS, PFS]);
  assert.deepEqual(training.survival, OS, "survival keeps the first endpoint for code written for one");
  assert.deepEqual(training.images, { folder: "images/ncc", pattern: "{id}/{name}.nii.gz", sequences: ["t1ce", "flair"], mask: "mask" });
  assert.equal(study.dataCutoff, "2026-05-01");
  assert.deepEqual(study.imaging, { sequences: ["t1ce", "flair"] });
  assert.deepEqual(study.table1, mriConfig().table1);
  assert.deepEqual(study.models[1].source, mriConfig().models[1].source);
  assert.deepEqual(study.models[1].features, []);
});

test("defaults: no filter, no eligibility, no images, no cut-off, no Table 1; pattern defaults to {id}/{name}.nii.gz", () => {
  const config = readStudyConfig({
    ...mriConfig(),
    dataCutoff: undefined, table1: undefined, imaging: undefined, models: [mriConfig().models[0]],
    cohorts: [{ ...cohort("a", "external-test", "data/a.csv", "img"), filter: undefined, eligibility: undefined, survival: undefined, images: undefined }],
  });
  const [a] = config.cohorts;
  assert.deepEqual([a.filter, a.eligibility, a.images, a.survival, a.survivalEndpoints], [null, [], null, null, []]);
  assert.deepEqual([config.dataCutoff, config.table1, config.imaging], [null, [], null]);
  const withImages = readStudyConfig({ ...mriConfig(), cohorts: [{ ...cohort("a", "external-test", "data/a.csv", "img/"), images: { folder: "img/", sequences: ["t1ce", "flair"], mask: "mask" } }] });
  assert.deepEqual(withImages.cohorts[0].images, { folder: "img", pattern: "{id}/{name}.nii.gz", sequences: ["t1ce", "flair"], mask: "mask" });
  const single = readStudyConfig({ ...mriConfig(), cohorts: [{ ...cohort("a", "external-test", "data/a.csv", "img"), survival: OS }] });
  assert.deepEqual(single.cohorts[0].survivalEndpoints, [OS]);
});

test("filter: unknown keys, values and columns are refused with the key path", () => {
  refuses((c) => (c.cohorts[0].filter = { column: "split", equal: "training" }), /^study\.json: cohorts\[0\]\.filter\.equal is not a known key \(did you mean "equals"\?\)/);
  refuses((c) => (c.cohorts[0].filter.equals = ["training"]), 'study.json: cohorts[0].filter.equals is ["training"]; expected a number or a non-empty text value. Fix: write the value as it appears in the table, for example "training" or 1');
  refuses((c) => (c.cohorts[1].filter.column = "splits"), 'cohort "ncc-internal", study.json, column "splits": cohorts[1].filter.column names a column that data/ncc.csv does not have (did you mean "split"?). Fix: correct the name in study.json or in the table (the table has: patient_id, age, sex, histology, split, surgery_date, t1ce_available, flair_available, egfr, alk, driver_status, death_date, …)');
});

test("eligibility: each malformed criterion or rule is refused at its key path", () => {
  refuses((c) => (c.cohorts[2].eligibility[1].rule = {}), "study.json: cohorts[2].eligibility[1].rule states no condition. Fix: give at least one of atLeast, atMost, equals, in, notIn, notMissing, for example { \"atLeast\": 18 }");
  refuses((c) => (c.cohorts[2].eligibility[0].rule = { min: 18 }), /^study\.json: cohorts\[2\]\.eligibility\[0\]\.rule\.min is not a known key/);
  refuses((c) => (c.cohorts[2].eligibility[0].rule = { atLeast: "18" }), /cohorts\[2\]\.eligibility\[0\]\.rule\.atLeast is "18"; expected a finite number\. Fix: write the number without quotes/);
  refuses((c) => (c.cohorts[2].eligibility[0].rule = { atLeast: 18, atMost: 10 }), /cohorts\[2\]\.eligibility\[0\]\.rule\.atMost is 10, below atLeast \(18\), so no value could be eligible/);
  refuses((c) => (c.cohorts[2].eligibility[2].rule = { equals: 1, in: [1] }), /cohorts\[2\]\.eligibility\[2\]\.rule\.in cannot be combined with "equals"/);
  refuses((c) => (c.cohorts[2].eligibility[1].rule = { in: ["adenocarcinoma", 3] }), /cohorts\[2\]\.eligibility\[1\]\.rule mixes numbers and text/);
  refuses((c) => (c.cohorts[2].eligibility[0].rule = { atLeast: 18, notIn: ["unknown"] }), /cohorts\[2\]\.eligibility\[0\]\.rule mixes numbers and text/);
  refuses((c) => (c.cohorts[2].eligibility[1].rule = { in: [] }), /cohorts\[2\]\.eligibility\[1\]\.rule\.in is \[\]; expected an array with at least 1 element/);
  refuses((c) => (c.cohorts[2].eligibility[1].rule = { in: ["a", "a"] }), /cohorts\[2\]\.eligibility\[1\]\.rule\.in\[1\] repeats the value "a"/);
  refuses((c) => (c.cohorts[2].eligibility[3].rule.notMissing = false), /cohorts\[2\]\.eligibility\[3\]\.rule\.notMissing is false, which states nothing/);
  refuses((c) => (c.cohorts[2].eligibility[3].rule.notMissing = "yes"), /cohorts\[2\]\.eligibility\[3\]\.rule\.notMissing is "yes"; expected true or false/);
  refuses((c) => (c.cohorts[2].eligibility[0].columns = ["age"]), /cohorts\[2\]\.eligibility\[0\] gives "column" and "columns"; expected exactly one of them/);
  refuses((c) => delete c.cohorts[2].eligibility[0].column, /cohorts\[2\]\.eligibility\[0\] gives no column; expected exactly one of them/);
  refuses((c) => (c.cohorts[2].eligibility[2].columns = []), /cohorts\[2\]\.eligibility\[2\]\.columns is \[\]; expected an array with at least 1 element/);
  refuses((c) => (c.cohorts[2].eligibility[3].reason = "Age under 18"), /cohorts\[2\]\.eligibility\[3\]\.reason repeats the reason "Age under 18" already used at cohorts\[2\]\.eligibility\[0\]\.reason/);
  refuses((c) => delete c.cohorts[2].eligibility[0].reason, /cohorts\[2\]\.eligibility\[0\]\.reason is missing/);
  refuses((c) => (c.cohorts[2].eligibility = []), /cohorts\[2\]\.eligibility is \[\]; expected an array with at least 1 element/);
  refuses((c) => (c.cohorts[2].eligibility[0].reson = "x"), /cohorts\[2\]\.eligibility\[0\]\.reson is not a known key \(did you mean "reason"\?\)/);
});

test("eligibility columns must exist in the cohort's table, named by their key path", () => {
  refuses((c) => (c.cohorts[2].eligibility[3].columns = ["egfr", "alk_status"]), /^cohort "anhui", study\.json, column "alk_status": cohorts\[2\]\.eligibility\[3\]\.columns\[1\] names a column that data\/anhui\.csv does not have/);
  refuses((c) => (c.cohorts[0].eligibility[0].column = "age_years"), /cohorts\[0\]\.eligibility\[0\]\.column names a column that data\/ncc\.csv does not have \(did you mean "age"\?\)/);
});

test("dated survival endpoints: mixed kinds, missing keys, repeated labels and unknown columns are refused", () => {
  refuses((c) => (c.cohorts[0].survival[0].time = "os_days"), /^study\.json: cohorts\[0\]\.survival\[0\]\.time cannot be combined with "start", "events" and "lastFollowUp"/);
  refuses((c) => delete c.cohorts[0].survival[1].lastFollowUp, /cohorts\[0\]\.survival\[1\]\.lastFollowUp is missing/);
  refuses((c) => delete c.cohorts[0].survival[1].label, /cohorts\[0\]\.survival\[1\]\.label is missing/);
  refuses((c) => (c.cohorts[0].survival[1].events = []), /cohorts\[0\]\.survival\[1\]\.events is \[\]; expected an array with at least 1 element/);
  refuses((c) => (c.cohorts[0].survival[1].events = ["death_date", "death_date"]), /cohorts\[0\]\.survival\[1\]\.events\[1\] repeats the event column "death_date"/);
  refuses((c) => (c.cohorts[0].survival[1].label = "Overall survival"), /cohorts\[0\]\.survival\[1\]\.label repeats the endpoint label "Overall survival" already used at cohorts\[0\]\.survival\[0\]\.label/);
  refuses((c) => (c.cohorts[0].survival = []), /cohorts\[0\]\.survival is \[\]; expected an array with at least 1 element/);
  refuses((c) => (c.cohorts[0].survival[0].lastFollowup = "x"), /cohorts\[0\]\.survival\[0\]\.lastFollowup is not a known key \(did you mean "lastFollowUp"\?\)/);
  refuses((c) => (c.cohorts[2].survival[1].events[0] = "progression"), /cohort "anhui", study\.json, column "progression": cohorts\[2\]\.survival\[1\]\.events\[0\] names a column that data\/anhui\.csv does not have \(did you mean "progression_date"\?\)/);
  refuses((c) => (c.cohorts[2].survival = { ...OS, start: "surgery" }), /column "surgery": cohorts\[2\]\.survival\.start names a column that data\/anhui\.csv does not have \(did you mean "surgery_date"\?\)/);
});

test("the data cut-off must be an ISO calendar date", () => {
  refuses((c) => (c.dataCutoff = "01/05/2026"), 'study.json: dataCutoff is "01/05/2026"; expected a calendar date written YYYY-MM-DD. Fix: write the cut-off as an ISO date, for example "2026-05-01"');
  refuses((c) => (c.dataCutoff = "2026-02-30"), /dataCutoff is "2026-02-30"; expected a calendar date/);
  refuses((c) => (c.dataCutoff = 20260501), /dataCutoff is 20260501; expected a non-empty string/);
  refuses((c) => (c.dataCutof = "2026-05-01"), /^study\.json: dataCutof is not a known key \(did you mean "dataCutoff"\?\)/);
});

test("Table 1: kinds, levels and columns are checked, the column against every cohort's table", () => {
  refuses((c) => (c.table1[0].kind = "numeric"), /^study\.json: table1\[0\]\.kind is "numeric"; expected one of "continuous", "categorical"/);
  refuses((c) => delete c.table1[1].levels, /table1\[1\]\.levels is missing; a categorical variable lists every level in display order/);
  refuses((c) => (c.table1[0].levels = ["a"]), /table1\[0\]\.levels is only meaningful for a categorical variable/);
  refuses((c) => (c.table1[1].levels = ["female", 1]), /table1\[1\]\.levels\[1\] is 1; expected the level as non-empty text/);
  refuses((c) => (c.table1[1].levels = ["female", "female"]), /table1\[1\]\.levels\[1\] repeats the level "female"/);
  refuses((c) => c.table1.push({ column: "age", label: "Age again", kind: "continuous" }), /table1\[2\]\.column repeats the Table 1 column "age"/);
  refuses((c) => c.table1.push({ column: "split", label: "Split", kind: "categorical", levels: ["training"] }), /^cohort "anhui", study\.json, column "split": table1\[2\]\.column names a column that data\/anhui\.csv does not have/);
  refuses((c) => (c.table1[0].labl = "Age"), /table1\[0\]\.labl is not a known key \(did you mean "label"\?\)/);
});

test("images: folder, pattern, names and sequences are checked; the folder must exist", () => {
  refuses((c) => (c.cohorts[2].images.pattern = "{name}.nii.gz"), 'study.json: cohorts[2].images.pattern is "{name}.nii.gz"; expected {id} and {name} exactly once each. Fix: write a relative path such as "{id}/{name}.nii.gz"');
  refuses((c) => (c.cohorts[2].images.pattern = "../{id}/{name}.nii.gz"), /cohorts\[2\]\.images\.pattern is "\.\.\/\{id\}\/\{name\}\.nii\.gz"; expected a path inside the image folder/);
  refuses((c) => (c.cohorts[2].images.pattern = "{id}/{name}.mha"), /cohorts\[2\]\.images\.pattern is .*; expected a NIfTI file name ending in \.nii\.gz or \.nii/);
  refuses((c) => (c.cohorts[2].images.pattern = "{id}/{name}_{site}.nii"), /cohorts\[2\]\.images\.pattern is .*; expected no placeholder other than \{id\} and \{name\}/);
  refuses((c) => (c.cohorts[2].images.folder = "../images"), /cohorts\[2\]\.images\.folder is "\.\.\/images"; expected a path inside the study folder/);
  refuses((c) => (c.cohorts[2].images.folder = "."), /cohorts\[2\]\.images\.folder is "\."; expected a folder inside the study folder, not the folder itself/);
  refuses((c) => (c.cohorts[2].images.folder = "images/tcia"), 'study.json: cohorts[2].images.folder is "images/tcia", but there is no such folder in the study folder. Fix: put the cohort\'s images under images/tcia (relative to study.json), or correct the path');
  refuses((c) => (c.cohorts[2].images.mask = "flair"), /cohorts\[2\]\.images\.mask is "flair", which is also listed as a sequence/);
  refuses((c) => (c.cohorts[2].images.sequences = ["t1ce", "t1 ce"]), /cohorts\[2\]\.images\.sequences\[1\] is "t1 ce"; expected letters, digits, '_' and '-'/);
  refuses((c) => (c.cohorts[2].images.sequences = ["t1ce", "t1ce"]), /cohorts\[2\]\.images\.sequences\[1\] repeats the sequence "t1ce"/);
  refuses((c) => (c.cohorts[2].images.sequences = ["t1ce", "flar"]), /cohorts\[2\]\.images\.sequences\[1\] is "flar" \(did you mean "flair"\?\), which imaging\.sequences does not list \(t1ce, flair\)/);
  refuses((c) => delete c.cohorts[2].images.mask, /cohorts\[2\]\.images\.mask is missing/);
  refuses((c) => (c.imaging = { sequence: ["t1ce"] }), /imaging\.sequence is not a known key \(did you mean "sequences"\?\)/);
});

test("an onnx-image model: patch kind, no features, its sequences present in every cohort's images", () => {
  refuses((c) => (c.models[1].source.patch = "4d"), /^study\.json: models\[1\]\.source\.patch is "4d" \(did you mean "3d"\?\); expected one of "3d", "2\.5d", "2d"/);
  refuses((c) => (c.models[1].features = [{ name: "age", column: "age" }]), /models\[1\]\.features is set, but an image model takes no tabular features\. Fix: write "features": \[\] or remove it/);
  refuses((c) => delete c.models[1].source.sequences, /models\[1\]\.source\.sequences is missing/);
  refuses((c) => (c.models[1].source.kind = "onnx-images"), /models\[1\]\.source\.kind is "onnx-images" \(did you mean "onnx-image"\?\)/);
  refuses((c) => (c.models[1].source.probabilityColumn = "p"), /models\[1\]\.source\.probabilityColumn is not a known key/);
  refuses((c) => delete c.cohorts[2].images, 'study.json: cohorts[2] has no images, but the image model models[1] ("fusion-3d") reads t1ce, flair in every cohort. Fix: add "images" with the sequences t1ce, flair to cohort "anhui"');
  refuses((c) => (c.cohorts[1].images.sequences = ["t1ce"]), /^study\.json: cohorts\[1\]\.images\.sequences lacks "flair", but the image model models\[1\] \("fusion-3d"\) reads t1ce, flair in every cohort/);
  refuses((c) => (c.models[1].source.sequences = ["t1ce", "dwi"]), /models\[1\]\.source\.sequences\[1\] is "dwi", which imaging\.sequences does not list/);
  refuses((c) => (c.models[1].source.file = "model/missing.onnx"), /models\[1\]\.source\.file is "model\/missing\.onnx", but there is no such file in the study folder/);
});
