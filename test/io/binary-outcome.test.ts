import { test } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";
import { binaryOutcome } from "../../data-loaders/io/binary-outcome.ts";
import { cohortTableFromCsv, readCohortTable } from "../../data-loaders/io/cohort-table.ts";
import { loadStudy } from "../../data-loaders/io/study-config.ts";
import type { CohortConfig, OutcomeSpec } from "../../data-loaders/io/study-types.ts";

const study = loadStudy(resolve(import.meta.dirname, "../../studies/gbsg-external-validation"));
const reference = loadReference("locked_model");

function outcomeOf(cohortId: string) {
  const cohort = study.cohorts.find((c) => c.id === cohortId)!;
  return binaryOutcome(readCohortTable(study, cohort), cohort);
}

test("GBSG 5-year outcome: 406 used, 285 events, 280 excluded (locked_model.json validation_mapping)", () => {
  const { nIncluded, nEvents, nExcluded } = outcomeOf("gbsg");
  const expected = reference.validation_mapping;
  assert.deepEqual([nIncluded, nEvents, nExcluded], [expected.n_binary_used, expected.n_binary_events, expected.n_binary_excluded]);
  assert.deepEqual([nIncluded, nEvents, nExcluded], [406, 285, 280]);
});

test("Rotterdam 5-year outcome from recurrence or death: 2846 used, 1275 events, 136 excluded (development block)", () => {
  const { nIncluded, nEvents, nExcluded } = outcomeOf("rotterdam");
  const expected = reference.development;
  assert.deepEqual([nIncluded, nEvents, nExcluded], [expected.n_used, expected.n_events, expected.n_excluded_censored_before_horizon]);
  assert.deepEqual([nIncluded, nEvents, nExcluded], [2846, 1275, 136]);
});

test("GBSG outcome equals R's y in gbsg_validation.csv row by row (empty y = excluded = -1)", () => {
  const { outcome } = outcomeOf("gbsg");
  loadReferenceCsv("gbsg_validation").forEach((row, i) => {
    assert.equal(outcome[i], row.y === "" ? -1 : Number(row.y), `y of row ${i + 1}`);
  });
});

const context = { file: "data/o.csv", cohort: "demo", idColumn: "id" };
function cohortWith(outcome: OutcomeSpec): CohortConfig {
  return { id: "demo", outcome } as CohortConfig;
}
const horizon = (events: { event: string; time: string }[]): CohortConfig =>
  cohortWith({ kind: "event-within-horizon", horizonDays: 100, events });

test("horizon boundary: an event at exactly the horizon counts (<=); follow-up ending exactly there without event is excluded", () => {
  const table = cohortTableFromCsv("id,t,e\n1,100,1\n2,100,0\n3,100.5,0\n4,100.5,1\n5,0,1\n6,0,0\n", context);
  const { outcome } = binaryOutcome(table, horizon([{ event: "e", time: "t" }]));
  assert.deepEqual(Array.from(outcome), [1, -1, 0, 0, 1, -1]);
});

test("several events: any event by the horizon is positive; negative needs every listed time beyond it", () => {
  // rows: recurrence early; death early only; both late; recurrence time short without event, death late.
  const table = cohortTableFromCsv("id,recur,rtime,death,dtime\n1,1,50,0,300\n2,0,300,1,80\n3,1,200,1,250\n4,0,60,0,300\n", context);
  const result = binaryOutcome(table, horizon([{ event: "recur", time: "rtime" }, { event: "death", time: "dtime" }]));
  assert.deepEqual(Array.from(result.outcome), [1, 1, 0, -1]);
  assert.deepEqual([result.nIncluded, result.nEvents, result.nExcluded], [3, 2, 1]);
});

test("all censored before the horizon: every patient excluded, no events; a single event: one positive", () => {
  const allCensored = binaryOutcome(cohortTableFromCsv("id,t,e\n1,10,0\n2,20,0\n", context), horizon([{ event: "e", time: "t" }]));
  assert.deepEqual([allCensored.nIncluded, allCensored.nEvents, allCensored.nExcluded], [0, 0, 2]);
  const single = binaryOutcome(cohortTableFromCsv("id,t,e\n1,10,1\n2,200,0\n", context), horizon([{ event: "e", time: "t" }]));
  assert.deepEqual([single.nIncluded, single.nEvents, single.nExcluded], [2, 1, 0]);
});

test("horizon outcome refuses negative times and non-binary event values with rows", () => {
  const bad = cohortTableFromCsv("id,t,e\n1,-3,1\n2,20,0\n", context);
  assert.throws(() => binaryOutcome(bad, horizon([{ event: "e", time: "t" }])), { message: /^cohort "demo", data\/o\.csv, column "t": outcome time "t": 1 value is below 0 \(found "-3"\) \(row 1\)\. Fix: follow-up time must be ≥ 0 days/ });
  const durations = cohortTableFromCsv("id,t,e\n1,3,5\n2,20,0\n", context);
  assert.throws(() => binaryOutcome(durations, horizon([{ event: "e", time: "t" }])), { message: /outcome event "e": 1 value is not 0\/1 or TRUE\/FALSE \(found "5"\) \(row 1\)/ });
});

test("binary outcome: 0/1 and TRUE/FALSE columns, all rows included", () => {
  const table = cohortTableFromCsv("id,y\n1,1\n2,0\n3,TRUE\n4,FALSE\n", context);
  const result = binaryOutcome(table, cohortWith({ kind: "binary", column: "y", positive: 1, negative: 0 }));
  assert.deepEqual(Array.from(result.outcome), [1, 0, 1, 0]);
  assert.deepEqual([result.nIncluded, result.nEvents, result.nExcluded], [4, 2, 0]);
});

test("binary outcome refuses 1/2 coding with the recode-or-declare fix", () => {
  const table = cohortTableFromCsv("id,y\n1,1\n2,2\n", context);
  assert.throws(() => binaryOutcome(table, cohortWith({ kind: "binary", column: "y", positive: 1, negative: 0 })), { message: /outcome: the values are 1 and 2 only, which looks like the coding 1 = censored, 2 = event/ });
});

test("binary outcome with declared text values: other values and missing cells are refused", () => {
  const spec: OutcomeSpec = { kind: "binary", column: "outcome", positive: "Poor", negative: "Good" };
  const ok = binaryOutcome(cohortTableFromCsv("id,outcome\n1,Poor\n2,Good\n", context), cohortWith(spec));
  assert.deepEqual(Array.from(ok.outcome), [1, 0]);
  const bad = cohortTableFromCsv("id,outcome\n1,Poor\n2,poor\n3,NA\n", context);
  assert.throws(() => binaryOutcome(bad, cohortWith(spec)), {
    message: 'cohort "demo", data/o.csv, column "outcome": outcome: 2 values are missing or neither "Poor" (positive) nor "Good" (negative) (rows 2, 3). Fix: give every patient one of the two declared outcome values, or remove patients without a reference-standard result and count them in the flow diagram',
  });
});

test("an empty table gives an empty outcome with zero counts", () => {
  const empty = { file: "t.csv", cohortId: "demo", idColumn: "id", nRows: 0, rowNumbers: [], columns: new Map([["y", { name: "y", type: "text" as const, values: [] }]]) };
  const result = binaryOutcome(empty, cohortWith({ kind: "binary", column: "y", positive: 1, negative: 0 }));
  assert.deepEqual([result.outcome.length, result.nIncluded, result.nEvents, result.nExcluded], [0, 0, 0, 0]);
});
