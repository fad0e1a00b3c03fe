import { test } from "node:test";
import assert from "node:assert/strict";
import {
  coxBaselineCumulativeHazard,
  coxLinearPredictor,
  coxProportionalHazards,
} from "../../data-loaders/stats/cox-proportional-hazards.ts";
import { harrellConcordance } from "../../data-loaders/stats/concordance.ts";
import { assertAllClose, assertClose } from "../assert-close.ts";

// Case 19 (test/fixtures/cases/19-cox-efron-vs-breslow-ties.md): case 17's data with x = 1 for
// arm B. R printed six decimals, so values agree to half a unit in the sixth place (5e-7).
// R's ties = "exact" row (conditional logistic likelihood) is not implemented and not tested.
const time = [1, 2, 2, 3, 4, 5, 6, 8, 2, 4, 6, 7, 9, 10, 12, 12];
const event = [1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 0];
const x = [Float64Array.from(time, (_, i) => (i < 8 ? 0 : 1))];
const PRINTED = 5e-7;

const rows = {
  efron: { beta: -1.689925, se: 0.834691, hr: 0.184533, lower: 0.035941, upper: 0.947469 },
  breslow: { beta: -1.670943, se: 0.836064, hr: 0.18807, lower: 0.036531, upper: 0.968228 },
};
const logLikelihoods = {
  efron: { null: -21.048086, final: -18.60697 },
  breslow: { null: -21.26018, final: -18.885057 },
};

for (const ties of ["efron", "breslow"] as const) {
  test(`case 19: ${ties} ties reproduce R's β, SE, HR with 95% CI and log-likelihoods`, () => {
    const fit = coxProportionalHazards(time, event, x, { ties });
    const expected = rows[ties];
    assert.equal(fit.ties, ties);
    assertClose(fit.coefficients![0], expected.beta, PRINTED, "beta");
    assertClose(fit.standardErrors![0], expected.se, PRINTED, "se");
    assertClose(fit.hazardRatios![0], expected.hr, PRINTED, "hr");
    assertClose(fit.ciLower![0], expected.lower, PRINTED, "hr lower");
    assertClose(fit.ciUpper![0], expected.upper, PRINTED, "hr upper");
    assertClose(fit.logLikelihoodNull, logLikelihoods[ties].null, PRINTED, "loglik(0)");
    assertClose(fit.logLikelihoodFinal, logLikelihoods[ties].final, PRINTED, "loglik(beta)");
  });
}

test("case 19: Efron is the default; Breslow gives a different β, so the method must be named", () => {
  const fit = coxProportionalHazards(time, event, x);
  assert.equal(fit.ties, "efron");
  assertClose(fit.coefficients![0], rows.efron.beta, PRINTED, "default beta");
  assert.ok(Math.abs(fit.coefficients![0] - rows.breslow.beta) > 0.01);
});

test("case 19: Efron summary: Wald z −2.025, p 0.042907; LR 4.88 (p 0.03); score 5.01 (p 0.025); C 0.69", () => {
  const fit = coxProportionalHazards(time, event, x);
  assertClose(fit.z![0], -2.025, 5e-4, "z");
  assertClose(fit.pValues![0], 0.042907, PRINTED, "Wald p");
  assertClose(fit.likelihoodRatioTest!.statistic, 4.88, 5e-3, "LR");
  assertClose(fit.likelihoodRatioTest!.pValue, 0.03, 5e-3, "LR p");
  assertClose(fit.scoreTest!.statistic, 5.01, 5e-3, "score");
  assertClose(fit.scoreTest!.pValue, 0.025, 5e-4, "score p");
  const c = harrellConcordance(time, event, coxLinearPredictor(fit, x), { reverse: true });
  assertClose(c.concordance, 0.69, 5e-3, "concordance");
});

test("case 19: Efron baseline cumulative hazard at x = 0 uses the Efron correction at tied times", () => {
  const fit = coxProportionalHazards(time, event, x);
  const hazard = coxBaselineCumulativeHazard(fit, time, event, x);
  const eventTimes = [1, 2, 4, 5, 6, 8, 9, 12];
  const atEvents = eventTimes.map((t) => hazard.find((row) => row.time === t)!.cumulativeHazard);
  const expected = [0.105527, 0.495019, 0.683993, 0.927468, 1.249301, 1.824631, 3.1794, 5.888938];
  assertAllClose(atEvents, expected, PRINTED, "H0");
  // Hand check: r = exp(β) for x = 1; t = 1 has 8 + 8r at risk; at t = 2, S0 = 7 + 8r, D0 = 2 + r.
  const r = fit.hazardRatios![0];
  const s0 = 7 + 8 * r;
  const d0 = 2 + r;
  assertClose(atEvents[0], 1 / (8 + 8 * r), 1e-12, "H0(1)");
  const efronStep = 1 / s0 + 1 / (s0 - d0 / 3) + 1 / (s0 - (2 * d0) / 3);
  assertClose(atEvents[1] - atEvents[0], efronStep, 1e-12, "Efron step at 2");
  assert.ok(Math.abs(atEvents[1] - 0.459457) > 0.03, "not the Breslow-style increment 3/S0");
});
