/**
 * Every survival endpoint of a cohort (for example overall and progression-free survival), each
 * as follow-up days and an event indicator, in the order study.json lists them.
 */
import type { CohortTable } from "./cohort-table.ts";
import { datedSurvival } from "./dated-survival.ts";
import { isDatedEndpoint } from "./survival-config.ts";
import type { CohortConfig, Study } from "./study-types.ts";
import { timeEventColumns } from "./survival-columns.ts";

export interface SurvivalEndpoint {
  label: string;
  /** Follow-up in whole or fractional days, finite and ≥ 0. */
  time: Float64Array;
  /** 1 = event, 0 = censored. */
  event: Uint8Array;
}

/**
 * The cohort's survival endpoints on the given rows (normally the eligible ones). Time-and-event
 * endpoints are read from their columns; endpoints given by dates are computed with the
 * study's data cut-off: the event date is the earliest of the listed dates; on or before the
 * cut-off it is an event at (event date − start) days, otherwise the patient is censored at
 * (min(last follow-up, cut-off) − start) days.
 *
 * @throws InputError as timeEventColumns and datedSurvival do, naming file, column, cohort and
 *   the file's row numbers.
 * @example survivalEndpoints(table, ncc, study).map((e) => e.label)
 * // ["Overall survival", "Progression-free survival"]
 */
export function survivalEndpoints(
  table: CohortTable,
  cohort: CohortConfig,
  study: Pick<Study, "dataCutoff">,
): SurvivalEndpoint[] {
  return cohort.survivalEndpoints.map((spec) => {
    const columns = isDatedEndpoint(spec)
      ? datedSurvival(table, spec, study.dataCutoff)
      : timeEventColumns(table, spec);
    return { label: spec.label, ...columns };
  });
}
