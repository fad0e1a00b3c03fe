/**
 * The MRI files of each patient, found from the cohort's `images` key: `{folder}/{pattern}` with
 * {id} the patient id and {name} a sequence or the mask. Checked before any image is read: a
 * patient without one of the files, or images in the folder for patients no table lists, stop
 * the build. Folder and file names contain patient ids, so messages give counts and file row
 * numbers, never the names.
 */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError } from "../errors.ts";
import { type CohortTable, readCohortTable, rowNumber } from "./cohort-table.ts";
import { textColumn } from "./column-access.ts";
import type { CohortConfig, CohortImages, Study } from "./study-types.ts";

export interface PatientImages {
  /** The patient's 1-based data row in the table file. */
  row: number;
  id: string;
  /** Sequence name → file path relative to the study folder, in the study's sequence order. */
  sequences: Map<string, string>;
  /** The lesion mask's path relative to the study folder. */
  mask: string;
}

/**
 * The path of one image relative to the study folder ("/" separators).
 * @example imagePath({ folder: "images/ncc", pattern: "{id}/{name}.nii.gz", … }, "NCC-0001", "t1ce")
 * // "images/ncc/NCC-0001/t1ce.nii.gz"
 */
export function imagePath(images: CohortImages, id: string, name: string): string {
  // Replacer functions, so "$" in an id is never read as a replacement pattern.
  const inside = images.pattern.replace("{id}", () => id).replace("{name}", () => name);
  return `${images.folder}/${inside}`;
}

