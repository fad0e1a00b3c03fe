import { test } from "node:test";
import assert from "node:assert/strict";
import { cohortTableFromCsv, selectRows } from "../../data-loaders/io/cohort-table.ts";
import { datedSurvival } from "../../data-loaders/io/dated-survival.ts";
import type { DatedSurvivalSpec } from "../../data-loaders/io/study-types.ts";

const OS: DatedSurvivalSpec = { label: "Overall survival", start: "surgery_date", events: ["death_date"], lastFollowUp: "last_followup_date" };
const PFS: DatedSurvivalSpec = { ...OS, label: "Progression-free survival", events: ["progression_date", "death_date"] };
const CUTOFF = "2026-05-01";

// Days after 2026-01-01 (2026 is not a leap year): Feb 1 = 31, Feb 15 = 45, Mar 2 = 31 + 28 + 1
// = 60, Apr 11 = 31 + 28 + 31 + 10 = 100, May 1 = 31 + 28 + 31 + 30 = 120 (the cut-off),
// Jun 1 = 120 + 31 = 151.
const DAY = { feb1: 31, feb15: 45, mar2: 60, apr11: 100, cutoff: 120, jun1: 151 };

const TABLE = `id,surgery_date,progression_date,death_date,last_followup_date
A,2026-01-01,2026-02-15,2026-03-02,2026-03-02
B,2026-01-01,,,2026-02-01
C,2026-01-01,2026-04-11,2026-06-01,2026-06-01
D,2026-01-01,,,2026-07-01
E,2026-01-01,,2026-05-01,2026-05-01
F,2026-01-01,,2026-01-01,2026-01-01
G,2026-01-01,2026-05-20,,2026-06-10
`;

const read = (csv = TABLE) => cohortTableFromCsv(csv, { file: "data/ncc.csv", cohort: "ncc", idColumn: "id" });

test("OS with a cut-off: death on or before it is an event; death or follow-up after it is censored at the cut-off", () => {
  const { time, event } = datedSurvival(read(), OS, CUTOFF);
  // A dies Mar 2; B censored at last follow-up Feb 1; C dies Jun 1, after the cut-off; D is
  // followed until Jul 1, after it; E dies on the cut-off day itself; F dies on the surgery day;
  // G has no death and last follow-up after the cut-off.
  assert.deepEqual(Array.from(time), [DAY.mar2, DAY.feb1, DAY.cutoff, DAY.cutoff, DAY.cutoff, 0, DAY.cutoff]);
  assert.deepEqual(Array.from(event), [1, 0, 0, 0, 1, 1, 0]);
});

test("PFS takes the earlier of progression and death; progression after the cut-off is censored", () => {
  const { time, event } = datedSurvival(read(), PFS, CUTOFF);
  assert.deepEqual(Array.from(time), [DAY.feb15, DAY.feb1, DAY.apr11, DAY.cutoff, DAY.cutoff, 0, DAY.cutoff]);
  assert.deepEqual(Array.from(event), [1, 0, 1, 0, 1, 1, 0]);
  const order = datedSurvival(read(), { ...PFS, events: ["death_date", "progression_date"] }, CUTOFF);
  assert.deepEqual(Array.from(order.time), Array.from(time), "the earliest date counts, whatever the listed order");
});

test("without a cut-off every recorded event counts and follow-up runs to the last contact", () => {
  const { time, event } = datedSurvival(read(), OS, null);
  assert.deepEqual(Array.from(time), [DAY.mar2, DAY.feb1, DAY.jun1, 181, DAY.cutoff, 0, 160]);
  assert.deepEqual(Array.from(event), [1, 0, 1, 0, 1, 1, 0]);
});

test("whole calendar days in UTC across a leap day and a year end", () => {
  const csv = "id,surgery_date,death_date,last_followup_date\nA,2024-02-28,2024-03-01,2024-03-01\nB,2023-12-31,,2024-12-31\n";
  const { time, event } = datedSurvival(read(csv), OS, null);
  assert.deepEqual(Array.from(time), [2, 366]);
  assert.deepEqual(Array.from(event), [1, 0]);
});

test("all censored, a single event and an empty table are data, not errors", () => {
  const censored = datedSurvival(read(), OS, "2026-01-31");
  assert.deepEqual(Array.from(censored.event), [0, 0, 0, 0, 0, 1, 0], "only F's death (on the surgery day) precedes Jan 31");
  const single = datedSurvival(selectRows(read(), [0]), OS, CUTOFF);
  assert.deepEqual([Array.from(single.time), Array.from(single.event)], [[DAY.mar2], [1]]);
  const empty = datedSurvival(selectRows(read(), []), OS, CUTOFF);
  assert.deepEqual([empty.time.length, empty.event.length], [0, 0]);
});

