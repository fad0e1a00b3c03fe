import { test } from "node:test";
import assert from "node:assert/strict";
import {
  smoothedCalibrationCurve,
  valProb,
  valProbNames,
} from "../../data-loaders/stats/val-prob.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";
import { assertAllClose, assertClose, ITERATIVE } from "../assert-close.ts";

const reference = loadReference("calibration");
const rows = loadReferenceCsv("gbsg_validation").filter((row) => row.y !== "");
const p = rows.map((row) => Number(row.p));
const y = rows.map((row) => Number(row.y));

/** Entries that come from the iterative recalibration fit y ~ logit(p) (lrm.fit in R). */
const FITTED = new Set(["U", "U:Chi-sq", "U:p", "Q", "Intercept", "Slope"]);

test("GBSG val.prob: every entry of rms::val.prob(p, y, pl = FALSE), closed form 1e-12, fitted 1e-6", () => {
  const expected = reference.val_prob.stats as Record<string, number | string>;
  const result = valProb(p, y);
  assert.deepEqual(Object.keys(expected), [...valProbNames], "R's names in R's order");
  assert.deepEqual(Object.keys(result.statistics), [...valProbNames]);
  for (const name of valProbNames) {
    const tolerance = FITTED.has(name) ? ITERATIVE : 1e-12;
    assertClose(result.statistics[name], expected[name], tolerance, name);
  }
  assert.equal(result.statistics["D:p"], null, "D:p is NA in rms 6.5-0");
  assert.match(result.notEstimableReasons["D:p"]!, /always NA/);
});

test("U:p is the exact 2-df upper tail exp(-U:Chi-sq / 2), which R's 1 - pchisq rounds to 0", () => {
  const { statistics } = valProb(p, y);
  assertClose(statistics["U:p"], Math.exp(-statistics["U:Chi-sq"]! / 2), 1e-15, "U:p");
  assert.ok(statistics["U:p"]! > 0 && statistics["U:p"]! < 1e-16);
});

test("GBSG lowess calibration curve: 50 grid risks bit for bit, smoothed values, Emax, E90, Eavg to 1e-12", () => {
  const result = smoothedCalibrationCurve(p, y);
  assert.deepEqual(result.probability, reference.lowess_curve.grid_p);
  assertAllClose(result.smoothedObserved, reference.lowess_curve.smoothed_observed, 1e-12, "curve");
  const errors = reference.lowess_curve.errors_at_observed_p;
  assertClose(result.maximumAbsoluteError, errors.Emax, 1e-12, "Emax");
  assertClose(result.percentile90AbsoluteError, errors.E90_type7, 1e-12, "E90");
  assertClose(result.meanAbsoluteError, errors.Eavg, 1e-12, "Eavg");
});

test("hand case: C = 3/4 pairs concordant, Dxy = 2C - 1, Brier, and Spiegelhalter z = 0 (p = 1)", () => {
  const { statistics } = valProb([0.2, 0.6, 0.4, 0.3], [0, 1, 0, 1]);
  assert.equal(statistics["C (ROC)"], 0.75);
  assert.equal(statistics.Dxy, 0.5);
  assertClose(statistics.Brier, (0.04 + 0.16 + 0.16 + 0.49) / 4, 1e-15, "Brier");
  assertClose(statistics["S:z"], 0, 1e-15, "S:z: sum((y - p)(1 - 2p)) = 0");
  assertClose(statistics["S:p"], 1, 1e-15, "S:p");
});

test("val.prob's C ties risks that share a 0.0002-wide bin, unlike the exact AUC", () => {
  // 0.30001 and 0.30002 fall in bin floor(5000 p) = 1500: the pair counts 1/2, not 1.
  assert.equal(valProb([0.30001, 0.30002], [0, 1]).statistics["C (ROC)"], 0.5);
  assert.equal(valProb([0.3, 0.31], [0, 1]).statistics["C (ROC)"], 1);
});

test("one outcome class: C, Dxy, R2 and the recalibration entries are not estimable; Brier and S:z remain", () => {
  const result = valProb([0.9, 0.8, 0.7], [1, 1, 1]);
  const ranked = ["Dxy", "C (ROC)", "R2"] as const;
  const fitted = ["U", "U:Chi-sq", "U:p", "Q", "Intercept", "Slope"] as const;
  for (const name of [...ranked, ...fitted]) {
    assert.equal(result.statistics[name], null, name);
    assert.match(result.notEstimableReasons[name]!, /no non-event/, name);
  }
  assertClose(result.statistics.Brier, (0.01 + 0.04 + 0.09) / 3, 1e-15, "Brier");
  assert.ok(Number.isFinite(result.statistics["S:z"]));
  assert.ok(Number.isFinite(result.statistics.Emax));
});

test("all risks tied: C = 1/2 and the recalibration slope is not estimable (collinear with the intercept)", () => {
  const result = valProb([0.4, 0.4, 0.4, 0.4], [0, 1, 1, 0]);
  assert.equal(result.statistics["C (ROC)"], 0.5);
  assert.equal(result.statistics.Dxy, 0);
  assert.equal(result.statistics.Slope, null);
  assert.match(result.notEstimableReasons.Slope!, /collinear/);
});

test("no patients: every entry is null with a reason; the curve is empty", () => {
  const result = valProb([], []);
  for (const name of valProbNames) assert.equal(result.statistics[name], null, name);
  assert.match(result.notEstimableReasons.Brier!, /no patients/);
  const curve = smoothedCalibrationCurve([], []);
  assert.deepEqual(curve.probability, []);
  assert.equal(curve.maximumAbsoluteError, null);
});

test("risks of exactly 0 or 1, NaN or infinite risks and bad outcomes are refused", () => {
  assert.throws(() => valProb([0.2, 1], [0, 1]), /exactly 0 or 1 \(position 2\)/);
  assert.throws(() => valProb([0.2, NaN], [0, 1]), /NaN or infinite \(position 2\)/);
  assert.throws(() => valProb([0.2, 0.3], [0, 3]), /not 0 or 1/);
  assert.throws(() => smoothedCalibrationCurve([Infinity], [1]), /NaN or infinite/);
  assert.throws(() => smoothedCalibrationCurve([0.2], [1], { gridPoints: 0 }), /positive integer/);
});
