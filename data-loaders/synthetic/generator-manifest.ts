/**
 * The generator manifest: exactly what was generated (files, columns and codes, scanners,
 * seed), the counts a flow diagram needs, and the models the data were drawn from, so the
 * study config and the report can be checked against it. It holds no timing or host detail,
 * so the same seed always gives the same manifest.
 */
import { createHash } from "node:crypto";
import type { CentreSpec } from "./centres.ts";
import { driverStatus } from "./clinical-records.ts";
import { dayNumber } from "./dates.ts";
import { EXCLUSION_LABELS, EXCLUSION_REASONS, failingReasons } from "./eligibility.ts";
import type { ColumnSpec } from "./clinical-table.ts";
import { LESION_MODEL } from "./lesion-phantoms.ts";
import { TISSUE } from "./phantom-volume.ts";
import type { WrittenImage } from "./phantom-writer.ts";
import { FIELD_OF_VIEW_MM, scannerGrid } from "./scanner-grid.ts";
import type { PlannedPatient } from "./study-plan.ts";
import { SURVIVAL_MODEL } from "./survival-times.ts";

/** The study's data cut-off; the synthetic follow-up deliberately runs past it. */
export const DATA_CUT_OFF = "2026-05-01";

export interface CentreOutput {
  centre: CentreSpec;
  table: string;
  tableSha256: string;
  columns: readonly ColumnSpec[];
  planned: PlannedPatient[];
  images: WrittenImage[];
}

const countWhere = <T>(items: readonly T[], test: (item: T) => boolean) =>
  items.filter(test).length;

function eligibility(planned: PlannedPatient[]) {
  const reasons = planned.map((p) => failingReasons(p.record));
  const eligible = planned.filter((_, i) => reasons[i].length === 0);
  const perReason = (test: (failed: string[], reason: string) => boolean) =>
    Object.fromEntries(EXCLUSION_REASONS.map((r) => [r, countWhere(reasons, (x) => test(x, r))]));
  const byFirst = perReason((failed, reason) => failed[0] === reason);
  const byAny = perReason((failed, reason) => failed.includes(reason));
  const several = countWhere(reasons, (x) => x.length > 1);
  return { eligible, byFirst, byAny, several };
}

function driverCounts(patients: PlannedPatient[]) {
  const positives = countWhere(patients, (p) => driverStatus(p.record) === "positive");
  const negatives = patients.length - positives;
  return { patients: patients.length, driverPositive: positives, driverNegative: negatives };
}

function followUpCounts(patients: PlannedPatient[]) {
  const cutOff = dayNumber(DATA_CUT_OFF);
  const after = (day: number | null) => day !== null && day > cutOff;
  return {
    deaths: countWhere(patients, (p) => p.record.deathDay !== null),
    progressions: countWhere(patients, (p) => p.record.progressionDay !== null),
    deathsAfterCutOff: countWhere(patients, (p) => after(p.record.deathDay)),
    progressionsAfterCutOff: countWhere(patients, (p) => after(p.record.progressionDay)),
    lastFollowUpAfterCutOff: countWhere(patients, (p) => after(p.record.lastFollowUpDay)),
  };
}

function scannerSummary(centre: CentreSpec, planned: PlannedPatient[]) {
  return centre.scanners.map((scanner) => {
    const { dims, spacing } = scannerGrid(scanner, [0, 0, 0]);
    const { datatype, slope, intercept, gain } = scanner.storage;
    return {
      id: scanner.id,
      vendor: scanner.vendor,
      fieldStrength: scanner.fieldStrength,
      sliceThickness: scanner.sliceThickness,
      spacing,
      dims,
      orientation: scanner.orientation,
      tiltDegrees: scanner.tiltDegrees,
      transform: scanner.transform,
      datatype,
      sclSlope: slope,
      sclInter: intercept,
      intensityGain: gain,
      noiseShareOfBrain: scanner.noise,
      records: countWhere(planned, (p) => p.record.scanner.id === scanner.id),
    };
  });
}

function centreSummary(output: CentreOutput) {
  const { centre, planned, images } = output;
  const { eligible, byFirst, byAny, several } = eligibility(planned);
  const splits = centre.splitDate === null ? null : {
    rule: `surgery before ${centre.splitDate}: training; on or after: internal-validation`,
    training: driverCounts(eligible.filter((p) => p.split === "training")),
    "internal-validation": driverCounts(eligible.filter((p) => p.split === "internal-validation")),
  };
  const files = (name: string) => countWhere(images, (f) => f.path.endsWith(`/${name}.nii.gz`));
  return {
    id: centre.id,
    label: centre.label,
    role: centre.role,
    table: output.table,
    tableSha256: output.tableSha256,
    columns: output.columns.map((c) => c.name),
    records: planned.length,
    eligible: driverCounts(eligible),
    ineligible: planned.length - eligible.length,
    ineligibleByFirstReason: byFirst,
    failingEachReason: byAny,
    failingSeveralReasons: several,
    split: splits,
    lesionsAmongEligible: {
      single: countWhere(eligible, (p) => p.record.numberOfMetastases === 1),
      multiple: countWhere(eligible, (p) => p.record.numberOfMetastases > 1),
    },
    followUpAmongEligible: followUpCounts(eligible),
    surgeryDates: { from: centre.surgeryFrom, to: centre.surgeryTo },
    followUpCollectedUntil: centre.followUpUntil,
    driverPrevalenceTarget: centre.driverPrevalence,
    driverSignal: centre.signal,
    scanners: scannerSummary(centre, planned),
    imageFiles: { t1ce: files("t1ce"), flair: files("flair"), mask: files("mask") },
  };
}

/** SHA-256 over "path sha256" lines in path order: one digest for every image. */
function imagesDigest(images: WrittenImage[]): string {
  const lines = images.map((image) => `${image.path} ${image.sha256}\n`).sort();
  return createHash("sha256").update(lines.join("")).digest("hex");
}

export function generatorManifest(seed: number, scale: number, outputs: CentreOutput[]) {
  const images = outputs.flatMap((o) => o.images);
  const scaleOption = scale === 1 ? "" : ` --scale ${scale}`;
  const columns = [...new Map(outputs.flatMap((o) => o.columns).map((c) => [c.name, c])).values()];
  return {
    generator: "data-loaders/synthetic/generate-demo-study.ts",
    command: `npx tsx scripts/generate-demo-study.ts --seed ${seed}${scaleOption}`,
    synthetic: true,
    seed,
    scale,
    dataCutOff: DATA_CUT_OFF,
    flowDiagramRule:
      "a record failing several exclusion reasons is counted once, under the first it fails in protocol order",
    exclusionReasons: EXCLUSION_REASONS.map((id) => ({ id, label: EXCLUSION_LABELS[id] })),
    columns: columns.map(({ name, type, description, codes }) =>
      codes ? { name, type, description, codes } : { name, type, description },
    ),
    centres: outputs.map(centreSummary),
    images: {
      pathPattern: "images/<centre>/<patient_id>/{t1ce,flair,mask}.nii.gz",
      inGit: false,
      files: images.length,
      digestOfUncompressedNifti: imagesDigest(images),
      digestRule: "SHA-256 of the sorted lines \"<path> <SHA-256 of the uncompressed NIfTI bytes>\\n\"",
      fieldOfViewMm: FIELD_OF_VIEW_MM,
    },
    models: { lesions: LESION_MODEL, tissueIntensities: TISSUE, survival: SURVIVAL_MODEL },
  };
}
