import { test } from "node:test";
import assert from "node:assert/strict";
import { decisionCurve, netBenefitBootstrap } from "../../data-loaders/stats/decision-curve.ts";
import { memoryLogger } from "../../data-loaders/log.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";
import { assertAllClose, assertClose } from "../assert-close.ts";

const reference = loadReference("decision_curve");
const rows = loadReferenceCsv("gbsg_validation").filter((row) => row.y !== "");
const p = rows.map((row) => Number(row.p));
const y = rows.map((row) => Number(row.y));

test("GBSG decision curve, treated when p >= pt, pt = 1..99 / 100: all 99 rows of every column to 1e-12", () => {
  const table = reference.table;
  const result = decisionCurve(p, y);
  assert.equal(result.n, reference.n);
  assert.equal(result.events, reference.n_events);
  assertClose(result.prevalence, reference.prevalence, 1e-15, "prevalence");
  assert.deepEqual(result.threshold, table.threshold, "thresholds k / 100");
  assert.deepEqual(result.tp, table.tp, "TP");
  assert.deepEqual(result.fp, table.fp, "FP");
  assertAllClose(result.netBenefitModel, table.net_benefit_model, 1e-12, "NB model");
  assertAllClose(result.netBenefitTreatAll, table.net_benefit_treat_all, 1e-12, "NB treat all");
  assertAllClose(result.netBenefitTreatNone, table.net_benefit_treat_none, 1e-12, "NB treat none");
  assertAllClose(
    result.standardizedNetBenefitModel,
    table.standardized_net_benefit_model,
    1e-12,
    "sNB model",
  );
  assertAllClose(
    result.standardizedNetBenefitTreatAll,
    table.standardized_net_benefit_treat_all,
    1e-12,
    "sNB treat all",
  );
  const avoided = table.interventions_avoided_per_100;
  assertAllClose(result.interventionsAvoidedPer100, avoided, 1e-12, "avoided per 100");
});

test("hand case: a risk equal to the threshold is treated (p >= pt); NB = TP/n - FP/n x pt/(1 - pt)", () => {
  const result = decisionCurve([0.2, 0.6, 0.4, 0.3], [0, 1, 0, 1], { thresholds: [0.4, 0.5] });
  assert.deepEqual(result.tp, [1, 1]);
  assert.deepEqual(result.fp, [1, 0]);
  assertClose(result.netBenefitModel[0], 1 / 4 - (1 / 4) * (0.4 / 0.6), 1e-15, "NB at 0.4");
  assertClose(result.netBenefitModel[1], 1 / 4, 1e-15, "NB at 0.5");
  assertClose(result.netBenefitTreatAll[1], 0.5 - 0.5 * 1, 1e-15, "treat all at 0.5");
  assertClose(result.standardizedNetBenefitModel[1], 0.5, 1e-15, "NB / prevalence");
  assertClose(result.interventionsAvoidedPer100[1], 25, 1e-13, "(0.25 - 0) / 1 x 100");
});

test("no events: net benefit is defined (only false positives), standardized net benefit is not", () => {
  const result = decisionCurve([0.2, 0.6], [0, 0], { thresholds: [0.5] });
  assertClose(result.netBenefitModel[0], -0.5, 1e-15, "NB");
  assert.equal(result.standardizedNetBenefitModel[0], null);
  assert.equal(result.standardizedNetBenefitTreatAll[0], null);
});

test("all risks tied: the model treats everyone or no one, so NB equals treat all or treat none", () => {
  const result = decisionCurve([0.3, 0.3, 0.3, 0.3], [0, 1, 1, 0], { thresholds: [0.2, 0.3, 0.4] });
  assert.deepEqual(result.netBenefitModel.slice(0, 2), result.netBenefitTreatAll.slice(0, 2));
  assert.equal(result.netBenefitModel[2], 0);
});

test("no patients: every net benefit is null with a reason", () => {
  const result = decisionCurve([], [], { thresholds: [0.1, 0.2] });
  assert.deepEqual(result.netBenefitModel, [null, null]);
  assert.match(result.notEstimableReason!, /no patients/);
  const bootstrap = netBenefitBootstrap([], [], { seed: 1, thresholds: [0.1] });
  assert.deepEqual(bootstrap.ciLower, [null]);
});

test("NaN or infinite risks, bad outcomes and thresholds outside (0, 1) are refused", () => {
  assert.throws(() => decisionCurve([0.2, NaN], [0, 1]), /NaN or infinite \(position 2\)/);
  assert.throws(() => decisionCurve([0.2, 0.3], [0, 7]), /not 0 or 1/);
  const outside = { thresholds: [0, 0.5, 1] };
  assert.throws(() => decisionCurve([0.2], [0], outside), /2 threshold probabilities/);
  assert.throws(() => netBenefitBootstrap([0.2], [0], { seed: 1, replicates: 0 }), /replicates/);
  assert.throws(() => netBenefitBootstrap([0.2], [0], { seed: 0 }), /seed/);
});

test("bootstrap (patients resampled with replacement) is reproducible from its seed", () => {
  const first = netBenefitBootstrap(p, y, { seed: 2026, replicates: 200 });
  const again = netBenefitBootstrap(p, y, { seed: 2026, replicates: 200 });
  const other = netBenefitBootstrap(p, y, { seed: 2027, replicates: 200 });
  assert.deepEqual(first, again);
  assert.notDeepEqual(first.ciLower, other.ciLower);
  assert.equal(first.seed, 2026);
  assert.equal(first.replicates, 200);
});

test("GBSG bootstrap 95% percentile CI (1000 resamples, seed 2026) contains the point estimate at all 99 thresholds", () => {
  const logger = memoryLogger();
  const point = decisionCurve(p, y).netBenefitModel as number[];
  const result = netBenefitBootstrap(p, y, { seed: 2026, replicates: 1000, logger });
  result.threshold.forEach((pt, k) => {
    assert.ok(result.ciLower[k]! <= point[k] && point[k] <= result.ciUpper[k]!, `pt = ${pt}`);
  });
  assert.equal(logger.lines.length, 2, "a start line and an end line");
  assert.match(logger.lines[0], /1000 resamples of 406 patients, seed 2026/);
});

test("bootstrap of a one-class sample: every replicate has the same NB, so the CI collapses onto it", () => {
  const result = netBenefitBootstrap([0.9, 0.8, 0.7], [1, 1, 1], { seed: 5, thresholds: [0.5] });
  assert.equal(result.ciLower[0], 1);
  assert.equal(result.ciUpper[0], 1);
});
