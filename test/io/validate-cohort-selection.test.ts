import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CLOSED_FORM, assertClose } from "../assert-close.ts";
import { readCohortTable } from "../../data-loaders/io/cohort-table.ts";
import { loadStudy } from "../../data-loaders/io/study-config.ts";
import type { Study } from "../../data-loaders/io/study-types.ts";
import { survivalColumns } from "../../data-loaders/io/survival-columns.ts";
import { validateCohort } from "../../data-loaders/io/validate-cohort.ts";

// Every folder this file writes lives under one temporary folder, removed at the end.
const scratch = mkdtempSync(join(tmpdir(), "validate-cohort-selection-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

const HEADER = "patient_id,age,sex,histology,split,surgery_date,t1ce_available,flair_available,egfr,alk,driver_status,death_date,progression_date,last_followup_date,p";
// Training rows: 1, 2, 4, 5, 6, 7, 9; eligible 1, 7, 9. P05 and P06 have no reference
// standard and P06 no last follow-up or prediction: they are excluded, so none of it matters.
const NCC = `${HEADER}
P01,45,female,adenocarcinoma,training,2025-01-10,1,1,L858R,negative,positive,,,2026-04-01,0.8
P02,17,male,adenocarcinoma,training,2025-02-01,1,1,negative,negative,negative,,,2026-04-01,0.3
P03,60,male,small cell carcinoma,internal-validation,2025-03-01,1,1,negative,negative,negative,,,2026-04-01,0.2
P04,52,female,squamous cell carcinoma,training,2025-03-05,1,0,negative,negative,negative,,,2026-04-01,0.4
P05,70,male,adenocarcinoma,training,2025-04-01,1,1,missing,negative,,,,2026-04-01,0.5
P06,16,male,uncertain primary,training,2025-04-10,0,1,missing,missing,,,,,
P07,66,male,adenocarcinoma,training,2025-05-01,1,1,negative,negative,negative,2025-11-01,2025-09-01,2025-11-01,0.1
P08,58,female,adenocarcinoma,internal-validation,2025-06-01,1,1,exon19del,negative,positive,,,2026-04-01,0.7
P09,49,female,adenocarcinoma,training,2025-07-01,1,1,negative,positive,positive,2026-06-01,2026-03-01,2026-06-01,0.9
P10,63,male,adenocarcinoma,internal-validation,2025-06-15,1,1,negative,negative,negative,,,2026-04-01,0.35
`;
const ANHUI = `${HEADER.replace(",split", "")}
A01,50,male,adenocarcinoma,2025-01-10,1,1,negative,negative,negative,,,2026-04-01,0.2
A02,61,female,adenocarcinoma,2025-02-10,1,1,L858R,negative,positive,2025-12-01,2025-08-01,2025-12-01,0.7
A03,55,female,adenocarcinoma,2025-03-10,1,1,negative,positive,positive,,,2026-04-01,0.6
`;

const ELIGIBILITY = [
  { reason: "Age under 18", column: "age", rule: { atLeast: 18 } },
  { reason: "Non-NSCLC or uncertain histology", column: "histology", rule: { in: ["adenocarcinoma", "squamous cell carcinoma"] } },
  { reason: "T1CE or FLAIR missing", columns: ["t1ce_available", "flair_available"], rule: { equals: 1 } },
  { reason: "EGFR or ALK result missing", columns: ["egfr", "alk"], rule: { notIn: ["missing"], notMissing: true } },
];
const ENDPOINTS = [
  { label: "Overall survival", start: "surgery_date", events: ["death_date"], lastFollowUp: "last_followup_date" },
  { label: "Progression-free survival", start: "surgery_date", events: ["progression_date", "death_date"], lastFollowUp: "last_followup_date" },
];

function cohort(id: string, role: string, table: string, folder: string, split?: string): any {
  return {
    id, label: id, role, table, idColumn: "patient_id",
    ...(split ? { filter: { column: "split", equals: split }, eligibility: ELIGIBILITY } : {}),
    outcome: { kind: "binary", column: "driver_status", positive: "positive", negative: "negative" },
    survival: ENDPOINTS,
    subgroups: [{ column: "sex", label: "Sex", levels: ["female", "male"] }],
    images: { folder, sequences: ["t1ce", "flair"], mask: "mask" },
  };
}

/** The MRI-shaped study with empty image files (none for sequences a patient lacks). */
function mriStudy(ncc = NCC, change: (config: any) => void = () => {}): Study {
  const dir = mkdtempSync(join(scratch, "study-"));
  const write = (path: string, text = "") => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write("data/ncc.csv", ncc);
  write("data/anhui.csv", ANHUI);
  for (const [centre, ids] of [["ncc", NCC], ["anhui", ANHUI]]) {
    for (const line of ids.trim().split("\n").slice(1)) {
      const id = line.split(",")[0];
      const lacks = id === "P04" ? "flair" : id === "P06" ? "t1ce" : "";
      for (const name of ["t1ce", "flair", "mask"]) if (name !== lacks) write(`images/${centre}/${id}/${name}.nii.gz`);
    }
  }
  write("model/fusion.onnx", "placeholder");
  const config: any = {
    title: "MRI", direction: "higher-score-more-likely-positive", seed: 1, bootstrapReplicates: 10,
    dataCutoff: "2026-05-01",
    table1: [
      { column: "age", label: "Age, years", kind: "continuous" },
      { column: "sex", label: "Sex", kind: "categorical", levels: ["female", "male"] },
    ],
    models: [
      { id: "stored", label: "Stored", primary: true, source: { kind: "predictions", probabilityColumn: "p" } },
      { id: "fusion", label: "Fusion", source: { kind: "onnx-image", file: "model/fusion.onnx", sha256: "0".repeat(64), input: "lesions", patch: "2.5d", sequences: ["t1ce", "flair"], outputs: { probability: "probability" } } },
    ],
    cohorts: [
      cohort("ncc-training", "development", "data/ncc.csv", "images/ncc", "training"),
      cohort("ncc-internal", "internal-validation", "data/ncc.csv", "images/ncc", "internal-validation"),
      cohort("anhui", "external-test", "data/anhui.csv", "images/anhui"),
    ],
  };
  change(config);
  write("study.json", JSON.stringify(config));
  return loadStudy(dir);
}

const validate = (study: Study, c: number) => validateCohort(readCohortTable(study, study.cohorts[c]), study, study.cohorts[c]);

test("training cohort: flow counts, eligible rows by file row number, outcome on eligible rows only", () => {
  const result = validate(mriStudy(), 0);
  assert.deepEqual(result.flow, {
    tableRows: 10, notInCohort: 3, inCohort: 7,
    excluded: [
      { reason: "Age under 18", count: 2 },
      { reason: "Non-NSCLC or uncertain histology", count: 0 },
      { reason: "T1CE or FLAIR missing", count: 1 },
      { reason: "EGFR or ALK result missing", count: 1 },
    ],
    eligible: 3,
  });
  assert.deepEqual(result.table.rowNumbers, [1, 7, 9]);
  assert.deepEqual(Array.from(result.outcome.outcome), [1, 0, 1]);
  assert.deepEqual(result.pseudonyms, ["ncc-training-0001", "ncc-training-0002", "ncc-training-0003"]);
  assert.deepEqual(Array.from(result.predictions.get("stored")!.probability), [0.8, 0.1, 0.9]);
  assert.equal(result.features.size, 0, "an image model has no tabular features");
  assert.deepEqual(result.subgroups.get("sex"), ["female", "male", "female"]);
});

test("OS and PFS from dates with the 2026-05-01 cut-off, by hand; survival is the first endpoint", () => {
  const study = mriStudy();
  const result = validate(study, 0);
  // P01: surgery 2025-01-10, alive at 2026-04-01: 365 + 21 + 1 + 28 + 31 = 446 days, censored.
  // P07: surgery 2025-05-01, progression 2025-09-01 (31 + 30 + 31 + 31 = 123), death 2025-11-01
  //      (123 + 30 + 31 = 184).
  // P09: surgery 2025-07-01, progression 2026-03-01 (243), death 2026-06-01 after the cut-off:
  //      OS censored at the cut-off, 2025-07-01 to 2026-05-01 = 243 + 31 + 30 = 304.
  const [os, pfs] = result.survivalEndpoints;
  assert.deepEqual([os.label, Array.from(os.time), Array.from(os.event)], ["Overall survival", [446, 184, 304], [0, 1, 0]]);
  assert.deepEqual([pfs.label, Array.from(pfs.time), Array.from(pfs.event)], ["Progression-free survival", [446, 123, 243], [0, 1, 1]]);
  assert.deepEqual(result.survival, { time: os.time, event: os.event });
  assert.deepEqual(Array.from(survivalColumns(result.table, study.cohorts[0], study).time), [446, 184, 304]);
  assert.throws(() => survivalColumns(result.table, study.cohorts[0]), { name: "TypeError" });
});

test("Table 1 and image paths describe the eligible patients", () => {
  const result = validate(mriStudy(), 0);
  const [age, sex] = result.table1;
  if (age.kind !== "continuous" || sex.kind !== "categorical") throw new Error("unexpected kinds");
  // Ages 45, 66, 49: median 49; type 7 gives Q1 = 45 + 0.5 × 4 = 47 and Q3 = 49 + 0.5 × 17 = 57.5.
  assert.deepEqual([age.n, age.missing, age.median, age.firstQuartile, age.thirdQuartile], [3, 0, 49, 47, 57.5]);
  assertClose(age.mean!, 160 / 3, CLOSED_FORM, "mean age");
  const deviations = [45, 66, 49].map((x) => x - 160 / 3);
  assertClose(age.standardDeviation!, Math.sqrt(deviations.reduce((s, d) => s + d * d, 0) / 2), CLOSED_FORM, "sd age");
  assert.deepEqual(sex.levels, [{ level: "female", n: 2, percentage: (100 * 2) / 3 }, { level: "male", n: 1, percentage: 100 / 3 }]);
  assert.deepEqual(result.images!.map((p) => [p.row, p.sequences.get("flair")]), [[1, "images/ncc/P01/flair.nii.gz"], [7, "images/ncc/P07/flair.nii.gz"], [9, "images/ncc/P09/flair.nii.gz"]]);
});

test("two cohorts share one table and one image folder; a cohort without filter or eligibility keeps every row", () => {
  const study = mriStudy();
  const internal = validate(study, 1);
  assert.deepEqual(internal.table.rowNumbers, [8, 10]);
  assert.deepEqual(internal.flow.excluded.map((e) => e.count), [0, 1, 0, 0]);
  assert.deepEqual(Array.from(internal.outcome.outcome), [1, 0]);
  const anhui = validate(study, 2);
  assert.deepEqual(anhui.flow, { tableRows: 3, notInCohort: 0, inCohort: 3, excluded: [], eligible: 3 });
  assert.deepEqual(anhui.table.rowNumbers, [1, 2, 3]);
  assert.deepEqual(Array.from(anhui.survivalEndpoints[0].event), [0, 1, 0]);
});

test("later checks on the eligible rows name the file's row numbers", () => {
  const cases: [string, string, RegExp][] = [
    ["P09 probability above 1", NCC.replace(",2026-06-01,0.9", ",2026-06-01,1.5"), /column "p": model "stored" probability: 1 value is above 1 \(found "1\.5"\) \(row 9\)/],
    ["P07 repeats P01's id", NCC.replace("P07,", "P01,"), /column "patient_id": some patient identifiers occur more than once \(rows 1, 7\)/],
    ["P09 died before surgery", NCC.replace("2026-06-01,2026-03-01,2026-06-01", "2025-06-01,2026-03-01,2026-06-01"), /column "death_date": survival "Overall survival": 1 date is before the start date "surgery_date" .*\(row 9\)/],
    ["P07 sex outside the levels", NCC.replace("P07,66,male", "P07,66,M"), /column "sex": subgroup "Sex": 1 value is not among the declared levels "female", "male" \(row 7\)/],
    ["P09 outcome misspelt", NCC.replace("negative,positive,positive,2026", "negative,positive,Positive,2026"), /column "driver_status": outcome: 1 value is missing or neither "positive" \(positive\) nor "negative" \(negative\) \(row 9\)/],
  ];
  for (const [what, csv, message] of cases) {
    assert.throws(() => validate(mriStudy(csv), 0), { name: "InputError", message }, what);
  }
  // P09 loses its mask: the row named is the file's row 9, in the folder shared by two cohorts.
  const study = mriStudy();
  rmSync(join(study.dir, "images/ncc/P09/mask.nii.gz"));
  assert.throws(() => validate(study, 0), { message: /^cohort "ncc-training", images\/ncc: 1 patient lacks image files \(mask 1\).*\(row 9\)/ });
});

test("a filter that matches no row, or criteria that exclude everyone, stop with the counts", () => {
  const typo = mriStudy(NCC, (c) => (c.cohorts[0].filter.equals = "Training"));
  assert.throws(() => validate(typo, 0), {
    message: 'cohort "ncc-training", data/ncc.csv, column "split": no row of the table has the cohort\'s filter value "Training". Fix: correct the filter\'s column or value in study.json (text is compared exactly, case included, after trimming spaces)',
  });
  const strict = mriStudy(NCC, (c) => (c.cohorts[0].eligibility[0].rule = { atLeast: 67 }));
  assert.throws(() => validate(strict, 0), {
    message: 'cohort "ncc-training", data/ncc.csv: none of the 7 patients of the cohort is eligible (Age under 18: 6; EGFR or ALK result missing: 1). Fix: check the eligibility rules in study.json (each states what an eligible value looks like) and the columns they read',
  });
});
