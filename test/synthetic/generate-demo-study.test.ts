import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { readNifti } from "../../data-loaders/imaging/nifti.ts";
import { DEMO_CENTRES } from "../../data-loaders/synthetic/centres.ts";
import {
  generateDemoStudy,
  type GeneratorManifest,
} from "../../data-loaders/synthetic/generate-demo-study.ts";
import { planCentre } from "../../data-loaders/synthetic/study-plan.ts";
import { TISSUE } from "../../data-loaders/synthetic/phantom-volume.ts";
import { PROTOCOL, isEligible, readTable, reasonsFailed, type Row } from "./study-fixture.ts";

const SEED = 11;
const SCALE = 0.15;
const root = mkdtempSync(join(tmpdir(), "demo-study-test-"));
const [first, second, otherSeed] = ["first", "second", "other-seed"].map((n) => join(root, n));
let manifest: GeneratorManifest;
const tables = new Map<string, Row[]>();

before(async () => {
  manifest = await generateDemoStudy({ outDir: first, seed: SEED, scale: SCALE });
  await generateDemoStudy({ outDir: second, seed: SEED, scale: SCALE });
  const centres = DEMO_CENTRES.slice(0, 1);
  await generateDemoStudy({ outDir: otherSeed, seed: SEED + 1, scale: SCALE, centres });
  for (const centre of DEMO_CENTRES) tables.set(centre.id, readTable(first, centre.id));
});
after(() => rmSync(root, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((path) => statSync(join(dir, path)).isFile())
    .sort();
}

test("determinism: the same seed and scale give byte-identical tables, manifest and images", () => {
  const files = filesUnder(first);
  assert.deepEqual(filesUnder(second), files);
  assert.ok(files.length > 200, `${files.length} files`);
  for (const file of files) {
    assert.ok(readFileSync(join(first, file)).equals(readFileSync(join(second, file))), file);
  }
});

test("another seed gives other patients", () => {
  const table = readFileSync(join(otherSeed, "data", "ncc.csv"), "utf8");
  assert.notEqual(table, readFileSync(join(first, "data", "ncc.csv"), "utf8"));
});

test("tables: one per centre, lower-case names, ids PREFIX-0001… in surgery-date order, NCC alone has split", () => {
  for (const centre of DEMO_CENTRES) {
    const rows = tables.get(centre.id)!;
    const ids = rows.map((_, i) => `${centre.idPrefix}-${String(i + 1).padStart(4, "0")}`);
    assert.deepEqual(rows.map((row) => row.patient_id), ids);
    const dates = rows.map((row) => row.surgery_date);
    assert.deepEqual(dates, [...dates].sort());
    assert.equal("split" in rows[0], centre.splitDate !== null, centre.id);
  }
  assert.deepEqual(readdirSync(join(first, "data")).sort(), ["anhui.csv", "ncc.csv", "tcia.csv"]);
});

test("codes: every coded column holds only the values the manifest lists", () => {
  for (const column of manifest.columns) {
    if (!column.codes) continue;
    const codes = new Set<string>([...column.codes, ""]);
    for (const [centre, rows] of tables) {
      for (const row of rows) {
        if (!(column.name in row)) continue;
        assert.ok(codes.has(row[column.name]), `${centre} ${column.name} = "${row[column.name]}"`);
      }
    }
  }
});

test("flow diagram: counts per first failing reason, per reason and eligible equal the manifest", () => {
  for (const summary of manifest.centres) {
    const rows = tables.get(summary.id)!;
    const reasons = rows.map(reasonsFailed);
    for (const [reason] of PROTOCOL) {
      const firstCount = reasons.filter((r) => r[0] === reason).length;
      const anyCount = reasons.filter((r) => r.includes(reason)).length;
      assert.equal(summary.ineligibleByFirstReason[reason], firstCount, `${summary.id} ${reason}`);
      assert.equal(summary.failingEachReason[reason], anyCount, `${summary.id} ${reason} (any)`);
      assert.ok(firstCount >= 1, `${summary.id}: at least one record excluded for ${reason}`);
    }
    assert.equal(summary.records, rows.length);
    assert.equal(summary.eligible.patients, rows.filter(isEligible).length);
    assert.equal(summary.ineligible, rows.length - summary.eligible.patients);
    assert.equal(summary.failingSeveralReasons, reasons.filter((r) => r.length > 1).length);
    assert.ok(summary.failingSeveralReasons >= 1, `${summary.id}: one record fails two reasons`);
  }
});

test("driver status: positives per cohort and per NCC split equal the manifest; eligible have a known status", () => {
  for (const summary of manifest.centres) {
    const eligible = tables.get(summary.id)!.filter(isEligible);
    const positives = (rows: Row[]) => rows.filter((r) => r.driver_status === "positive").length;
    assert.ok(eligible.every((r) => ["positive", "negative"].includes(r.driver_status)));
    assert.equal(summary.eligible.driverPositive, positives(eligible), summary.id);
    if (summary.split) {
      for (const split of ["training", "internal-validation"] as const) {
        const rows = eligible.filter((r) => r.split === split);
        assert.equal(summary.split[split].patients, rows.length);
        assert.equal(summary.split[split].driverPositive, positives(rows));
      }
    }
    for (const row of tables.get(summary.id)!) {
      const mutated = !["negative", "missing"].includes(row.egfr) || row.alk === "positive";
      const missing = row.egfr === "missing" || row.alk === "missing";
      assert.equal(row.driver_status, missing ? "" : mutated ? "positive" : "negative");
    }
  }
});

test("dates: MRI 1–21 days before surgery; surgery < progression < death; last follow-up ≥ every event and = death when dead", () => {
  const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
  for (const [centre, rows] of tables) {
    for (const row of rows) {
      const where = `${centre} ${row.patient_id}`;
      for (const name of ["surgery_date", "mri_date", "last_followup_date"]) {
        assert.match(row[name], /^\d{4}-\d{2}-\d{2}$/, `${where} ${name}`);
      }
      const [surgery, mri] = [day(row.surgery_date), day(row.mri_date)];
      const last = day(row.last_followup_date);
      const before = surgery - mri;
      assert.ok(before >= 1 && before <= 21, `${where}: MRI ${before} days before surgery`);
      assert.ok(last > surgery, where);
      if (row.death_date) assert.equal(row.death_date, row.last_followup_date, where);
      if (row.progression_date) {
        const progression = day(row.progression_date);
        assert.ok(progression > surgery && progression <= last, where);
        if (row.death_date) assert.ok(progression < day(row.death_date), where);
      }
    }
  }
});

test("follow-up at scale 1 runs past the 1 May 2026 cut-off: some deaths and last follow-ups after it", () => {
  // The committed manifest of the default study (scale 1): this run is too small to rely on.
  const file = new URL("../../studies/dl-driverbm/generator-manifest.json", import.meta.url);
  const committed = JSON.parse(readFileSync(file, "utf8")) as GeneratorManifest;
  type Count = keyof GeneratorManifest["centres"][number]["followUpAmongEligible"];
  const total = (key: Count) =>
    committed.centres.reduce((sum, c) => sum + c.followUpAmongEligible[key], 0);
  assert.ok(total("deathsAfterCutOff") >= 3);
  assert.ok(total("progressionsAfterCutOff") >= 1);
  assert.ok(total("lastFollowUpAfterCutOff") >= 10);
});

test("images: every eligible patient has T1CE, FLAIR and mask; a missing sequence has no file; nothing extra", () => {
  const expected: string[] = [];
  for (const [centre, rows] of tables) {
    for (const row of rows) {
      const folder = `images/${centre}/${row.patient_id}`;
      if (row.t1ce_available === "1") expected.push(`${folder}/t1ce.nii.gz`);
      if (row.flair_available === "1") expected.push(`${folder}/flair.nii.gz`);
      if (row.t1ce_available === "1" || row.flair_available === "1") {
        expected.push(`${folder}/mask.nii.gz`);
      }
      if (!isEligible(row)) continue;
      for (const name of ["t1ce", "flair", "mask"]) {
        assert.ok(existsSync(join(first, folder, `${name}.nii.gz`)), `${folder}/${name}`);
      }
    }
  }
  const written = filesUnder(join(first, "images")).map((path) => `images/${path}`);
  assert.deepEqual(written, expected.sort());
  assert.equal(manifest.images.files, written.length);
});

test("masks: labels 1..L with L = number_of_metastases; T1CE, FLAIR and mask share one grid", () => {
  for (const [centre, rows] of tables) {
    rows.forEach((row, index) => {
      if (!isEligible(row)) return;
      const where = { cohort: centre, patientRow: index + 1 };
      const folder = join(first, "images", centre, row.patient_id);
      const [t1ce, flair, mask] = readPatient(folder, where);
      const labels = [...new Set(mask.data)].filter((x) => x > 0).sort((a, b) => a - b);
      const expected = Array.from({ length: Number(row.number_of_metastases) }, (_, i) => i + 1);
      assert.deepEqual(labels, expected, `${centre} row ${index + 1}`);
      for (const other of [flair, mask]) {
        assert.deepEqual(other.dims, t1ce.dims);
        assert.deepEqual(other.affine, t1ce.affine);
      }
    });
  }
});

function readPatient(folder: string, where: { cohort: string; patientRow: number }) {
  return ["t1ce", "flair", "mask"].map((name) => readNifti(join(folder, `${name}.nii.gz`), where));
}

/** The voxel of world point `world` (RAS mm), by solving affine · (i, j, k, 1) = world. */
function voxelOf(affine: number[][], world: number[]): [number, number, number] {
  const m = affine;
  const b = world.map((x, r) => x - m[r][3]);
  const det = (a: number[][]) =>
    a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) -
    a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
    a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  const linear = m.slice(0, 3).map((row) => row.slice(0, 3));
  const d = det(linear);
  // Cramer's rule: index c is det(linear with column c replaced by b) / det(linear).
  const replaced = (c: number) => linear.map((row, r) => row.map((x, k) => (k === c ? b[r] : x)));
  const [i, j, k] = [0, 1, 2].map((c) => Math.round(det(replaced(c)) / d));
  return [i, j, k];
}

