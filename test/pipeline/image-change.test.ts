/**
 * Images are inputs like any other: changing one patient's image changes the study fingerprint
 * and that patient's published prediction (the inference cache is keyed by the image files'
 * hashes), while every other patient's prediction is reused unchanged.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { studyFingerprint } from "../../data-loaders/artifacts/fingerprint.ts";
import { readNifti, writeNifti } from "../../data-loaders/imaging/nifti.ts";
import { memoryLogger } from "../../data-loaders/log.ts";
import { runStudy } from "../../data-loaders/pipeline/run-study.ts";
import { ensureGeneratedData } from "../../data-loaders/synthetic/ensure-generated.ts";

const root = join(import.meta.dirname, "..", "..");

async function anhuiPredictions(studyDir: string) {
  const results = await runStudy(studyDir, { logger: memoryLogger(), fingerprint: studyFingerprint(studyDir, root) });
  return results.tables.find((t) => t.name === "predictions")!.rows.filter((r) => r.cohortId === "anhui");
}

test("changing one patient's FLAIR changes that patient's prediction and the fingerprint, and nothing else", async () => {
  await ensureGeneratedData(join(root, "studies", "dl-driverbm"), memoryLogger());
  const work = mkdtempSync(join(tmpdir(), "image-change-"));
  const study = join(work, "study");
  cpSync(join(root, "studies", "dl-driverbm"), study, { recursive: true });
  try {
    const before = await anhuiPredictions(study);
    const fingerprint = studyFingerprint(study, root).combined;

    // The first Anhui patient's FLAIR becomes a copy of its T1CE (same grid, other contrast).
    const folder = join(study, "images", "anhui", "AH-0001");
    const t1ce = readNifti(join(folder, "t1ce.nii.gz"), { cohort: "anhui", patientRow: 1 });
    writeNifti(join(folder, "flair.nii.gz"), { dims: t1ce.dims, spacing: t1ce.spacing, affine: t1ce.affine, data: t1ce.data, datatype: "float32" });

    assert.notEqual(studyFingerprint(study, root).combined, fingerprint);
    const after = await anhuiPredictions(study);
    assert.equal(after.length, before.length);
    assert.notEqual(after[0].probability, before[0].probability, "the changed patient is scored again");
    assert.deepEqual(after.slice(1).map((r) => r.probability), before.slice(1).map((r) => r.probability));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