function isFile(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isFile() ?? false;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function refuseUnsafeIds(table: CohortTable, ids: string[]): void {
  const unsafe = (id: string) => /[/\\\0]/.test(id) || id === "." || id === "..";
  const rows = ids.flatMap((id, i) => (unsafe(id) ? [rowNumber(table, i)] : []));
  if (rows.length === 0) return;
  throw new InputError({
    file: table.file,
    cohort: table.cohortId,
    column: table.idColumn,
    rows,
    problem: `${plural(rows.length, "patient identifier cannot", "patient identifiers cannot")} name an image folder or file (they contain '/' or '\\', or are '.' or '..')`,
    fix: "use identifiers without path separators, and name the image folders by them",
  });
}

/** Sequences in the order imaging.sequences gives, else in the cohort's own order. */
function sequenceOrder(study: Study, images: CohortImages): string[] {
  const order = study.imaging?.sequences;
  return order ? order.filter((name) => images.sequences.includes(name)) : images.sequences;
}

function refuseMissingImages(
  dir: string,
  table: CohortTable,
  images: CohortImages,
  patients: PatientImages[],
): void {
  const names = [...images.sequences, images.mask];
  const missing = new Map<string, number[]>(names.map((name) => [name, []]));
  const rows = new Set<number>();
  for (const patient of patients) {
    for (const name of names) {
      const path = name === images.mask ? patient.mask : patient.sequences.get(name)!;
      if (isFile(join(dir, path))) continue;
      missing.get(name)!.push(patient.row);
      rows.add(patient.row);
    }
  }
  if (rows.size === 0) return;
  const counts = [...missing]
    .filter(([, list]) => list.length > 0)
    .map(([name, list]) => `${name} ${list.length}`);
  throw new InputError({
    file: images.folder,
    cohort: table.cohortId,
    rows: [...rows].sort((a, b) => a - b),
    problem: `${plural(rows.size, "patient lacks", "patients lack")} image files (${counts.join(", ")}), expected at ${images.folder}/${images.pattern}`,
    fix: "add the missing files, or exclude these patients with an eligibility rule (for example on a sequence-available column) so they are counted in the flow diagram",
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A regular expression matching `pattern` with any id and one of `names`; group 1 is the id. */
function patternRegExp(pattern: string, names: string[]): RegExp {
  const nameGroup = `(?:${names.map(escapeRegExp).join("|")})`;
  const [before, after] = pattern.split("{id}");
  const part = (text: string) => escapeRegExp(text).replace(escapeRegExp("{name}"), nameGroup);
  return new RegExp(`^${part(before)}([^/]+)${part(after)}$`);
}

/** Every relative path under `dir` (hidden entries such as .DS_Store skipped). */
function listFiles(dir: string, prefix = ""): { files: string[]; folders: string[] } {
  const files: string[] = [];
  const folders: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue;
    const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) {
      folders.push(relative);
      const inner = listFiles(join(dir, entry.name), relative);
      files.push(...inner.files);
      folders.push(...inner.folders);
    } else files.push(relative);
  }
  return { files, folders };
}

/** Ids found in the image folder: from matching file names, and top-level folders per patient. */
function idsInFolder(study: Study, images: CohortImages, names: string[]): Set<string> {
  const { files, folders } = listFiles(join(study.dir, images.folder));
  const regExp = patternRegExp(images.pattern, names);
  const found = new Set<string>();
  for (const file of files) {
    const match = regExp.exec(file);
    if (match) found.add(match[1]);
  }
  if (images.pattern.startsWith("{id}/")) {
    for (const folder of folders) if (!folder.includes("/")) found.add(folder);
  }
  return found;
}

/**
 * Refuses images of patients that no table of the cohorts sharing this folder lists (excluded
 * patients stay in the tables, so their images are fine).
 */
function refuseForeignImages(study: Study, cohort: CohortConfig, images: CohortImages): void {
  const sharing = study.cohorts.filter((other) => other.images?.folder === images.folder);
  const known = new Set<string>();
  const names = new Set<string>();
  for (const other of sharing) {
    const table = readCohortTable(study, other);
    for (const id of textColumn(table, other.idColumn, { allowMissing: true })) {
      if (id !== null) known.add(id);
    }
    for (const name of [...other.images!.sequences, other.images!.mask]) names.add(name);
  }
  const foreign = [...idsInFolder(study, images, [...names])].filter((id) => !known.has(id));
  if (foreign.length === 0) return;
  const tables = [...new Set(sharing.map((other) => other.table))].join(", ");
  throw new InputError({
    file: images.folder,
    cohort: cohort.id,
    problem: `${plural(foreign.length, "patient's images are", "patients' images are")} in the folder but not in ${tables} (their folder and file names are patient ids, so they are not printed)`,
    fix: "remove the images of patients who are not in the study, or add those patients to the table (excluded patients stay in the table and are counted in the flow diagram)",
  });
}

/**
 * The image files of every row of `table` (normally the cohort's eligible rows), in table
 * order, as paths relative to the study folder (join them with study.dir to read them).
 * Sequences come in the order of study.imaging.sequences when it is given.
 *
 * @throws InputError when the cohort declares no images or its folder is missing; when a
 *   patient id cannot be a file name ('/', '\\', '.', '..'); when patients lack a sequence or
 *   mask file (the folder, counts per file name and the file row numbers are given, never ids);
 *   when the folder holds images of patients that none of the tables sharing it lists (the
 *   count only, since the folder names are ids).
 * @example imagePaths(study, ncc, eligible)[0].sequences.get("t1ce")
 * // "images/ncc/NCC-0001/t1ce.nii.gz"
 */
export function imagePaths(
  study: Study,
  cohort: CohortConfig,
  table: CohortTable,
): PatientImages[] {
  const images = cohort.images;
  if (images === null) {
    throw new InputError({
      file: "study.json",
      cohort: cohort.id,
      problem: "the cohort has no images",
      fix: `add "images": { "folder", "pattern", "sequences", "mask" } to cohort "${cohort.id}" in study.json`,
    });
  }
  if (!statSync(join(study.dir, images.folder), { throwIfNoEntry: false })?.isDirectory()) {
    throw new InputError({
      file: images.folder,
      cohort: cohort.id,
      problem: "the image folder does not exist",
      fix: `put the cohort's images under ${images.folder} in the study folder, or correct images.folder in study.json`,
    });
  }
  const ids = textColumn(table, cohort.idColumn, { purpose: "patient identifier" }) as string[];
  refuseUnsafeIds(table, ids);
  const order = sequenceOrder(study, images);
  const patients = ids.map((id, i) => ({
    row: rowNumber(table, i),
    id,
    sequences: new Map(order.map((name) => [name, imagePath(images, id, name)])),
    mask: imagePath(images, id, images.mask),
  }));
  refuseMissingImages(study.dir, table, images, patients);
  refuseForeignImages(study, cohort, images);
  return patients;
}
