import { test } from "node:test";
import assert from "node:assert/strict";
import normalQuantileModule from "@stdlib/stats-base-dists-normal-quantile";
import {
  clopperPearsonInterval,
  twoSidedZ,
  wilsonInterval,
  Z_95,
} from "../../data-loaders/stats/binomial-interval.ts";
import { assertClose } from "../assert-close.ts";
import { loadReference } from "../golden/reference/load.ts";

const EXACT = 1e-12;
const normalQuantile = normalQuantileModule as unknown as (p: number, mu: number, sigma: number) => number;
const thresholds = loadReference("thresholds");
const PROPORTIONS = ["sensitivity", "specificity", "ppv", "npv", "accuracy"];

for (const result of thresholds.results) {
  for (const name of PROPORTIONS) {
    const expected = result[name];
    const label = `s100b >= ${result.threshold} ${name} ${expected.numerator}/${expected.denominator}`;
    test(`${label}: Wilson (no continuity correction) and Clopper-Pearson 95% CIs equal R's`, () => {
      const wilson = wilsonInterval(expected.numerator, expected.denominator);
      const exact = clopperPearsonInterval(expected.numerator, expected.denominator);
      assertClose(wilson.ciLower, expected.wilson_95.lower, EXACT, `${label} Wilson lower`);
      assertClose(wilson.ciUpper, expected.wilson_95.upper, EXACT, `${label} Wilson upper`);
      assertClose(exact.ciLower, expected.clopper_pearson_95.lower, EXACT, `${label} CP lower`);
      assertClose(exact.ciUpper, expected.clopper_pearson_95.upper, EXACT, `${label} CP upper`);
    });
  }
}

test("95% z is R's correctly rounded qnorm(0.975), one ulp above @stdlib's", () => {
  assert.equal(Z_95, 1.959963984540054);
  assert.equal(twoSidedZ(0.95), Z_95);
  assertClose(normalQuantile(0.975, 0, 1), Z_95, 2.3e-16, "stdlib qnorm(0.975)");
  assert.equal(twoSidedZ(0.9), normalQuantile(0.95, 0, 1));
});

test("Wilson 0/10 is (0, 0.2775): lower bound exactly 0, never negative like a plus-4 Wald", () => {
  const interval = wilsonInterval(0, 10);
  assert.equal(interval.ciLower, 0);
  const z2 = Z_95 * Z_95;
  assertClose(interval.ciUpper, z2 / 10 / (1 + z2 / 10), EXACT, "upper = (z²/n)/(1 + z²/n) at x = 0");
  assertClose(interval.ciUpper, 0.2775, 5e-5, "case 08 upper");
});

test("Wilson n/n has upper bound exactly 1 and the mirror lower bound of 0/n", () => {
  const full = wilsonInterval(10, 10);
  assert.equal(full.ciUpper, 1);
  assertClose(full.ciLower, 1 - (wilsonInterval(0, 10).ciUpper as number), EXACT, "symmetry");
});

test("Clopper-Pearson 1/1 is (0.025, 1) and 0/n starts at exactly 0", () => {
  const one = clopperPearsonInterval(1, 1);
  assertClose(one.ciLower, 0.025, EXACT, "lower = 0.025^(1/1)");
  assert.equal(one.ciUpper, 1);
  const none = clopperPearsonInterval(0, 20);
  assert.equal(none.ciLower, 0);
  assertClose(none.ciUpper, 1 - 0.025 ** (1 / 20), EXACT, "upper = 1 - (α/2)^(1/n) at x = 0");
});

/** P(X >= x) and P(X <= x) for X ~ Binomial(n, p), summed directly. */
function binomialTails(x: number, n: number, p: number) {
  let below = 0;
  let logChoose = 0;
  const terms: number[] = [];
  for (let k = 0; k <= n; k++) {
    if (k > 0) logChoose += Math.log((n - k + 1) / k);
    terms.push(Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p)));
  }
  for (let k = 0; k <= x; k++) below += terms[k];
  let above = 0;
  for (let k = x; k <= n; k++) above += terms[k];
  return { above, below };
}

test("Clopper-Pearson bounds put α/2 in each binomial tail, at any level", () => {
  for (const [x, n, level] of [[3, 17, 0.95], [12, 40, 0.9], [1, 8, 0.99], [29, 30, 0.8]]) {
    const { ciLower, ciUpper } = clopperPearsonInterval(x, n, level);
    const alpha = 1 - level;
    assertClose(binomialTails(x, n, ciLower as number).above, alpha / 2, 1e-10, `P(X >= ${x}) at lower`);
    assertClose(binomialTails(x, n, ciUpper as number).below, alpha / 2, 1e-10, `P(X <= ${x}) at upper`);
  }
});

test("Wilson bounds solve |p̂ - p| = z·sqrt(p(1 - p)/n), at any level", () => {
  for (const [x, n, level] of [[3, 17, 0.95], [12, 40, 0.9], [1, 8, 0.99]]) {
    const z = twoSidedZ(level);
    for (const bound of Object.values(wilsonInterval(x, n, level)) as number[]) {
      const residual = Math.abs(x / n - bound) - z * Math.sqrt((bound * (1 - bound)) / n);
      assertClose(residual, 0, 1e-12, `Wilson ${x}/${n} at ${level}`);
    }
  }
});

test("n = 0 gives null bounds (no proportion), not NaN", () => {
  assert.deepEqual(wilsonInterval(0, 0), { ciLower: null, ciUpper: null });
  assert.deepEqual(clopperPearsonInterval(0, 0), { ciLower: null, ciUpper: null });
});

test("counts that are not whole, negative or x > n, and levels outside (0, 1), are refused", () => {
  assert.throws(() => wilsonInterval(3, 2), /0 <= x <= n/);
  assert.throws(() => clopperPearsonInterval(-1, 2), /0 <= x <= n/);
  assert.throws(() => wilsonInterval(1.5, 2), /whole counts/);
  assert.throws(() => clopperPearsonInterval(NaN, 2), RangeError);
  assert.throws(() => wilsonInterval(1, 2, 1), /level/);
  assert.throws(() => clopperPearsonInterval(1, 2, 0), /level/);
});
