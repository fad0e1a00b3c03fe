import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readNifti } from "../../data-loaders/imaging/nifti.ts";
import { delong } from "../../data-loaders/stats/delong.ts";
import { logrankTest } from "../../data-loaders/stats/logrank.ts";
import { DATA_CUT_OFF } from "../../data-loaders/synthetic/generator-manifest.ts";
import { generateDemoStudy } from "../../data-loaders/synthetic/generate-demo-study.ts";
import { isEligible, readTable, type Row } from "./study-fixture.ts";

// The default study at full size: the signal is a property of the sample the report will show.
const dir = mkdtempSync(join(tmpdir(), "demo-signal-test-"));
const tables = new Map<string, Row[]>();
before(async () => {
  await generateDemoStudy({ outDir: dir });
  for (const centre of ["ncc", "anhui", "tcia"]) tables.set(centre, readTable(dir, centre));
});
after(() => rmSync(dir, { recursive: true, force: true }));

test("the committed tables and manifest in studies/dl-driverbm are what the generator makes today", () => {
  const committed = new URL("../../studies/dl-driverbm/", import.meta.url);
  for (const file of ["data/ncc.csv", "data/anhui.csv", "data/tcia.csv", "generator-manifest.json"]) {
    const now = readFileSync(join(dir, file), "utf8");
    const expected = readFileSync(new URL(file, committed), "utf8");
    assert.ok(now === expected, `${file} differs: rerun npx tsx scripts/generate-demo-study.ts and commit`);
  }
});

/** Mean of the voxels brighter than the volume's mean: the level of normal head tissue. */
function headLevel(data: Float32Array): number {
  let sum = 0;
  for (const x of data) sum += x;
  const mean = sum / data.length;
  let [above, count] = [0, 0];
  for (const x of data) if (x > mean) [above, count] = [above + x, count + 1];
  return above / count;
}

/**
 * A statistic anyone could compute without a model: FLAIR-bright voxels outside the lesions
 * (brighter than 1.3 × the head level) per lesion voxel, and the lesion count.
 */
function imageStatistics(centre: string, row: Row, patientRow: number) {
  const folder = join(dir, "images", centre, row.patient_id);
  const where = { cohort: centre, patientRow };
  const mask = readNifti(join(folder, "mask.nii.gz"), where).data;
  const flair = readNifti(join(folder, "flair.nii.gz"), where).data;
  const threshold = 1.3 * headLevel(flair);
  let [lesion, oedema] = [0, 0];
  const labels = new Set<number>();
  for (let v = 0; v < mask.length; v++) {
    if (mask[v] > 0) {
      lesion++;
      labels.add(mask[v]);
    } else if (flair[v] > threshold) {
      oedema++;
    }
  }
  return { oedemaPerLesionVoxel: oedema / lesion, lesionCount: labels.size };
}

const results = new Map<string, { oedemaAuc: number; countAuc: number; n: number }>();
function signal(centre: string) {
  if (!results.has(centre)) {
    const rows = tables.get(centre)!;
    const eligible = rows
      .map((row, i) => ({ row, patientRow: i + 1 }))
      .filter(({ row }) => isEligible(row));
    const stats = eligible.map(({ row, patientRow }) => imageStatistics(centre, row, patientRow));
    const positive = eligible.map(({ row }) => (row.driver_status === "positive" ? 1 : 0));
    // Less oedema per lesion and more lesions point to driver-positive.
    const oedemaAuc = delong(stats.map((s) => -s.oedemaPerLesionVoxel), positive, "<").auc;
    const countAuc = delong(stats.map((s) => s.lesionCount), positive, "<").auc;
    results.set(centre, { oedemaAuc, countAuc, n: eligible.length });
  }
  return results.get(centre)!;
}

test("NCC: oedema per lesion voxel, measured from mask and FLAIR, separates driver status with AUC 0.65–0.9", () => {
  const { oedemaAuc, countAuc, n } = signal("ncc");
  assert.equal(n, 200);
  assert.ok(oedemaAuc >= 0.65 && oedemaAuc <= 0.9, `NCC AUC ${oedemaAuc}`);
  assert.ok(countAuc > 0.55, `more lesions in driver-positive patients: AUC ${countAuc}`);
});

test("external centres: the same statistic separates less well than at NCC, but better than chance", () => {
  const ncc = signal("ncc").oedemaAuc;
  for (const centre of ["anhui", "tcia"]) {
    const { oedemaAuc } = signal(centre);
    assert.ok(oedemaAuc < ncc, `${centre} AUC ${oedemaAuc} should be below NCC's ${ncc}`);
    assert.ok(oedemaAuc > 0.55, `${centre} AUC ${oedemaAuc}`);
  }
});

test("survival: driver-positive eligible patients live longer (log-rank p < 0.05 at NCC, OS censored at the cut-off)", () => {
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  const cutOff = day(DATA_CUT_OFF);
  const eligible = tables.get("ncc")!.filter(isEligible);
  const time: number[] = [];
  const event: number[] = [];
  for (const row of eligible) {
    const end = Math.min(day(row.death_date || row.last_followup_date), cutOff);
    time.push(end - day(row.surgery_date));
    event.push(row.death_date && day(row.death_date) <= cutOff ? 1 : 0);
  }
  const groups = eligible.map((row) => row.driver_status);
  const test = logrankTest(time, event, groups, ["positive", "negative"]);
  assert.ok(test.pValue !== null && test.pValue < 0.05, `p = ${test.pValue}`);
  assert.ok(test.observed[0] < test.expected[0], "fewer deaths than expected if driver-positive");
});
