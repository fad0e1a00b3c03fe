/**
 * The synthetic DL-DriverBM demonstration study: per-centre clinical tables, T1CE / FLAIR /
 * lesion-mask NIfTI volumes and a manifest, all drawn from one seed. The same seed and scale
 * give byte-identical tables, manifest and uncompressed images on every run.
 */
import { createHash } from "node:crypto";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEMO_CENTRES, type CentreSpec } from "./centres.ts";
import { CLINICAL_COLUMNS, SPLIT_COLUMN, clinicalCsv } from "./clinical-table.ts";
import { generatorManifest, type CentreOutput } from "./generator-manifest.ts";
import { patientImageFiles, writeImageFiles, type WrittenImage } from "./phantom-writer.ts";
import { draws, streamSeed } from "./random-draws.ts";
import { noiseTable } from "./scanner-effects.ts";
import { planCentre } from "./study-plan.ts";

export const DEFAULT_SEED = 20260501;

export interface GenerateOptions {
  /** The study folder; data/, images/ and generator-manifest.json are written inside it. */
  outDir: string;
  seed?: number;
  /**
   * Multiplies the number of patients per centre (1: 380 eligible); every exclusion reason
   * keeps at least one record.
   */
  scale?: number;
  /** The centres to generate; all three by default. */
  centres?: readonly CentreSpec[];
}

export type GeneratorManifest = ReturnType<typeof generatorManifest>;

/** Patients whose files may wait for compression at once; bounds memory to a few MB. */
const IN_FLIGHT = 8;

async function writeCentre(
  outDir: string,
  centre: CentreSpec,
  seed: number,
  scale: number,
): Promise<CentreOutput> {
  const planned = planCentre(centre, seed, scale);
  const columns =
    centre.splitDate === null ? CLINICAL_COLUMNS : [...CLINICAL_COLUMNS, SPLIT_COLUMN];
  const csv = clinicalCsv(planned, columns);
  const table = `data/${centre.id}.csv`;
  writeFileSync(join(outDir, table), csv);
  const noise = noiseTable(draws(streamSeed(seed, `${centre.id}/noise-table`)));
  const context = { noise, templates: new Map() };
  rmSync(join(outDir, "images", centre.id), { recursive: true, force: true });
  const images: WrittenImage[] = [];
  const pending: Promise<void>[] = [];
  for (const p of planned) {
    const d = draws(streamSeed(seed, `${p.stream}/images`));
    const files = patientImageFiles(`images/${centre.id}/${p.patientId}`, p.patient, d, context);
    images.push(...files.map(({ path, sha256 }) => ({ path, sha256 })));
    pending.push(writeImageFiles(outDir, files));
    if (pending.length >= IN_FLIGHT) await pending.shift();
  }
  await Promise.all(pending);
  const tableSha256 = createHash("sha256").update(csv).digest("hex");
  return { centre, table, tableSha256, columns, planned, images };
}

/**
 * Writes data/<centre>.csv, images/<centre>/<id>/{t1ce,flair,mask}.nii.gz and
 * generator-manifest.json under `outDir`, replacing earlier images of the same centres.
 * @throws RangeError for a seed outside [1, 2^32 − 1] or a scale that is not positive.
 * @example (await generateDemoStudy({ outDir: "studies/dl-driverbm" })).centres[0].eligible
 * // { patients: 200, driverPositive: 104, driverNegative: 96 }
 */
export async function generateDemoStudy(options: GenerateOptions): Promise<GeneratorManifest> {
  const { outDir, seed = DEFAULT_SEED, scale = 1, centres = DEMO_CENTRES } = options;
  if (!(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(`scale must be a positive number, got ${scale}`);
  }
  draws(seed); // refuses a bad seed before anything is written
  mkdirSync(join(outDir, "data"), { recursive: true });
  const outputs: CentreOutput[] = [];
  for (const centre of centres) outputs.push(await writeCentre(outDir, centre, seed, scale));
  const manifest = generatorManifest(seed, scale, outputs);
  writeFileSync(join(outDir, "generator-manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
