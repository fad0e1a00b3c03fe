/**
 * Time-to-event columns for Kaplan-Meier, log-rank and Cox analyses, validated once here so the
 * survival code can trust them.
 */
import { InputError } from "../errors.ts";
import type { CohortTable } from "./cohort-table.ts";
import { binaryColumn, numericColumn } from "./column-access.ts";
import { datedSurvival } from "./dated-survival.ts";
import { isDatedEndpoint } from "./survival-config.ts";
import type { CohortConfig, Study, SurvivalSpec } from "./study-types.ts";

export interface SurvivalColumns {
  /** Follow-up in days, finite and ≥ 0 (0 is legal: an event or censoring at the index date). */
  time: Float64Array;
  /** 1 = event, 0 = censored, after applying the declared coding. */
  event: Uint8Array;
}

/**
 * An endpoint given by a follow-up time column (days) and an event indicator. Follow-up time 0
 * is kept (R's survival package keeps it too); negative time, usually an event date before the
 * index date, is refused rather than plotted.
 *
 * @throws InputError for missing columns or values; negative, NaN or infinite times; an
 *   undeclared 1/2 coding; or event values such as durations (rows and a few values listed).
 * @example timeEventColumns(gbsg, { time: "rfstime", event: "status", … }).time[0] // 1838
 */
export function timeEventColumns(table: CohortTable, spec: SurvivalSpec): SurvivalColumns {
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

/**
 * The cohort's first survival endpoint (`cohort.survival`); survivalEndpoints gives them all.
 * A time-and-event endpoint is read from its columns: the event column with the declared
 * coding ("0=censored,1=event", the default, which also takes TRUE/FALSE; or
 * "1=censored,2=event" as R's Surv reads survival::lung). An endpoint given by dates is
 * computed with the study's data cut-off (see datedSurvival), so `study` must be passed.
 *
 * @throws InputError when the cohort has no survival block; for missing columns or values;
 *   negative, NaN or infinite times; an undeclared 1/2 coding; or event values such as
 *   durations (the rows and a few values are listed); for dated endpoints, as datedSurvival.
 * @throws TypeError for an endpoint given by dates when `study` is not passed.
 * @example survivalColumns(gbsg, cohort).event.reduce((a, b) => a + b) // 299 events in GBSG
 */
export function survivalColumns(
  table: CohortTable,
  cohort: CohortConfig,
  study?: Pick<Study, "dataCutoff">,
): SurvivalColumns {
  const spec = cohort.survival;
  if (spec === null) {
    throw new InputError({
      cohort: cohort.id,
      file: "study.json",
      problem: "the cohort has no survival endpoint",
      fix: `add a "survival" block with "time" and "event" to cohort "${cohort.id}" in study.json`,
    });
  }
  if (!isDatedEndpoint(spec)) return timeEventColumns(table, spec);
  if (study === undefined) {
    throw new TypeError(
      `survival "${spec.label}" is computed from dates: pass the study for its data cut-off`,
    );
  }
  return datedSurvival(table, spec, study.dataCutoff);
}
