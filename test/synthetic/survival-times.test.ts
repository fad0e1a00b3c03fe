import { test } from "node:test";
import assert from "node:assert/strict";
import { dayNumber, isoDate } from "../../data-loaders/synthetic/dates.ts";
import { draws } from "../../data-loaders/synthetic/random-draws.ts";
import { SURVIVAL_MODEL, drawFollowUp } from "../../data-loaders/synthetic/survival-times.ts";

const surgery = dayNumber("2020-03-02");
const until = dayNumber("2026-12-31");

function sample(driverPositive: boolean, n: number, seed: number) {
  const d = draws(seed);
  return Array.from({ length: n }, () => drawFollowUp(d, driverPositive, surgery, until));
}

test("progression is strictly before death, last follow-up is the death day when death was seen, nothing precedes surgery or follows collection", () => {
  for (const followUp of [...sample(true, 3000, 1), ...sample(false, 3000, 2)]) {
    const { deathDay, progressionDay, lastFollowUpDay } = followUp;
    assert.ok(lastFollowUpDay > surgery && lastFollowUpDay <= until);
    if (deathDay !== null) assert.equal(lastFollowUpDay, deathDay);
    if (progressionDay !== null) {
      assert.ok(progressionDay >= surgery + SURVIVAL_MODEL.progression.earliestDay);
      assert.ok(progressionDay <= lastFollowUpDay);
      if (deathDay !== null) assert.ok(progressionDay < deathDay);
    }
  }
});

test("driver-positive patients die later: the share dead within 2 years is lower (hazard ratio 0.6)", () => {
  const deadBy = (set: ReturnType<typeof sample>) =>
    set.filter((f) => f.deathDay !== null && f.deathDay - surgery <= 730).length / set.length;
  const positive = deadBy(sample(true, 4000, 3));
  const negative = deadBy(sample(false, 4000, 4));
  // Weibull PH: S_pos(t) = S_neg(t)^0.6, so 1 − F_pos ≈ (1 − F_neg)^0.6 before censoring.
  assert.ok(positive < negative - 0.1, `${positive} vs ${negative}`);
  const expected = 1 - (1 - negative) ** SURVIVAL_MODEL.death.hazardRatioDriverPositive;
  // Loss to follow-up censors both groups a little, so the match is approximate.
  assert.ok(Math.abs(positive - expected) < 0.04, `${positive} vs ${expected}`);
});

test("dates: day numbers and ISO text convert both ways; impossible dates are refused", () => {
  assert.equal(dayNumber("1970-01-01"), 0);
  assert.equal(isoDate(dayNumber("2024-02-29")), "2024-02-29");
  assert.throws(() => dayNumber("2023-02-29"), RangeError);
  assert.throws(() => dayNumber("2023-2-1"), RangeError);
});
