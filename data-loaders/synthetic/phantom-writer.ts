/**
 * One patient's images: t1ce.nii.gz and flair.nii.gz when the sequence exists, and mask.nii.gz
 * (uint8 labels) whenever at least one sequence does. All three share one grid, so the
 * sequences are co-registered by construction. Compression runs on libuv's thread pool while
 * the next patient is drawn, which roughly halves the wall time on two cores.
 */
import { createHash } from "node:crypto";
import { mkdirSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { constants, gzip } from "node:zlib";
import { encodeNifti, type WriteNiftiOptions } from "../imaging/nifti.ts";
import type { SyntheticPatient } from "./clinical-records.ts";
import type { Draws } from "./random-draws.ts";
import { acquire, type NoiseTable } from "./scanner-effects.ts";

/** What every patient of a centre shares: the noise table and one tissue template per scanner. */
export interface ImageContext {
  noise: NoiseTable;
  templates: Map<string, TissueTemplate>;
}
import { renderPhantom, tissueTemplate, type TissueTemplate } from "./phantom-volume.ts";
import { scannerGrid } from "./scanner-grid.ts";

const gzipAsync = promisify(gzip);

export interface WrittenImage {
  /** Path relative to the study folder, with "/" separators. */
  path: string;
  /** SHA-256 of the uncompressed NIfTI bytes (gzip output may differ between zlib versions). */
  sha256: string;
}

export interface ImageFile extends WrittenImage {
  /** The uncompressed NIfTI-1 file. */
  bytes: Uint8Array;
}

/**
 * The patient's NIfTI files, encoded but not yet compressed or written.
 * @example patientImageFiles("images/ncc/NCC-0001", patient, d, context).map((f) => f.path)
 * // ["images/ncc/NCC-0001/t1ce.nii.gz", "…/flair.nii.gz", "…/mask.nii.gz"]
 */
export function patientImageFiles(
  folder: string,
  patient: SyntheticPatient,
  d: Draws,
  context: ImageContext,
): ImageFile[] {
  const { record, truth } = patient;
  const { scanner } = record;
  const grid = scannerGrid(scanner, truth.headCentre);
  if (!context.templates.has(scanner.id)) {
    context.templates.set(scanner.id, tissueTemplate(scannerGrid(scanner, [0, 0, 0])));
  }
  const template = context.templates.get(scanner.id)!;
  const ideal = renderPhantom(grid, truth.headCentre, truth.lesions, template);
  const acquisition = { scanner, grid, nonDiagnostic: record.imageQuality !== "diagnostic" };
  const header = {
    dims: grid.dims,
    spacing: grid.spacing,
    affine: grid.affine,
    qform: scanner.transform === "qform",
  };
  const stored = {
    ...header,
    datatype: scanner.storage.datatype,
    sclSlope: scanner.storage.slope,
    sclInter: scanner.storage.intercept,
  };
  // Both sequences are acquired whether or not they were kept, so dropping one leaves the
  // other's noise unchanged.
  const t1ce = acquire(ideal.t1ce, acquisition, d, context.noise);
  const flair = acquire(ideal.flair, acquisition, d, context.noise);
  const files: [string, WriteNiftiOptions][] = [];
  if (record.t1ceAvailable) files.push(["t1ce.nii.gz", { ...stored, data: t1ce }]);
  if (record.flairAvailable) files.push(["flair.nii.gz", { ...stored, data: flair }]);
  if (files.length > 0) {
    files.push(["mask.nii.gz", { ...header, datatype: "uint8", data: ideal.mask }]);
  }
  return files.map(([name, options]) => {
    const bytes = encodeNifti(options);
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    return { path: `${folder}/${name}`, bytes, sha256 };
  });
}

/**
 * Compresses and writes the files under `studyDir`. Noisy images use Huffman-only coding,
 * about twice as fast as level 1 for 5–10 % larger files (their noise leaves little for
 * string matching); masks, mostly zeros, use level 1.
 */
export async function writeImageFiles(studyDir: string, files: ImageFile[]): Promise<void> {
  for (const folder of new Set(files.map((f) => f.path.slice(0, f.path.lastIndexOf("/"))))) {
    mkdirSync(join(studyDir, folder), { recursive: true });
  }
  await Promise.all(
    files.map(async (file) => {
      const mask = file.path.endsWith("/mask.nii.gz");
      const strategy = mask ? constants.Z_DEFAULT_STRATEGY : constants.Z_HUFFMAN_ONLY;
      // One output chunk per file (the default 16 KB means a callback every 16 KB).
      const chunkSize = file.bytes.length + 1024;
      const compressed = await gzipAsync(file.bytes, { level: 1, strategy, chunkSize });
      await writeFile(join(studyDir, file.path), compressed);
    }),
  );
}
