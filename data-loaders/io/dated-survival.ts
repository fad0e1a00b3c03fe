/**
 * Follow-up computed from calendar dates with a data cut-off: the study sees nothing after the
 * cut-off, so a later event is not an event and follow-up stops there. Dates are ISO
 * YYYY-MM-DD read as UTC calendar days, so every time is a whole number of days in any time
 * zone.
 */
import { InputError } from "../errors.ts";
import { type CohortTable, rowNumber } from "./cohort-table.ts";
import { dateColumn, isoDateToDays } from "./column-access.ts";
import type { DatedSurvivalSpec } from "./study-types.ts";
import type { SurvivalColumns } from "./survival-columns.ts";

function refuse(
  table: CohortTable,
  column: string,
  rows: number[],
  problem: string,
  fix: string,
): never {
  throw new InputError({ file: table.file, cohort: table.cohortId, column, rows, problem, fix });
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Refuses dates in `days` that fall before the start date (the rows are the file's). */
function refuseBeforeStart(
  table: CohortTable,
  spec: DatedSurvivalSpec,
  column: string,
  days: Float64Array,
  start: Float64Array,
): void {
  const rows: number[] = [];
  days.forEach((day, i) => day < start[i] && rows.push(rowNumber(table, i)));
  if (rows.length === 0) return;
  refuse(
    table,
    column,
    rows,
    `survival "${spec.label}": ${count(rows.length, "date is", "dates are")} before the start date "${spec.start}" (an event or follow-up date before the ${spec.start} date)`,
    `correct the dates at the source; follow-up is counted from "${spec.start}", so no later date can precede it`,
  );
}

function refuseStartAfterCutoff(
  table: CohortTable,
  spec: DatedSurvivalSpec,
  start: Float64Array,
  cutoff: number,
  cutoffText: string,
): void {
  const rows: number[] = [];
  start.forEach((day, i) => day > cutoff && rows.push(rowNumber(table, i)));
  if (rows.length === 0) return;
  refuse(
    table,
    spec.start,
    rows,
    `survival "${spec.label}": ${count(rows.length, "start date is", "start dates are")} after the data cut-off ${cutoffText}, so follow-up would be negative`,
    "remove these patients from the cohort (an eligibility rule or the table) or correct the start dates; follow-up after the cut-off is not part of this analysis",
  );
}

function readDates(table: CohortTable, spec: DatedSurvivalSpec) {
  const purpose = (what: string) => `survival "${spec.label}" ${what}`;
  const start = dateColumn(table, spec.start, { purpose: purpose("start date") });
  const events = spec.events.map((column) =>
    dateColumn(table, column, { allowMissing: true, purpose: purpose("event date") }),
  );
  const lastFollowUp = dateColumn(table, spec.lastFollowUp, {
    allowMissing: true,
    purpose: purpose("last follow-up date"),
  });
  spec.events.forEach((column, j) => refuseBeforeStart(table, spec, column, events[j], start));
  refuseBeforeStart(table, spec, spec.lastFollowUp, lastFollowUp, start);
  return { start, events, lastFollowUp };
}

/** The earliest non-missing event date of row i, or NaN when the row has none. */
function earliestEvent(events: Float64Array[], i: number): number {
  let earliest = NaN;
  for (const days of events) {
    if (!Number.isNaN(days[i]) && !(days[i] >= earliest)) earliest = days[i];
  }
  return earliest;
}

/**
 * Time to event and event indicator for one endpoint given by dates. The event date is the
 * earliest non-missing date among `spec.events` (PFS: the earlier of progression and death).
 * When it is on or before the cut-off the patient has an event at (event date − start) days;
 * otherwise the patient is censored at (min(last follow-up, cut-off) − start) days, so an
 * event after the cut-off is censored at the cut-off. With no cut-off (null) every recorded
 * event counts. A time of 0 is kept, as R's survival package keeps it.
 *
 * @throws InputError naming the file, column, cohort and the file's row numbers (never dates or
 *   ids) for: a missing start date; a date that is not ISO YYYY-MM-DD; an event date or last
 *   follow-up before the start date; a start date after the cut-off; a missing last follow-up
 *   for a patient without an event by the cut-off.
 * @example datedSurvival(table, { label: "OS", start: "surgery_date", events: ["death_date"],
 *   lastFollowUp: "last_followup_date" }, "2026-05-01")
 * // surgery 2026-01-01, death 2026-03-02 → time 60, event 1;
 * // surgery 2026-01-01, death 2026-06-01 → time 120, event 0 (censored at the cut-off)
 */
export function datedSurvival(
  table: CohortTable,
  spec: DatedSurvivalSpec,
  dataCutoff: string | null,
): SurvivalColumns {
  const { start, events, lastFollowUp } = readDates(table, spec);
  const cutoff = dataCutoff === null ? Infinity : isoDateToDays(dataCutoff);
  if (cutoff === undefined) {
    throw new RangeError(`the data cut-off ${dataCutoff} is not an ISO date YYYY-MM-DD`);
  }
  if (dataCutoff !== null) refuseStartAfterCutoff(table, spec, start, cutoff, dataCutoff);
  const time = new Float64Array(table.nRows);
  const event = new Uint8Array(table.nRows);
  const withoutFollowUp: number[] = [];
  for (let i = 0; i < table.nRows; i++) {
    const eventDay = earliestEvent(events, i);
    if (eventDay <= cutoff) {
      [time[i], event[i]] = [eventDay - start[i], 1];
      continue;
    }
    if (Number.isNaN(lastFollowUp[i])) withoutFollowUp.push(rowNumber(table, i));
    time[i] = Math.min(lastFollowUp[i], cutoff) - start[i];
  }
  if (withoutFollowUp.length > 0) {
    refuse(
      table,
      spec.lastFollowUp,
      withoutFollowUp,
      `survival "${spec.label}": ${count(withoutFollowUp.length, "patient", "patients")} without an event${dataCutoff === null ? "" : ` by the cut-off ${dataCutoff}`} ${withoutFollowUp.length === 1 ? "has" : "have"} no last follow-up date, so censoring time is unknown`,
      "fill in the date each patient was last known to be event-free, or remove the patients and count them in the flow diagram",
    );
  }
  return { time, event };
}
