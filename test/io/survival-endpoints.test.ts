import { test } from "node:test";
import assert from "node:assert/strict";
import { cohortTableFromCsv } from "../../data-loaders/io/cohort-table.ts";
import type { CohortConfig, SurvivalEndpointSpec } from "../../data-loaders/io/study-types.ts";
import { survivalEndpoints } from "../../data-loaders/io/survival-endpoints.ts";

const TABLE = `id,surgery_date,death_date,last_followup_date,rfs_days,rfs_event
A,2026-01-01,2026-03-02,2026-03-02,40,1
B,2026-01-01,,2026-07-01,200,0
`;
const table = cohortTableFromCsv(TABLE, { file: "data/c.csv", cohort: "c", idColumn: "id" });
const OS: SurvivalEndpointSpec = { label: "Overall survival", start: "surgery_date", events: ["death_date"], lastFollowUp: "last_followup_date" };
const RFS: SurvivalEndpointSpec = { label: "Recurrence-free survival", time: "rfs_days", event: "rfs_event", timeUnit: "days", coding: "0=censored,1=event" };
const cohortWith = (endpoints: SurvivalEndpointSpec[]) =>
  ({ id: "c", survival: endpoints[0] ?? null, survivalEndpoints: endpoints }) as CohortConfig;

test("endpoints in study.json order: dates with the cut-off beside a time-and-event endpoint", () => {
  const [os, rfs] = survivalEndpoints(table, cohortWith([OS, RFS]), { dataCutoff: "2026-05-01" });
  // A: death 2026-03-02 = day 31 + 28 + 1 = 60; B: censored at the cut-off, day 120.
  assert.deepEqual([os.label, Array.from(os.time), Array.from(os.event)], ["Overall survival", [60, 120], [1, 0]]);
  // The data cut-off does not apply to times given in days: they are taken as written.
  assert.deepEqual([rfs.label, Array.from(rfs.time), Array.from(rfs.event)], ["Recurrence-free survival", [40, 200], [1, 0]]);
});

test("a cohort without survival endpoints gives an empty list", () => {
  assert.deepEqual(survivalEndpoints(table, cohortWith([]), { dataCutoff: null }), []);
});

test("a time-and-event endpoint keeps its refusals (negative time, 1/2 coding)", () => {
  const bad = cohortTableFromCsv(TABLE.replace(",40,1", ",-4,1"), { file: "data/c.csv", cohort: "c", idColumn: "id" });
  assert.throws(() => survivalEndpoints(bad, cohortWith([RFS]), { dataCutoff: null }), { message: /column "rfs_days": follow-up time: 1 value is below 0 \(found "-4"\) \(row 1\)/ });
});
