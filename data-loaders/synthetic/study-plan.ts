/**
 * Which records each centre gets: the eligible patients and, for every exclusion reason, the
 * records that fail it first (some failing a second reason too), scaled for quick test runs.
 * Records are then ordered by surgery date and numbered, which gives the pseudonymous ids.
 */
import type { CentreSpec } from "./centres.ts";
import { drawPatient, makeIneligible, type SyntheticPatient } from "./clinical-records.ts";
import { dayNumber } from "./dates.ts";
import { EXCLUSION_REASONS, type ExclusionReason } from "./eligibility.ts";
import { draws, streamSeed } from "./random-draws.ts";
import type { TableRow } from "./clinical-table.ts";

export interface PlannedPatient extends TableRow {
  patient: SyntheticPatient;
  /** Stream name of this record's draws; images continue from `${stream}/images`. */
  stream: string;
  /** 1-based row in the centre's table. */
  row: number;
}

/** Reasons each planned record must fail: [] for an eligible patient. */
export function plannedReasons(centre: CentreSpec, scale: number): ExclusionReason[][] {
  const plan: ExclusionReason[][] = [];
  const eligible = Math.max(2, Math.round(centre.eligible * scale));
  for (let i = 0; i < eligible; i++) plan.push([]);
  for (const reason of EXCLUSION_REASONS) {
    // At least one record per reason at any scale, so every flow-diagram box is exercised.
    const count = Math.max(1, Math.round(centre.ineligible[reason] * scale));
    const extra = centre.alsoFailing.flatMap(([one, two]) => (one === reason ? [two] : []));
    for (let i = 0; i < count; i++) plan.push(i < extra.length ? [reason, extra[i]] : [reason]);
  }
  return plan;
}

/**
 * Driver status per planned record: among the eligible exactly round(prevalence × n) are
 * positive, placed by a seeded shuffle, so every centre's prevalence is as specified; the
 * ineligible are drawn one by one.
 */
function driverPlan(centre: CentreSpec, plan: ExclusionReason[][], seed: number): boolean[] {
  const d = draws(streamSeed(seed, `${centre.id}/driver-status`));
  const eligible = plan.filter((reasons) => reasons.length === 0).length;
  const positives = Math.round(centre.driverPrevalence * eligible);
  const order = Array.from({ length: eligible }, (_, i) => i);
  for (let i = eligible - 1; i > 0; i--) {
    const j = d.integer(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  const status = order.map((position) => position < positives);
  const prevalence = centre.driverPrevalence;
  return plan.map((reasons, i) => (reasons.length === 0 ? status[i] : d.bernoulli(prevalence)));
}

/**
 * The centre's records, drawn from per-record streams (so one record's draws never shift
 * another's), sorted by surgery date and given ids PREFIX-0001, PREFIX-0002, ….
 */
export function planCentre(centre: CentreSpec, seed: number, scale: number): PlannedPatient[] {
  const plan = plannedReasons(centre, scale);
  const positive = driverPlan(centre, plan, seed);
  const drawn = plan.map((reasons, index) => {
    const stream = `${centre.id}/record/${index}`;
    const d = draws(streamSeed(seed, stream));
    const patient = drawPatient(d, centre, positive[index]);
    makeIneligible(patient.record, reasons, d, centre);
    return { patient, stream, index };
  });
  const surgery = (entry: (typeof drawn)[number]) => entry.patient.record.surgeryDay;
  drawn.sort((a, b) => surgery(a) - surgery(b) || a.index - b.index);
  const splitDay = centre.splitDate === null ? null : dayNumber(centre.splitDate);
  return drawn.map(({ patient, stream }, position) => ({
    patient,
    stream,
    record: patient.record,
    row: position + 1,
    patientId: `${centre.idPrefix}-${String(position + 1).padStart(4, "0")}`,
    split:
      splitDay === null
        ? null
        : patient.record.surgeryDay < splitDay
          ? "training"
          : "internal-validation",
  }));
}