const AXES = [[1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1]];

test("smoke: one patient per scanner read back with readNifti has its lesions, bright T1CE and FLAIR oedema where they were drawn", () => {
  for (const centre of DEMO_CENTRES) {
    const rows = tables.get(centre.id)!;
    const planned = planCentre(centre, SEED, SCALE).filter((p) => isEligible(rows[p.row - 1]));
    for (const scanner of centre.scanners) {
      const patient = planned.find((p) => p.record.scanner.id === scanner.id);
      if (!patient) continue;
      const where = { cohort: centre.id, patientRow: patient.row };
      const folder = join(first, "images", centre.id, patient.patientId);
      const [t1ce, flair, mask] = readPatient(folder, where);
      const { headCentre, lesions } = patient.patient.truth;
      const value = (volume: typeof t1ce, offset: number[]) => {
        const [i, j, k] = voxelOf(volume.affine, offset.map((x, r) => x + headCentre[r]));
        return volume.data[i + volume.dims[0] * (j + volume.dims[1] * k)];
      };
      // Normal brain, 20 mm straight below the lesion-free ventricles' midline is white matter.
      const brainT1ce = value(t1ce, [0, 0, -20]);
      const brainFlair = value(flair, [0, 0, -20]);
      lesions.forEach((lesion, l) => {
        const label = `${scanner.id} ${patient.patientId} lesion ${l + 1}`;
        assert.equal(value(mask, lesion.centre), l + 1, `${label}: mask label at the centre`);
        const at = (u: number[], distance: number) => lesion.centre.map((x, r) => x + u[r] * distance);
        const around = (volume: typeof t1ce, distance: number) =>
          Math.max(...AXES.map((u) => value(volume, at(u, distance))));
        // Solid lesions enhance at the centre, rim lesions between the core and the edge.
        const ring = lesion.coreRadius > 0 ? (lesion.coreRadius + lesion.radius) / 2 : 0;
        const brightest = around(t1ce, ring);
        assert.ok(brightest > 1.35 * brainT1ce, `${label}: T1CE ${brightest} vs brain ${brainT1ce}`);
        // Oedema is at full strength 30 % of the way into the halo.
        const oedema = around(flair, lesion.radius + 0.3 * lesion.oedemaWidth);
        const ideal = (TISSUE.cortex[1] + TISSUE.oedema[1]) / TISSUE.cortex[1];
        const message = `${label}: FLAIR ${oedema} vs ${brainFlair} (ideal ×${ideal})`;
        assert.ok(oedema > 1.25 * brainFlair, message);
      });
    }
  }
});

test("manifest: records the seed, scale, command and the per-centre scanners, each with its patients", () => {
  assert.equal(manifest.seed, SEED);
  assert.equal(manifest.scale, SCALE);
  assert.equal(manifest.synthetic, true);
  assert.match(manifest.command, /scripts\/generate-demo-study\.ts --seed 11 --scale 0.15/);
  for (const summary of manifest.centres) {
    const rows = tables.get(summary.id)!;
    assert.equal(summary.scanners.reduce((sum, s) => sum + s.records, 0), rows.length);
    assert.equal(summary.table, `data/${summary.id}.csv`);
  }
  const written = JSON.parse(readFileSync(join(first, "generator-manifest.json"), "utf8"));
  assert.deepEqual(written, JSON.parse(JSON.stringify(manifest)));
  assert.equal(relative(first, join(first, manifest.centres[0].table)), "data/ncc.csv");
});
