/**
 * The three demonstration centres and their scanners. Everything that differs between centres
 * lives here: how many patients, who is excluded and why, driver prevalence, how strongly the
 * lesions' appearance depends on driver status, and how each scanner samples and stores the
 * images. The engine never reads this file: it sees only the tables and images written from it.
 */
import type { ExclusionReason } from "./eligibility.ts";

export type StoredDatatype = "uint8" | "int16" | "float32";

export interface ScannerSpec {
  id: string;
  vendor: "Siemens" | "GE" | "Philips";
  /** Tesla. */
  fieldStrength: number;
  /** mm, the voxel size along the axis that runs inferior–superior. */
  sliceThickness: number;
  /** mm, the voxel size along the two in-plane axes. */
  inPlaneSpacing: number;
  /**
   * Where voxel axes i, j, k point, one letter each (R/L, A/P, S/I): "RAS" is NIfTI's own
   * orientation, "LPS" DICOM's, "ARS" an in-plane transpose.
   */
  orientation: string;
  /** Degrees the slices are tilted about the left–right axis (an oblique acquisition). */
  tiltDegrees: number;
  /** Which transforms the header carries: both sform and qform, or the qform alone. */
  transform: "sform+qform" | "qform";
  /** Stored value = (intensity × gain − intercept) / slope, rounded for integer types. */
  storage: { datatype: StoredDatatype; gain: number; slope: number; intercept: number };
  /** Noise standard deviation as a share of normal-brain intensity. */
  noise: number;
  /** Share of the centre's patients scanned here. */
  share: number;
}

/** Lesion appearance: latent = shift ± separation / 2 (driver-positive +) + N(0, 1). */
export interface DriverSignal {
  separation: number;
  shift: number;
  /** Multiplies every oedema width (a centre-wide difference in FLAIR protocol). */
  oedemaScale: number;
}

export interface CentreSpec {
  id: string;
  label: string;
  idPrefix: string;
  role: "development" | "external-test";
  /** Eligible patients at scale 1. */
  eligible: number;
  /** Ineligible records at scale 1 by their first failing reason in protocol order. */
  ineligible: Record<ExclusionReason, number>;
  /** Extra reasons some ineligible records also fail: [first reason, second reason]. */
  alsoFailing: [ExclusionReason, ExclusionReason][];
  surgeryFrom: string;
  surgeryTo: string;
  /** Last day of follow-up collected (after the 1 May 2026 cut-off at NCC and Anhui). */
  followUpUntil: string;
  driverPrevalence: number;
  /** Among records missing a sequence, the share missing FLAIR (the rest miss T1CE). */
  missingFlairShare: number;
  signal: DriverSignal;
  /** Surgery before this date: training; on or after: internal validation (development only). */
  splitDate: string | null;
  scanners: ScannerSpec[];
}

const NCC: CentreSpec = {
  id: "ncc",
  label: "NCC",
  idPrefix: "NCC",
  role: "development",
  eligible: 200,
  ineligible: {
    "age-under-18": 1,
    "histology-not-nsclc": 3,
    "sequence-missing": 2,
    "non-diagnostic-quality": 2,
    "driver-result-missing": 3,
    "prior-intracranial-therapy": 2,
  },
  alsoFailing: [["driver-result-missing", "prior-intracranial-therapy"]],
  surgeryFrom: "2016-01-04",
  surgeryTo: "2025-03-28",
  followUpUntil: "2026-12-31",
  driverPrevalence: 0.52,
  missingFlairShare: 0.5,
  signal: { separation: 1.5, shift: 0, oedemaScale: 1 },
  splitDate: "2022-06-01",
  scanners: [
    {
      id: "ncc-siemens-3t",
      vendor: "Siemens",
      fieldStrength: 3,
      sliceThickness: 4,
      inPlaneSpacing: 3,
      orientation: "RAS",
      tiltDegrees: 0,
      transform: "sform+qform",
      storage: { datatype: "int16", gain: 2, slope: 1, intercept: 0 },
      noise: 0.03,
      share: 0.6,
    },
    {
      id: "ncc-ge-1.5t",
      vendor: "GE",
      fieldStrength: 1.5,
      sliceThickness: 5,
      inPlaneSpacing: 2.5,
      orientation: "LPS",
      tiltDegrees: 0,
      transform: "sform+qform",
      storage: { datatype: "int16", gain: 0.75, slope: 0.25, intercept: 0 },
      noise: 0.045,
      share: 0.4,
    },
  ],
};