test("a missing start date is refused with the file row, never the dates or ids", () => {
  const csv = TABLE.replace("D,2026-01-01,", "D,,");
  assert.throws(() => datedSurvival(read(csv), OS, CUTOFF), {
    name: "InputError",
    message: 'cohort "ncc", data/ncc.csv, column "surgery_date": survival "Overall survival" start date: 1 date is missing (empty or NA) (row 4). Fix: fill in the dates, or remove these patients and count them in the flow diagram',
  });
});

test("an event date before the surgery date is refused, naming the column and the file rows of a subset", () => {
  const csv = TABLE.replace("C,2026-01-01,2026-04-11,2026-06-01", "C,2026-01-01,2026-04-11,2025-12-31");
  assert.throws(() => datedSurvival(selectRows(read(csv), [2, 3]), OS, CUTOFF), (error: Error) => {
    assert.equal(error.name, "InputError");
    assert.equal(
      error.message,
      'cohort "ncc", data/ncc.csv, column "death_date": survival "Overall survival": 1 date is before the start date "surgery_date" (an event or follow-up date before the surgery_date date) (row 3). Fix: correct the dates at the source; follow-up is counted from "surgery_date", so no later date can precede it',
    );
    assert.ok(!error.message.includes("2025-12-31"), "dates are identifying and are not printed");
    return true;
  });
});

test("a last follow-up before the surgery date is refused even when the patient has an event", () => {
  const csv = TABLE.replace("A,2026-01-01,2026-02-15,2026-03-02,2026-03-02", "A,2026-01-01,2026-02-15,2026-03-02,2025-03-02");
  assert.throws(() => datedSurvival(read(csv), OS, CUTOFF), { message: /column "last_followup_date": survival "Overall survival": 1 date is before the start date "surgery_date" .* \(row 1\)/ });
});

test("a censored patient without a last follow-up is refused; a patient with an event by the cut-off needs none", () => {
  const csv = TABLE.replace("B,2026-01-01,,,2026-02-01", "B,2026-01-01,,,").replace(",2026-03-02,2026-03-02", ",2026-03-02,");
  assert.throws(() => datedSurvival(read(csv), OS, CUTOFF), {
    message: 'cohort "ncc", data/ncc.csv, column "last_followup_date": survival "Overall survival": 1 patient without an event by the cut-off 2026-05-01 has no last follow-up date, so censoring time is unknown (row 2). Fix: fill in the date each patient was last known to be event-free, or remove the patients and count them in the flow diagram',
  });
  const eventOnly = datedSurvival(selectRows(read(csv), [0]), OS, CUTOFF);
  assert.deepEqual(Array.from(eventOnly.time), [DAY.mar2]);
  const afterCutoff = TABLE.replace("C,2026-01-01,2026-04-11,2026-06-01,2026-06-01", "C,2026-01-01,2026-04-11,2026-06-01,");
  assert.throws(() => datedSurvival(read(afterCutoff), OS, CUTOFF), { message: /1 patient without an event by the cut-off 2026-05-01 has no last follow-up date.*\(row 3\)/ });
});

test("dates that are not ISO YYYY-MM-DD, or impossible, are refused", () => {
  assert.throws(() => datedSurvival(read(TABLE.replace("2026-02-15", "15/02/2026")), PFS, CUTOFF), { message: /column "progression_date": survival "Progression-free survival" event date: 1 value is not an ISO calendar date YYYY-MM-DD .*\(row 1\)/ });
  assert.throws(() => datedSurvival(read(TABLE.replace("2026-07-01", "2026-02-30")), OS, CUTOFF), { message: /column "last_followup_date": .*not an ISO calendar date.*\(row 4\)/ });
  assert.throws(() => datedSurvival(read(TABLE.replace("2026-07-01", "2026-07-01T00:00")), OS, CUTOFF), { message: /not an ISO calendar date/ });
});

test("a start date after the data cut-off is refused (follow-up would be negative)", () => {
  const csv = TABLE.replace("D,2026-01-01,,,2026-07-01", "D,2026-05-02,,,2026-07-01");
  assert.throws(() => datedSurvival(read(csv), OS, CUTOFF), {
    message: /column "surgery_date": survival "Overall survival": 1 start date is after the data cut-off 2026-05-01, so follow-up would be negative \(row 4\)/,
  });
});
