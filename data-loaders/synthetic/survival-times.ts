/**
 * Overall survival and progression from the surgery date, drawn from Weibull proportional-
 * hazards models in which driver-positive patients have a lower hazard (they live longer on
 * average, as with targeted therapy), then censored by loss to follow-up and by the centre's
 * last day of data collection.
 */
import type { Draws } from "./random-draws.ts";

/**
 * Weibull shape and median (days) for driver-negative patients; hazard ratio for positive.
 * Progression times are the Weibull time plus `earliestDay` (about 300 days' median in all).
 */
export const SURVIVAL_MODEL = {
  death: { shape: 1.3, medianDays: 610, hazardRatioDriverPositive: 0.6 },
  /** Progression is first seen on follow-up imaging, no sooner than `earliestDay` after surgery. */
  progression: { shape: 1.2, medianDays: 272, hazardRatioDriverPositive: 0.6, earliestDay: 28 },
  /** Mean days until a patient is lost to follow-up (exponential). */
  meanDaysToLossOfFollowUp: 2500,
  /** Living patients were last seen up to this many days before the end of collection. */
  lastVisitSpreadDays: 120,
} as const;

export interface FollowUp {
  deathDay: number | null;
  /** Only when progression came strictly before death and by the last follow-up. */
  progressionDay: number | null;
  /** The death date for those who died; the last contact otherwise. */
  lastFollowUpDay: number;
}

/**
 * A Weibull time with proportional hazards: S(t) = exp(−(t/λ)^k) with λ set from the median,
 * multiplied by hazardRatio^(−1/k), which scales the hazard by hazardRatio at every time.
 */
function weibullDays(d: Draws, shape: number, medianDays: number, hazardRatio: number): number {
  const scale = (medianDays / Math.log(2) ** (1 / shape)) * hazardRatio ** (-1 / shape);
  return scale * (-Math.log(1 - d.uniform())) ** (1 / shape);
}

/**
 * Death, progression and last follow-up as day numbers, never before the surgery day;
 * progression is strictly before death and the last follow-up is the death day when death
 * was observed.
 * @example drawFollowUp(draws(2), true, dayNumber("2020-01-01"), dayNumber("2026-09-30"))
 * // day numbers of 2022-02-20 (death), 2020-02-26 (progression), 2022-02-20 (last follow-up)
 */
export function drawFollowUp(
  d: Draws,
  driverPositive: boolean,
  surgeryDay: number,
  followUpUntilDay: number,
): FollowUp {
  const { death, progression } = SURVIVAL_MODEL;
  const draw = (model: typeof death | typeof progression) => {
    const hazardRatio = driverPositive ? model.hazardRatioDriverPositive : 1;
    return weibullDays(d, model.shape, model.medianDays, hazardRatio);
  };
  const deathAfter = draw(death);
  const progressionAfter = draw(progression);
  const lostAfter = d.exponential(1 / SURVIVAL_MODEL.meanDaysToLossOfFollowUp);
  const lastVisit = followUpUntilDay - d.integer(SURVIVAL_MODEL.lastVisitSpreadDays);
  const lost = surgeryDay + Math.ceil(lostAfter);
  const observedUntil = Math.max(surgeryDay + 1, Math.min(lastVisit, lost));
  const deathCandidate = surgeryDay + Math.max(1, Math.ceil(deathAfter));
  const deathDay = deathCandidate <= observedUntil ? deathCandidate : null;
  const lastFollowUpDay = deathDay ?? observedUntil;
  const progressionCandidate = surgeryDay + progression.earliestDay + Math.ceil(progressionAfter);
  const progressed =
    progressionCandidate < (deathDay ?? Infinity) && progressionCandidate <= lastFollowUpDay;
  const progressionDay = progressed ? progressionCandidate : null;
  return { deathDay, progressionDay, lastFollowUpDay };
}
