/**
 * The engine end to end on the default synthetic MRI study: the participant flow, the
 * survival endpoints derived from dates with the data cut-off, Table 1, the locked thresholds
 * and the model comparison must agree with what the generator says it made
 * (studies/dl-driverbm/generator-manifest.json).
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ResultRow } from "../../data-loaders/artifacts/arrow-table.ts";
import { studyFingerprint } from "../../data-loaders/artifacts/fingerprint.ts";
import type { StudyResults } from "../../data-loaders/artifacts/results-cache.ts";
import { memoryLogger } from "../../data-loaders/log.ts";
import { runStudy } from "../../data-loaders/pipeline/run-study.ts";
import { ensureGeneratedData } from "../../data-loaders/synthetic/ensure-generated.ts";

const root = join(import.meta.dirname, "..", "..");
const studyDir = join(root, "studies", "dl-driverbm");
const manifest = JSON.parse(readFileSync(join(studyDir, "generator-manifest.json"), "utf8"));
const centre = (id: string) => manifest.centres.find((c: { id: string }) => c.id === id);
let results: StudyResults;

function rows(name: string, where: Record<string, unknown> = {}): ResultRow[] {
  const table = results.tables.find((t) => t.name === name);
  assert.ok(table, `result table ${name} exists`);
  return table.rows.filter((row) => Object.entries(where).every(([k, v]) => row[k] === v));
}

before(async () => {
  const logger = memoryLogger();
  await ensureGeneratedData(studyDir, logger);
  results = await runStudy(studyDir, { logger, fingerprint: studyFingerprint(studyDir, root) });
});

test("the flow diagram counts each exclusion under its first failing reason, as the generator made them", () => {
  for (const id of ["anhui", "tcia"]) {
    const flow = rows("flow", { cohortId: id });
    const excluded = flow.filter((r) => r.step === "excluded").map((r) => r.count);
    assert.deepEqual(excluded, Object.values(centre(id).ineligibleByFirstReason), id);
    assert.equal(flow.find((r) => r.step === "records")!.count, centre(id).records);
    assert.equal(flow.find((r) => r.step === "eligible")!.count, centre(id).eligible.patients);
  }
  const training = rows("flow", { cohortId: "ncc-training" });
  const internal = rows("flow", { cohortId: "ncc-internal" });
  const eligible = (f: ResultRow[]) => f.find((r) => r.step === "eligible")!.count;
  assert.equal(eligible(training), centre("ncc").split.training.patients);
  assert.equal(eligible(internal), centre("ncc").split["internal-validation"].patients);
  assert.equal(training.find((r) => r.step === "other-split")!.count, internal.find((r) => r.step === "in-cohort")!.count);
});

test("overall survival counts deaths up to the 1 May 2026 cut-off only; PFS has at least as many events", () => {
  for (const id of ["anhui", "tcia"]) {
    const os = rows("km-summary", { cohortId: id, endpoint: "Overall survival", grouping: "tertiles" });
    const pfs = rows("km-summary", { cohortId: id, endpoint: "Progression-free survival", grouping: "tertiles" });
    const events = (groups: ResultRow[]) => groups.reduce((sum, g) => sum + (g.events as number), 0);
    const followUp = centre(id).followUpAmongEligible;
    assert.equal(events(os), followUp.deaths - followUp.deathsAfterCutOff, id);
    assert.ok(events(pfs) >= events(os), `${id}: PFS events ${events(pfs)} ≥ OS events ${events(os)}`);
    assert.equal(os.reduce((sum, g) => sum + (g.n as number), 0), centre(id).eligible.patients);
  }
});

test("Table 1 describes the eligible patients of each cohort", () => {
  const age = rows("table1", { cohortId: "anhui", variable: "age" })[0];
  assert.equal((age.n as number) + (age.missing as number), centre("anhui").eligible.patients);
  const sex = rows("table1", { cohortId: "anhui", variable: "sex" });
  assert.equal(sex.reduce((sum, r) => sum + (r.n as number), 0), centre("anhui").eligible.patients);
  assert.ok((age.firstQuartile as number) <= (age.median as number) && (age.median as number) <= (age.thirdQuartile as number));
});

test("thresholds come from the NCC internal-validation cohort and are applied unchanged to the external centres", () => {
  const locked = rows("locked-thresholds");
  assert.deepEqual(locked.map((t) => t.chosenOn), ["ncc-internal", "ncc-internal"]);
  for (const id of ["anhui", "tcia"]) {
    const counts = rows("threshold-counts", { cohortId: id });
    assert.deepEqual(counts.map((c) => c.thresholdProbability), locked.map((t) => t.probability));
  }
});

test("the primary model discriminates at NCC and Anhui, less at TCIA; six paired comparisons per cohort with Holm", () => {
  const auc = (id: string) => rows("auc", { cohortId: id, modelId: "fusion-3d-transformer" })[0].auc as number;
  assert.ok(auc("ncc-internal") > 0.7 && auc("anhui") > 0.7, `NCC internal ${auc("ncc-internal")}, Anhui ${auc("anhui")}`);
  assert.ok(auc("tcia") < auc("anhui"));
  for (const id of ["ncc-internal", "anhui", "tcia"]) {
    const paired = rows("paired-delong", { cohortId: id });
    assert.equal(paired.length, 6);
    for (const p of paired) assert.ok((p.pValueHolm as number) >= (p.pValue as number));
  }
  assert.equal(rows("auc").length, 7 * 4);
});

test("survival is analysed per external cohort, per endpoint, with Cox per 0.1 of predicted probability", () => {
  const perTenth = rows("cox", { cohortId: "anhui", endpoint: "Overall survival", analysis: "continuous probability" });
  assert.equal(perTenth.length, 1);
  assert.ok(Number.isFinite(perTenth[0].hazardRatio as number));
  assert.ok(rows("km-curve", { cohortId: "anhui", endpoint: "Progression-free survival", grouping: "threshold:screening" }).length > 0);
});
