/**
 * The engine end to end on the embedded real study (locked Rotterdam model, GBSG external
 * test): what the report publishes must equal what R computed on the same patients.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import type { ResultRow } from "../../data-loaders/artifacts/arrow-table.ts";
import { studyFingerprint } from "../../data-loaders/artifacts/fingerprint.ts";
import type { StudyResults } from "../../data-loaders/artifacts/results-cache.ts";
import { memoryLogger } from "../../data-loaders/log.ts";
import { runStudy } from "../../data-loaders/pipeline/run-study.ts";
import { assertAllClose, assertClose, CLOSED_FORM, ITERATIVE } from "../assert-close.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";

const root = join(import.meta.dirname, "..", "..");
const studyDir = join(root, "studies", "gbsg-external-validation");
let results: StudyResults;
const logger = memoryLogger();

function rows(name: string, where: Record<string, unknown> = {}): ResultRow[] {
  const table = results.tables.find((t) => t.name === name);
  assert.ok(table, `result table ${name} exists`);
  return table.rows.filter((row) => Object.entries(where).every(([k, v]) => row[k] === v));
}

before(async () => {
  results = await runStudy(studyDir, { logger, fingerprint: studyFingerprint(studyDir, root) });
});

test("GBSG predictions of the ONNX model equal R's linear predictor and probability (1e-12)", () => {
  const reference = loadReferenceCsv("gbsg_validation");
  const published = rows("predictions", { cohortId: "gbsg" });
  assert.equal(published.length, 686);
  assertAllClose(published.map((r) => r.logit as number), reference.map((r) => Number(r.lp)), 1e-12, "lp");
  assertAllClose(published.map((r) => r.probability as number), reference.map((r) => Number(r.p)), 1e-12, "p");
  const outcomes = published.map((r) => (r.outcome === null ? "" : String(r.outcome)));
  assert.deepEqual(outcomes, reference.map((r) => r.y));
});

test("published patient keys are pseudonyms, never the table's ids", () => {
  const published = rows("predictions", { cohortId: "gbsg" });
  assert.equal(published[0].patient, "gbsg-0001");
  assert.ok(published.every((r) => /^gbsg-\d{4}$/.test(String(r.patient))));
});

test("primary endpoint: GBSG AUC with DeLong 95% CI equals pROC's", () => {
  const overall = loadReference("subgroups").rows[0];
  const [auc] = rows("auc", { cohortId: "gbsg" });
  assert.equal(auc.n, overall.n);
  assert.equal(auc.events, overall.n_events);
  assertClose(auc.auc as number, overall.auc, CLOSED_FORM, "AUC");
  assertClose(auc.ciLower as number, overall.delong_ci95.lower, CLOSED_FORM, "DeLong lower");
  assertClose(auc.ciUpper as number, overall.delong_ci95.upper, CLOSED_FORM, "DeLong upper");
  assert.ok((auc.bootstrapCiLower as number) < (auc.auc as number) && (auc.auc as number) < (auc.bootstrapCiUpper as number));
  assert.equal(auc.seed, 20261204);
});

test("development AUC equals the apparent AUC R reports for the locked model", () => {
  const [auc] = rows("auc", { cohortId: "rotterdam" });
  assertClose(auc.auc as number, loadReference("locked_model").model.apparent_auc_on_development, CLOSED_FORM, "apparent AUC");
});

test("calibration on GBSG equals R (glm offset and slope fits, Brier, O/E, lowess errors)", () => {
  const reference = loadReference("calibration");
  const metric = (name: string) => rows("calibration-metrics", { cohortId: "gbsg", metric: name })[0];
  assertClose(metric("calibrationInTheLarge").estimate as number, reference.calibration_in_the_large.estimate, ITERATIVE, "CITL");
  assertClose(metric("calibrationInTheLarge").ciLower as number, reference.calibration_in_the_large.ci95_wald.lower, ITERATIVE, "CITL lower");
  assertClose(metric("calibrationSlope").estimate as number, reference.calibration_slope.slope, ITERATIVE, "slope");
  assertClose(metric("calibrationSlope").ciUpper as number, reference.calibration_slope.slope_ci95_wald.upper, ITERATIVE, "slope upper");
  assertClose(metric("brierScore").estimate as number, reference.val_prob.stats.Brier, CLOSED_FORM, "Brier");
  assertClose(metric("observedExpected").estimate as number, reference.observed_expected.ratio_observed_over_expected, CLOSED_FORM, "O/E");
  assertClose(metric("maximumAbsoluteError").estimate as number, reference.val_prob.stats.Emax, CLOSED_FORM, "Emax");
  const curve = rows("calibration-curve", { cohortId: "gbsg" });
  assertAllClose(curve.map((r) => r.observed as number), reference.lowess_curve.smoothed_observed, CLOSED_FORM, "lowess");
  assert.equal(rows("calibration-deciles", { cohortId: "gbsg" }).length, 10);
});

test("decision curve on GBSG equals R at all 99 threshold probabilities", () => {
  const reference = loadReference("decision_curve").table;
  const curve = rows("decision-curve", { cohortId: "gbsg" });
  assertAllClose(curve.map((r) => r.netBenefitModel as number), reference.net_benefit_model, CLOSED_FORM, "NB model");
  assertAllClose(curve.map((r) => r.netBenefitTreatAll as number), reference.net_benefit_treat_all, CLOSED_FORM, "NB all");
  assertAllClose(curve.map((r) => r.interventionsAvoidedPer100 as number), reference.interventions_avoided_per_100, CLOSED_FORM, "avoided");
});

test("survival by tertile of the linear predictor on GBSG equals survdiff and coxph", () => {
  const reference = loadReference("survival");
  const [logrank] = rows("survival-tests", { cohortId: "gbsg", grouping: "tertiles", test: "log-rank" });
  assertClose(logrank.statistic as number, reference.risk_groups.logrank.chisq, CLOSED_FORM, "log-rank χ²");
  assertClose(logrank.pValue as number, reference.risk_groups.logrank.p_value, 1e-9, "log-rank p");
  const groups = rows("km-summary", { cohortId: "gbsg", grouping: "tertiles" });
  assert.deepEqual(groups.map((g) => g.n), [229, 228, 229]);
  const cox = rows("cox", { cohortId: "gbsg", analysis: "risk groups (tertiles)" });
  const efron = reference.risk_groups.cox_group_efron.terms;
  assertClose(cox[0].hazardRatio as number, efron[0].hr, ITERATIVE, "HR Intermediate");
  assertClose(cox[1].hazardRatio as number, efron[1].hr, ITERATIVE, "HR High");
  const [perUnit] = rows("cox", { cohortId: "gbsg", analysis: "continuous score" });
  assertClose(perUnit.hazardRatio as number, reference.continuous_score.cox_lp_efron.terms[0].hr, ITERATIVE, "HR per unit lp");
  const [c] = rows("concordance", { cohortId: "gbsg" });
  assertClose(c.concordance as number, reference.continuous_score.harrell_c.C, CLOSED_FORM, "Harrell's C");
});

test("subgroup table keeps the empty nodes level and matches pROC in every other level", () => {
  const reference = loadReference("subgroups").rows.filter((r: any) => r.variable !== "overall");
  const published = rows("subgroups", { cohortId: "gbsg" });
  assert.equal(published.length, reference.length);
  for (const r of reference) {
    const row = published.find((p) => p.variable === r.variable && p.level === r.level);
    assert.ok(row, `${r.variable} = ${r.level} is published`);
    assert.equal(row.n, r.n);
    assertClose(row.auc as number | null, r.auc, CLOSED_FORM, `${r.variable} = ${r.level} AUC`);
  }
  const empty = published.find((p) => p.variable === "nodes_group" && p.level === "0")!;
  assert.equal(empty.n, 0);
  assert.match(String(empty.notEstimableReason), /no patients/i);
});

test("locked thresholds are applied unchanged and their provenance is published", () => {
  const locked = rows("locked-thresholds");
  assert.deepEqual(locked.map((t) => t.thresholdId), ["screening", "confirmation"]);
  assert.ok(locked.every((t) => t.chosenOn === "rotterdam"));
  const [screening] = rows("threshold-counts", { cohortId: "gbsg", thresholdId: "screening" });
  assert.equal(screening.thresholdProbability, locked[0].probability);
  assert.equal((screening.tp as number) + (screening.fp as number) + (screening.tn as number) + (screening.fn as number), 406);
});

test("the engine logs progress and a summary, never a patient identifier", () => {
  assert.ok(logger.lines.some((line) => /gbsg \(external-test\): 686 rows, 406 with a binary outcome, 285 events/.test(line)));
  const ids = loadReferenceCsv("gbsg_validation").map((r) => r.pid).filter((id) => id.length >= 4);
  for (const line of logger.lines) for (const id of ids) assert.ok(!line.includes(` ${id} `), `log line names id ${id}: ${line}`);
});
