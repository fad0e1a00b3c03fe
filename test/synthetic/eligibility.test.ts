import { test } from "node:test";
import assert from "node:assert/strict";
import { DEMO_CENTRES } from "../../data-loaders/synthetic/centres.ts";
import {
  driverStatus,
  type ClinicalRecord,
} from "../../data-loaders/synthetic/clinical-records.ts";
import {
  EXCLUSION_LABELS,
  EXCLUSION_REASONS,
  failingReasons,
  firstFailingReason,
} from "../../data-loaders/synthetic/eligibility.ts";

const eligible: ClinicalRecord = {
  age: 60,
  sex: "female",
  smoking: "never",
  histology: "adenocarcinoma",
  surgeryDay: 19000,
  mriDay: 18990,
  scanner: DEMO_CENTRES[0].scanners[0],
  numberOfMetastases: 1,
  egfr: "L858R",
  alk: "negative",
  t1ceAvailable: true,
  flairAvailable: true,
  imageQuality: "diagnostic",
  priorIntracranialTherapy: false,
  deathDay: null,
  progressionDay: null,
  lastFollowUpDay: 19500,
};

test("a record meeting every criterion fails no reason", () => {
  assert.deepEqual(failingReasons(eligible), []);
  assert.equal(firstFailingReason(eligible), null);
});

test("each criterion, broken alone, fails exactly its own reason", () => {
  const broken: [Partial<ClinicalRecord>, string][] = [
    [{ age: 17 }, "age-under-18"],
    [{ histology: "small cell carcinoma" }, "histology-not-nsclc"],
    [{ histology: "uncertain primary" }, "histology-not-nsclc"],
    [{ t1ceAvailable: false }, "sequence-missing"],
    [{ flairAvailable: false }, "sequence-missing"],
    [{ imageQuality: "non-diagnostic" }, "non-diagnostic-quality"],
    [{ egfr: "missing" }, "driver-result-missing"],
    [{ alk: "missing" }, "driver-result-missing"],
    [{ priorIntracranialTherapy: true }, "prior-intracranial-therapy"],
  ];
  for (const [change, reason] of broken) {
    assert.deepEqual(failingReasons({ ...eligible, ...change }), [reason], JSON.stringify(change));
  }
  assert.equal(failingReasons({ ...eligible, age: 18 }).length, 0, "18 is old enough");
});

test("a record failing several reasons is counted under the first in protocol order", () => {
  const record: ClinicalRecord = {
    ...eligible,
    priorIntracranialTherapy: true,
    alk: "missing",
    flairAvailable: false,
  };
  const expected = ["sequence-missing", "driver-result-missing", "prior-intracranial-therapy"];
  assert.deepEqual(failingReasons(record), expected);
  assert.equal(firstFailingReason(record), "sequence-missing");
});

test("every reason has a flow-diagram label", () => {
  assert.deepEqual(Object.keys(EXCLUSION_LABELS), [...EXCLUSION_REASONS]);
});

test("driver status: any EGFR mutation or ALK positive is positive, both negative is negative, a missing result is unknown", () => {
  assert.equal(driverStatus({ egfr: "exon19del", alk: "negative" }), "positive");
  assert.equal(driverStatus({ egfr: "other", alk: "negative" }), "positive");
  assert.equal(driverStatus({ egfr: "negative", alk: "positive" }), "positive");
  assert.equal(driverStatus({ egfr: "negative", alk: "negative" }), "negative");
  assert.equal(driverStatus({ egfr: "L858R", alk: "missing" }), null);
  assert.equal(driverStatus({ egfr: "missing", alk: "negative" }), null);
});
