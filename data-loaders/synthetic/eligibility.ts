/**
 * The protocol's exclusion reasons, in protocol order, and the check of one clinical record
 * against them. A record that fails several reasons is counted once in the flow diagram,
 * under the first reason it fails in this order.
 */
import type { ClinicalRecord } from "./clinical-records.ts";

export const EXCLUSION_REASONS = [
  "age-under-18",
  "histology-not-nsclc",
  "sequence-missing",
  "non-diagnostic-quality",
  "driver-result-missing",
  "prior-intracranial-therapy",
] as const;

export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** The flow-diagram wording of each reason. */
export const EXCLUSION_LABELS: Record<ExclusionReason, string> = {
  "age-under-18": "Age under 18 at brain-metastasis surgery",
  "histology-not-nsclc": "Non-NSCLC or uncertain primary histology",
  "sequence-missing": "T1CE or FLAIR missing",
  "non-diagnostic-quality": "Non-diagnostic image quality (artefacts, motion)",
  "driver-result-missing": "EGFR or ALK result missing",
  "prior-intracranial-therapy": "Prior intracranial therapy that changed the lesion",
};

/** Histologies that are NSCLC; anything else (small cell, uncertain primary) is excluded. */
export const NSCLC_HISTOLOGIES = [
  "adenocarcinoma",
  "squamous cell carcinoma",
  "large cell carcinoma",
  "adenosquamous carcinoma",
  "NSCLC not otherwise specified",
] as const;

const CHECKS: Record<ExclusionReason, (record: ClinicalRecord) => boolean> = {
  "age-under-18": (r) => r.age < 18,
  "histology-not-nsclc": (r) => !(NSCLC_HISTOLOGIES as readonly string[]).includes(r.histology),
  "sequence-missing": (r) => !r.t1ceAvailable || !r.flairAvailable,
  "non-diagnostic-quality": (r) => r.imageQuality !== "diagnostic",
  "driver-result-missing": (r) => r.egfr === "missing" || r.alk === "missing",
  "prior-intracranial-therapy": (r) => r.priorIntracranialTherapy,
};

/**
 * Every exclusion reason the record fails, in protocol order; empty when it is eligible.
 * @example failingReasons({ ...record, age: 17, alk: "missing" })
 * // ["age-under-18", "driver-result-missing"]
 */
export function failingReasons(record: ClinicalRecord): ExclusionReason[] {
  return EXCLUSION_REASONS.filter((reason) => CHECKS[reason](record));
}

/** The reason the flow diagram counts the record under, or null when it is eligible. */
export function firstFailingReason(record: ClinicalRecord): ExclusionReason | null {
  return failingReasons(record)[0] ?? null;
}