const ANHUI: CentreSpec = {
  id: "anhui",
  label: "Anhui",
  idPrefix: "AH",
  role: "external-test",
  eligible: 100,
  ineligible: {
    "age-under-18": 1,
    "histology-not-nsclc": 2,
    "sequence-missing": 2,
    "non-diagnostic-quality": 2,
    "driver-result-missing": 2,
    "prior-intracranial-therapy": 1,
  },
  alsoFailing: [["histology-not-nsclc", "prior-intracranial-therapy"]],
  surgeryFrom: "2018-03-01",
  surgeryTo: "2025-06-27",
  followUpUntil: "2026-11-30",
  driverPrevalence: 0.48,
  missingFlairShare: 0.5,
  signal: { separation: 1.1, shift: 0.25, oedemaScale: 1 },
  splitDate: null,
  scanners: [
    {
      id: "anhui-philips-3t",
      vendor: "Philips",
      fieldStrength: 3,
      sliceThickness: 3,
      inPlaneSpacing: 3.5,
      orientation: "LAS",
      tiltDegrees: 0,
      transform: "sform+qform",
      storage: { datatype: "uint8", gain: 1, slope: 2, intercept: 0 },
      noise: 0.03,
      share: 0.55,
    },
    {
      id: "anhui-ge-3t",
      vendor: "GE",
      fieldStrength: 3,
      sliceThickness: 4,
      inPlaneSpacing: 3,
      orientation: "ARS",
      tiltDegrees: 0,
      transform: "sform+qform",
      storage: { datatype: "int16", gain: 1.5, slope: 0.5, intercept: 10 },
      noise: 0.035,
      share: 0.45,
    },
  ],
};

const TCIA: CentreSpec = {
  id: "tcia",
  label: "TCIA",
  idPrefix: "TCIA",
  role: "external-test",
  eligible: 80,
  ineligible: {
    "age-under-18": 1,
    "histology-not-nsclc": 2,
    "sequence-missing": 5,
    "non-diagnostic-quality": 2,
    "driver-result-missing": 2,
    "prior-intracranial-therapy": 1,
  },
  alsoFailing: [["sequence-missing", "driver-result-missing"]],
  surgeryFrom: "2013-01-07",
  surgeryTo: "2021-12-20",
  followUpUntil: "2025-12-31",
  driverPrevalence: 0.45,
  missingFlairShare: 0.7,
  signal: { separation: 1.2, shift: -0.2, oedemaScale: 1.15 },
  splitDate: null,
  scanners: [
    {
      id: "tcia-siemens-1.5t",
      vendor: "Siemens",
      fieldStrength: 1.5,
      sliceThickness: 5,
      inPlaneSpacing: 2.5,
      orientation: "RAS",
      tiltDegrees: 8,
      transform: "qform",
      storage: { datatype: "float32", gain: 0.01, slope: 1, intercept: 0 },
      noise: 0.05,
      share: 0.4,
    },
    {
      id: "tcia-ge-1.5t",
      vendor: "GE",
      fieldStrength: 1.5,
      sliceThickness: 4,
      inPlaneSpacing: 3,
      orientation: "LPI",
      tiltDegrees: 0,
      transform: "qform",
      storage: { datatype: "float32", gain: 3, slope: 1, intercept: 0 },
      noise: 0.05,
      share: 0.3,
    },
    {
      id: "tcia-philips-3t",
      vendor: "Philips",
      fieldStrength: 3,
      sliceThickness: 3,
      inPlaneSpacing: 3.5,
      orientation: "RPS",
      tiltDegrees: 0,
      transform: "sform+qform",
      storage: { datatype: "int16", gain: 2, slope: 1, intercept: 0 },
      noise: 0.035,
      share: 0.3,
    },
  ],
};

/** The demonstration study's centres, development first. */
export const DEMO_CENTRES: readonly CentreSpec[] = [NCC, ANHUI, TCIA];
