/**
 * Time-to-event columns for Kaplan-Meier, log-rank and Cox analyses, validated once here so the
 * survival code can trust them.
 */
import { InputError } from "../errors.ts";
import type { CohortTable } from "./cohort-table.ts";
import { binaryColumn, numericColumn } from "./column-access.ts";
import type { CohortConfig } from "./study-types.ts";

export interface SurvivalColumns {
  /** Follow-up in days, finite and ≥ 0 (0 is legal: an event or censoring at the index date). */
  time: Float64Array;
  /** 1 = event, 0 = censored, after applying the declared coding. */
  event: Uint8Array;
}

/**
 * The cohort's survival endpoint. Follow-up time 0 is kept (R's survival package keeps it too);
 * negative time, usually an event date before the index date, is refused rather than plotted.
 * The event column is read with the declared coding ("0=censored,1=event", the default, which
 * also takes TRUE/FALSE; or "1=censored,2=event" as R's Surv reads survival::lung).
 *
 * @throws InputError when the cohort has no survival block; for missing columns or values;
 *   negative, NaN or infinite times; an undeclared 1/2 coding; or event values such as
 *   durations (the rows and a few values are listed).
 * @example survivalColumns(gbsg, cohort).event.reduce((a, b) => a + b) // 299 events in GBSG
 */
export function survivalColumns(table: CohortTable, cohort: CohortConfig): SurvivalColumns {
  const spec = cohort.survival;
  if (spec === null) {
    throw new InputError({
      cohort: cohort.id,
      file: "study.json",
      problem: "the cohort has no survival endpoint",
      fix: `add a "survival" block with "time" and "event" to cohort "${cohort.id}" in study.json`,
    });
  }
  const time = numericColumn(table, spec.time, {
    min: 0,
    purpose: "follow-up time",
    rangeFix: "follow-up must be ≥ 0 days; a negative time usually means an event or last-contact date before the index date, so check those dates",
  });
  const event = binaryColumn(table, spec.event, {
    coding: spec.coding,
    purpose: "event indicator",
  });
  return { time, event };
}
