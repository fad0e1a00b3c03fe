/**
 * From a cohort's image files to per-lesion patches: each eligible patient's sequences and
 * lesion mask are read (data-loaders/imaging/nifti.ts) and preprocessed by the fixed rule of
 * data-loaders/imaging/README.md into the patch kinds the study's image models need.
 */
import { join } from "node:path";
import type { PatientImages } from "../io/image-paths.ts";
import { readNifti } from "../imaging/nifti.ts";
import type { PatchKind } from "../imaging/patches.ts";
import { preprocessPatient } from "../imaging/preprocess.ts";
import type { Logger } from "../log.ts";

export interface PatientLesionPatches {
  /** Data row of the patient in the cohort's table file. */
  row: number;
  lesions: number;
  patches: Map<PatchKind, Float32Array>;
  shapes: Map<PatchKind, number[]>;
}

/** Preprocesses every patient in `images` (in order) into the given patch kinds. */
export function cohortPatches(
  studyDir: string,
  cohortId: string,
  images: readonly PatientImages[],
  kinds: readonly PatchKind[],
  logger: Logger,
): PatientLesionPatches[] {
  const started = performance.now();
  const read = (path: string, row: number) => {
    const volume = readNifti(join(studyDir, path), { cohort: cohortId, patientRow: row });
    // Messages name the file relative to the study folder, as the user wrote it.
    return { ...volume, file: path };
  };
  const patients = images.map((patient) => {
    const sequences = new Map([...patient.sequences].map(([name, path]) => [name, read(path, patient.row)] as const));
    const mask = read(patient.mask, patient.row);
    const result = preprocessPatient({ sequences, mask, kinds, cohort: cohortId, patientRow: patient.row });
    return { row: patient.row, lesions: result.lesions.length, patches: result.patches, shapes: result.shapes };
  });
  const lesions = patients.reduce((sum, p) => sum + p.lesions, 0);
  const seconds = (performance.now() - started) / 1000;
  logger.info(`${cohortId}: preprocessed ${patients.length} patients, ${lesions} lesions in ${seconds.toFixed(1)} s`);
  return patients;
}
