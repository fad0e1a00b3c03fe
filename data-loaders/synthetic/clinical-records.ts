/**
 * One synthetic patient: the hidden truth (driver status, the latent lesion score, lesions,
 * head position, scanner) and the clinical record a centre would hold. Demographics and
 * histology lean on driver status as in East Asian NSCLC series (EGFR-mutant and ALK-positive
 * tumours are mostly adenocarcinomas, more often in women and never-smokers).
 */
import type { CentreSpec, ScannerSpec } from "./centres.ts";
import { dayNumber } from "./dates.ts";
import type { ExclusionReason } from "./eligibility.ts";
import { drawLatent, drawLesions, type LesionSpec } from "./lesion-phantoms.ts";
import type { Draws } from "./random-draws.ts";
import { drawFollowUp } from "./survival-times.ts";

export type EgfrResult = "exon19del" | "L858R" | "other" | "negative" | "missing";
export type AlkResult = "positive" | "negative" | "missing";

export interface ClinicalRecord {
  age: number;
  sex: "female" | "male";
  smoking: "never" | "former" | "current";
  histology: string;
  surgeryDay: number;
  mriDay: number;
  scanner: ScannerSpec;
  numberOfMetastases: number;
  egfr: EgfrResult;
  alk: AlkResult;
  t1ceAvailable: boolean;
  flairAvailable: boolean;
  imageQuality: "diagnostic" | "non-diagnostic";
  priorIntracranialTherapy: boolean;
  deathDay: number | null;
  progressionDay: number | null;
  lastFollowUpDay: number;
}

export interface PatientTruth {
  driverPositive: boolean;
  latent: number;
  lesions: LesionSpec[];
  /** World position (mm) of the head's centre in the scanner. */
  headCentre: [number, number, number];
}

export interface SyntheticPatient {
  record: ClinicalRecord;
  truth: PatientTruth;
}

const clip = (x: number, low: number, high: number) => Math.min(high, Math.max(low, x));

function drawMolecular(d: Draws, driverPositive: boolean): { egfr: EgfrResult; alk: AlkResult } {
  if (!driverPositive) return { egfr: "negative", alk: "negative" };
  if (d.bernoulli(0.12)) return { egfr: "negative", alk: "positive" };
  const egfr = d.choice(["exon19del", "L858R", "other"] as const, [0.5, 0.4, 0.1]);
  return { egfr, alk: "negative" };
}

const NOS = "NSCLC not otherwise specified";

function drawDemographics(d: Draws, driverPositive: boolean) {
  const age = Math.round(clip(58 + 10 * d.normal() - (driverPositive ? 2 : 0), 24, 86));
  const sex = d.bernoulli(driverPositive ? 0.6 : 0.35) ? ("female" as const) : ("male" as const);
  const never = d.bernoulli(driverPositive ? 0.7 : 0.35);
  const smoking = never ? ("never" as const) : d.choice(["former", "current"] as const, [0.6, 0.4]);
  const histology = driverPositive
    ? d.choice(["adenocarcinoma", "adenosquamous carcinoma", NOS], [0.95, 0.02, 0.03])
    : d.choice(
        ["adenocarcinoma", "squamous cell carcinoma", "large cell carcinoma", NOS],
        [0.7, 0.2, 0.04, 0.06],
      );
  return { age, sex, smoking, histology };
}

/**
 * A patient who meets every inclusion criterion, with the given driver status; `makeIneligible`
 * then breaks the criteria a planned ineligible record must fail.
 */
export function drawPatient(
  d: Draws,
  centre: CentreSpec,
  driverPositive: boolean,
): SyntheticPatient {
  const latent = drawLatent(d, driverPositive, centre.signal);
  const lesions = drawLesions(d, latent, centre.signal);
  const headCentre = [0, 1, 2].map(() => d.between(-5, 5)) as [number, number, number];
  const scanner = d.choice(centre.scanners, centre.scanners.map((s) => s.share));
  const [from, to] = [dayNumber(centre.surgeryFrom), dayNumber(centre.surgeryTo)];
  const surgeryDay = from + d.integer(to - from + 1);
  const mriDay = surgeryDay - 1 - d.integer(21);
  const followUp = drawFollowUp(d, driverPositive, surgeryDay, dayNumber(centre.followUpUntil));
  const record: ClinicalRecord = {
    ...drawDemographics(d, driverPositive),
    surgeryDay,
    mriDay,
    scanner,
    numberOfMetastases: lesions.length,
    ...drawMolecular(d, driverPositive),
    t1ceAvailable: true,
    flairAvailable: true,
    imageQuality: "diagnostic",
    priorIntracranialTherapy: false,
    ...followUp,
  };
  return { record, truth: { driverPositive, latent, lesions, headCentre } };
}

type Breaker = (record: ClinicalRecord, d: Draws, centre: CentreSpec) => void;

const BREAK: Record<ExclusionReason, Breaker> = {
  "age-under-18": (r, d) => void (r.age = 15 + d.integer(3)),
  "histology-not-nsclc": (r, d) =>
    void (r.histology = d.choice(["small cell carcinoma", "uncertain primary"], [0.5, 0.5])),
  "sequence-missing": (r, d, centre) => {
    if (d.bernoulli(centre.missingFlairShare)) r.flairAvailable = false;
    else r.t1ceAvailable = false;
  },
  "non-diagnostic-quality": (r) => void (r.imageQuality = "non-diagnostic"),
  "driver-result-missing": (r, d) => {
    if (d.bernoulli(0.5)) r.egfr = "missing";
    else r.alk = "missing";
  },
  "prior-intracranial-therapy": (r) => void (r.priorIntracranialTherapy = true),
};

/** Makes the record fail each of `reasons` (and nothing else). */
export function makeIneligible(
  record: ClinicalRecord,
  reasons: ExclusionReason[],
  d: Draws,
  centre: CentreSpec,
) {
  for (const reason of reasons) BREAK[reason](record, d, centre);
}

/**
 * The reference standard: positive with any EGFR mutation or an ALK rearrangement, negative
 * when both are negative; unknown (null) when either result is missing, since the protocol
 * needs both results known.
 * @example driverStatus({ egfr: "L858R", alk: "negative" }) // "positive"
 */
export function driverStatus(
  record: Pick<ClinicalRecord, "egfr" | "alk">,
): "positive" | "negative" | null {
  if (record.egfr === "missing" || record.alk === "missing") return null;
  return record.egfr !== "negative" || record.alk === "positive" ? "positive" : "negative";
}
