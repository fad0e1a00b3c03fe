/**
 * The clinical table of one centre as CSV: one row per record (eligible or not), in surgery
 * date order, dates as YYYY-MM-DD, missing values as empty cells. The column list doubles as
 * the codebook written into the generator manifest.
 */
import { driverStatus, type ClinicalRecord } from "./clinical-records.ts";
import { isoDate } from "./dates.ts";

export interface TableRow {
  patientId: string;
  record: ClinicalRecord;
  /** Development centres only: training or internal-validation, by surgery date. */
  split: "training" | "internal-validation" | null;
}

export interface ColumnSpec {
  name: string;
  type: "text" | "integer" | "number" | "date" | "0/1";
  description: string;
  codes?: readonly string[];
  value(row: TableRow): string | number | null;
}

const date = (day: number | null) => (day === null ? null : isoDate(day));
const flag = (value: boolean) => (value ? 1 : 0);

function column(
  name: string,
  type: ColumnSpec["type"],
  description: string,
  value: ColumnSpec["value"],
  codes?: readonly string[],
): ColumnSpec {
  return codes ? { name, type, description, codes, value } : { name, type, description, value };
}

const HISTOLOGIES = [
  "adenocarcinoma",
  "squamous cell carcinoma",
  "large cell carcinoma",
  "adenosquamous carcinoma",
  "NSCLC not otherwise specified",
  "small cell carcinoma",
  "uncertain primary",
];

export const CLINICAL_COLUMNS: readonly ColumnSpec[] = [
  column(
    "patient_id",
    "text",
    "Pseudonymous patient id (an identifier: never published)",
    (r) => r.patientId,
  ),
  column("age", "integer", "Age in years at brain-metastasis surgery", (r) => r.record.age),
  column("sex", "text", "Sex", (r) => r.record.sex, ["female", "male"]),
  column(
    "smoking",
    "text",
    "Smoking history",
    (r) => r.record.smoking,
    ["never", "former", "current"],
  ),
  column("histology", "text", "Histology of the primary", (r) => r.record.histology, HISTOLOGIES),
  column(
    "surgery_date",
    "date",
    "Brain-metastasis resection (the index date)",
    (r) => date(r.record.surgeryDay),
  ),
  column(
    "mri_date",
    "date",
    "Preoperative MRI, 1 to 21 days before surgery",
    (r) => date(r.record.mriDay),
  ),
  column(
    "scanner_vendor",
    "text",
    "MRI scanner vendor",
    (r) => r.record.scanner.vendor,
    ["Siemens", "GE", "Philips"],
  ),
  column(
    "field_strength",
    "text",
    "Field strength in tesla",
    (r) => r.record.scanner.fieldStrength.toFixed(1),
    ["1.5", "3.0"],
  ),
  column(
    "slice_thickness",
    "number",
    "Slice thickness in mm",
    (r) => r.record.scanner.sliceThickness,
  ),
  column(
    "number_of_metastases",
    "integer",
    "Brain metastases on the index MRI (the labels in its mask)",
    (r) => r.record.numberOfMetastases,
  ),
  column(
    "egfr",
    "text",
    "EGFR result by NGS of the resected metastasis",
    (r) => r.record.egfr,
    ["exon19del", "L858R", "other", "negative", "missing"],
  ),
  column(
    "alk",
    "text",
    "ALK rearrangement or fusion by NGS",
    (r) => r.record.alk,
    ["positive", "negative", "missing"],
  ),
  column(
    "driver_status",
    "text",
    "Reference standard: positive with any EGFR mutation or ALK positive, negative when both are negative, empty when either result is missing",
    (r) => driverStatus(r.record),
    ["positive", "negative"],
  ),
  column(
    "t1ce_available",
    "0/1",
    "Preoperative contrast-enhanced T1 present",
    (r) => flag(r.record.t1ceAvailable),
  ),
  column(
    "flair_available",
    "0/1",
    "Preoperative FLAIR present",
    (r) => flag(r.record.flairAvailable),
  ),
  column(
    "image_quality",
    "text",
    "Image quality of the available sequences",
    (r) => r.record.imageQuality,
    ["diagnostic", "non-diagnostic"],
  ),
  column(
    "prior_intracranial_therapy",
    "0/1",
    "Intracranial therapy before the index MRI that changed the lesion (e.g. radiotherapy)",
    (r) => flag(r.record.priorIntracranialTherapy),
  ),
  column(
    "death_date",
    "date",
    "Death from any cause; empty if alive at last follow-up",
    (r) => date(r.record.deathDay),
  ),
  column(
    "progression_date",
    "date",
    "Radiographic or clinical progression, always before death; empty if none was seen",
    (r) => date(r.record.progressionDay),
  ),
  column(
    "last_followup_date",
    "date",
    "Last follow-up; equals death_date for patients who died",
    (r) => date(r.record.lastFollowUpDay),
  ),
];

export const SPLIT_COLUMN: ColumnSpec = column(
  "split",
  "text",
  "Development centre only: training (surgery before the split date) or internal-validation",
  (r) => r.split,
  ["training", "internal-validation"],
);

/** RFC 4180 quoting, only where a field needs it. */
function csvField(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV text (LF line ends, final newline) of `rows` under `columns`. */
export function clinicalCsv(rows: readonly TableRow[], columns: readonly ColumnSpec[]): string {
  const lines = [columns.map((c) => c.name).join(",")];
  for (const row of rows) lines.push(columns.map((c) => csvField(c.value(row))).join(","));
  return `${lines.join("\n")}\n`;
}
