import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { applyCohortSelection } from "../../data-loaders/io/cohort-selection.ts";
import { readCohortTable, selectRows } from "../../data-loaders/io/cohort-table.ts";
import { imagePath, imagePaths } from "../../data-loaders/io/image-paths.ts";
import { loadStudy } from "../../data-loaders/io/study-config.ts";

// Every folder this file writes lives under one temporary folder, removed at the end.
const scratch = mkdtempSync(join(tmpdir(), "image-paths-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

// Two cohorts share data/ncc.csv and images/ncc; P04 (row 4) lacks FLAIR and is excluded.
const NCC = `patient_id,split,flair_available,driver_status
P01,training,1,positive
P02,training,1,negative
P03,internal-validation,1,positive
P04,training,0,negative
P05,internal-validation,1,negative
`;
const SEQUENCES = ["t1ce", "flair"];

function cohort(id: string, split: string): any {
  return {
    id, label: id, role: split === "training" ? "development" : "internal-validation",
    table: "data/ncc.csv", idColumn: "patient_id",
    filter: { column: "split", equals: split },
    eligibility: [{ reason: "FLAIR missing", column: "flair_available", rule: { equals: 1 } }],
    outcome: { kind: "binary", column: "driver_status", positive: "positive", negative: "negative" },
    images: { folder: "images/ncc", pattern: "{id}/{name}.nii.gz", sequences: SEQUENCES, mask: "mask" },
  };
}

/** A study folder with empty image files for every patient (P04 without FLAIR), then `change`. */
function studyFolder(change: (dir: string, config: any) => void = () => {}) {
  const dir = mkdtempSync(join(scratch, "study-"));
  const write = (path: string, text = "") => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  write("data/ncc.csv", NCC);
  for (const id of ["P01", "P02", "P03", "P04", "P05"]) {
    for (const name of ["t1ce", "flair", "mask"]) {
      if (!(id === "P04" && name === "flair")) write(`images/ncc/${id}/${name}.nii.gz`);
    }
  }
  const config: any = {
    title: "MRI", direction: "higher-score-more-likely-positive", seed: 1, bootstrapReplicates: 10,
    imaging: { sequences: ["flair", "t1ce"] },
    models: [{ id: "m", label: "M", source: { kind: "onnx-image", file: "model/m.onnx", sha256: "0".repeat(64), input: "lesions", patch: "3d", sequences: SEQUENCES, outputs: { probability: "probability" } } }],
    cohorts: [cohort("ncc-training", "training"), cohort("ncc-internal", "internal-validation")],
  };
  write("model/m.onnx", "placeholder");
  change(dir, config);
  writeFileSync(join(dir, "study.json"), JSON.stringify(config));
  const study = loadStudy(dir);
  const eligibleRows = (c: number) => {
    const table = readCohortTable(study, study.cohorts[c]);
    return applyCohortSelection(table, study.cohorts[c]).table;
  };
  return { dir, study, eligibleRows, write };
}

test("each eligible patient's files, relative to the study, sequences in imaging.sequences order", () => {
  const { study, eligibleRows } = studyFolder();
  const patients = imagePaths(study, study.cohorts[0], eligibleRows(0));
  assert.deepEqual(patients.map((p) => [p.row, p.id]), [[1, "P01"], [2, "P02"]]);
  assert.deepEqual([...patients[1].sequences], [["flair", "images/ncc/P02/flair.nii.gz"], ["t1ce", "images/ncc/P02/t1ce.nii.gz"]]);
  assert.equal(patients[1].mask, "images/ncc/P02/mask.nii.gz");
  const validation = imagePaths(study, study.cohorts[1], eligibleRows(1));
  assert.deepEqual(validation.map((p) => p.row), [3, 5], "a folder shared with another cohort is not foreign");
});

test("without imaging.sequences the cohort's own order is kept; other patterns and .nii files work", () => {
  const { study, eligibleRows } = studyFolder((dir, config) => {
    delete config.imaging;
    for (const c of config.cohorts) c.images.pattern = "{id}/{name}.nii.gz";
  });
  assert.deepEqual([...imagePaths(study, study.cohorts[0], eligibleRows(0))[0].sequences.keys()], ["t1ce", "flair"]);
  const images = { folder: "img", pattern: "sub-{id}_{name}.nii", sequences: ["t1ce"], mask: "mask" };
  assert.equal(imagePath(images, "P$&1", "t1ce"), "img/sub-P$&1_t1ce.nii", "a '$' in an id is kept as written");
});

test("a patient without one of the images is refused with the folder, the counts and file rows, never the id", () => {
  const { study, dir, eligibleRows } = studyFolder();
  rmSync(join(dir, "images/ncc/P02/flair.nii.gz"));
  rmSync(join(dir, "images/ncc/P02/mask.nii.gz"));
  rmSync(join(dir, "images/ncc/P01/mask.nii.gz"));
  assert.throws(() => imagePaths(study, study.cohorts[0], eligibleRows(0)), (error: Error) => {
    assert.equal(error.name, "InputError");
    assert.equal(
      error.message,
      'cohort "ncc-training", images/ncc: 2 patients lack image files (flair 1, mask 2), expected at images/ncc/{id}/{name}.nii.gz (rows 1, 2). Fix: add the missing files, or exclude these patients with an eligibility rule (for example on a sequence-available column) so they are counted in the flow diagram',
    );
    assert.ok(!/P0\d/.test(error.message));
    return true;
  });
});

test("an excluded patient's missing image does not matter; a folder in place of a file does", () => {
  const { study, dir, eligibleRows } = studyFolder();
  assert.equal(imagePaths(study, study.cohorts[0], eligibleRows(0)).length, 2, "P04 lacks FLAIR but is excluded");
  const everyone = readCohortTable(study, study.cohorts[0]);
  assert.throws(() => imagePaths(study, study.cohorts[0], everyone), { message: /1 patient lacks image files \(flair 1\).*\(row 4\)/ });
  rmSync(join(dir, "images/ncc/P01/t1ce.nii.gz"));
  mkdirSync(join(dir, "images/ncc/P01/t1ce.nii.gz"));
  assert.throws(() => imagePaths(study, study.cohorts[0], eligibleRows(0)), { message: /1 patient lacks image files \(t1ce 1\).*\(row 1\)/ });
});

test("image folders of patients in no table are refused by count, with their names withheld", () => {
  const { study, eligibleRows, write } = studyFolder();
  write("images/ncc/P99/t1ce.nii.gz");
  write("images/ncc/P98/notes.txt");
  write("images/ncc/.DS_Store");
  write("images/ncc/P01/.hidden");
  assert.throws(() => imagePaths(study, study.cohorts[0], eligibleRows(0)), (error: Error) => {
    assert.equal(
      error.message,
      'cohort "ncc-training", images/ncc: 2 patients\' images are in the folder but not in data/ncc.csv (their folder and file names are patient ids, so they are not printed). Fix: remove the images of patients who are not in the study, or add those patients to the table (excluded patients stay in the table and are counted in the flow diagram)',
    );
    assert.ok(!error.message.includes("P99") && !error.message.includes("P98"));
    return true;
  });
});

test("with a flat pattern, files are matched by name; unrelated files are ignored", () => {
  const { study, eligibleRows, write } = studyFolder((dir, config) => {
    for (const c of config.cohorts) c.images = { ...c.images, folder: "flat", pattern: "{id}_{name}.nii.gz" };
    for (const id of ["P01", "P02", "P03", "P05"]) {
      for (const name of ["t1ce", "flair", "mask"]) {
        mkdirSync(join(dir, "flat"), { recursive: true });
        writeFileSync(join(dir, "flat", `${id}_${name}.nii.gz`), "");
      }
    }
    writeFileSync(join(dir, "flat", "README.txt"), "");
  });
  assert.equal(imagePaths(study, study.cohorts[0], eligibleRows(0))[0].mask, "flat/P01_mask.nii.gz");
  write("flat/P77_flair.nii.gz");
  assert.throws(() => imagePaths(study, study.cohorts[0], eligibleRows(0)), { message: /flat: 1 patient's images are in the folder but not in data\/ncc\.csv/ });
});

test("ids that cannot be file names are refused by row; a cohort without images or folder is refused", () => {
  const { study, dir, eligibleRows } = studyFolder();
  writeFileSync(join(dir, "data/ncc.csv"), NCC.replace("P02,", "../P02,"));
  const table = eligibleRows(0);
  assert.throws(() => imagePaths(study, study.cohorts[0], table), {
    message: /column "patient_id": 1 patient identifier cannot name an image folder or file \(they contain '\/' or '\\', or are '\.' or '\.\.'\) \(row 2\)/,
  });
  assert.throws(() => imagePaths(study, { ...study.cohorts[0], images: null }, table), { message: /study\.json: the cohort has no images/ });
  rmSync(join(dir, "images/ncc"), { recursive: true });
  assert.throws(() => imagePaths(study, study.cohorts[0], selectRows(table, [0])), { message: /^cohort "ncc-training", images\/ncc: the image folder does not exist/ });
});
