/**
 * From a cohort's image files to per-lesion patches: each eligible patient's sequences and
 * lesion mask are read (data-loaders/imaging/nifti.ts) and preprocessed by the fixed rule of
 * data-loaders/imaging/README.md into the patch kinds the study's image models need.
 */
import { join } from "node:path";
import { InputError } from "../errors.ts";
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

/** Runs `step`, rewriting any input error so that it names the patient's row, never the id. */
function withoutId<T>(patient: PatientImages, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const hide = (text: string | undefined) => text?.split(patient.id).join(`<id of row ${patient.row}>`);
    const d = error.details;
    throw new InputError({ ...d, file: hide(d.file), problem: hide(d.problem)!, fix: hide(d.fix)!, cause: error });
  }
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
  const patients = images.map((patient) => {
    // Image paths hold the patient id; messages name the file with the row instead.
    const shown = (path: string) => path.split(patient.id).join(`<id of row ${patient.row}>`);
    return withoutId(patient, () => {
      const read = (path: string) => ({ ...readNifti(join(studyDir, path), { cohort: cohortId, patientRow: patient.row }), file: shown(path) });
      const sequences = new Map([...patient.sequences].map(([name, path]) => [name, read(path)] as const));
      const result = preprocessPatient({ sequences, mask: read(patient.mask), kinds, cohort: cohortId, patientRow: patient.row });
      return { row: patient.row, lesions: result.lesions.length, patches: result.patches, shapes: result.shapes };
    });
  });
  const lesions = patients.reduce((sum, p) => sum + p.lesions, 0);
  const seconds = (performance.now() - started) / 1000;
  logger.info(`${cohortId}: preprocessed ${patients.length} patients, ${lesions} lesions in ${seconds.toFixed(1)} s`);
  return patients;
}
