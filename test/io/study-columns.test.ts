import { test } from "node:test";
import assert from "node:assert/strict";
import { readStudyConfig } from "../../data-loaders/io/study-config.ts";
import { columnsUsedBy, identifyingColumns } from "../../data-loaders/io/study-columns.ts";
import type { Study } from "../../data-loaders/io/study-types.ts";

function study(cohort: any, extra: any = {}): Study {
  const config = readStudyConfig({
    title: "T", direction: "higher-score-more-likely-positive", seed: 1, bootstrapReplicates: 10,
    models: [{ id: "m", label: "M", source: { kind: "predictions", probabilityColumn: "p" } }],
    cohorts: [{ id: "c", label: "C", role: "external-test", table: "data/c.csv", idColumn: "patient_id", outcome: { kind: "binary", column: "y" }, ...cohort }],
    ...extra,
  });
  return { ...config, dir: "/nowhere" };
}

const OS = { label: "OS", start: "surgery_date", events: ["death_date"], lastFollowUp: "last_followup_date" };
const PFS = { label: "PFS", start: "surgery_date", events: ["progression_date", "death_date"], lastFollowUp: "last_followup_date" };

test("identifying columns: the id, declared identifiers, and every date the config reads, each once", () => {
  const s = study({
    identifierColumns: ["name", "surgery_date"],
    derive: { days: { daysBetween: { from: "mri_date", to: "surgery_date" } }, band: { copy: "age" } },
    survival: [OS, PFS],
  });
  assert.deepEqual(identifyingColumns(s.cohorts[0]), ["patient_id", "name", "surgery_date", "mri_date", "death_date", "last_followup_date", "progression_date"]);
});

test("identifying columns of a cohort with time-and-event survival are the id and declared identifiers only", () => {
  const s = study({ identifierColumns: ["mrn"], survival: { time: "os_days", event: "death" } });
  assert.deepEqual(identifyingColumns(s.cohorts[0]), ["patient_id", "mrn"]);
});

test("every new key's columns are listed with their key paths, selection columns right after the id", () => {
  const s = study(
    {
      filter: { column: "split", equals: "training" },
      eligibility: [
        { reason: "Age", column: "age", rule: { atLeast: 18 } },
        { reason: "Sequences", columns: ["t1ce_available", "flair_available"], rule: { equals: 1 } },
      ],
      survival: [OS, PFS],
    },
    { table1: [{ column: "sex", label: "Sex", kind: "categorical", levels: ["female", "male"] }] },
  );
  assert.deepEqual(columnsUsedBy(s, s.cohorts[0]).map((use) => `${use.path}=${use.column}`), [
    "cohorts[0].idColumn=patient_id",
    "cohorts[0].filter.column=split",
    "cohorts[0].eligibility[0].column=age",
    "cohorts[0].eligibility[1].columns[0]=t1ce_available",
    "cohorts[0].eligibility[1].columns[1]=flair_available",
    "cohorts[0].outcome.column=y",
    "cohorts[0].survival[0].start=surgery_date",
    "cohorts[0].survival[0].events[0]=death_date",
    "cohorts[0].survival[0].lastFollowUp=last_followup_date",
    "cohorts[0].survival[1].start=surgery_date",
    "cohorts[0].survival[1].events[0]=progression_date",
    "cohorts[0].survival[1].events[1]=death_date",
    "cohorts[0].survival[1].lastFollowUp=last_followup_date",
    "models[0].source.probabilityColumn=p",
    "table1[0].column=sex",
  ]);
  const single = study({ survival: OS });
  assert.ok(columnsUsedBy(single, single.cohorts[0]).some((use) => use.path === "cohorts[0].survival.start"));
});
