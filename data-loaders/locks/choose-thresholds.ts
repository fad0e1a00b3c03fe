/**
 * Choosing decision thresholds on the development data by a rule fixed in advance.
 *
 * Convention: a patient is called positive when predicted probability >= threshold. Candidate
 * thresholds are the observed predicted probabilities of the cohort the rule is applied to, so
 * the chosen value is attained by at least one patient and the achieved sensitivity or
 * specificity is exactly the one reported. External cohorts never reach this module.
 *
 * Rules:
 * - `highest-threshold-with-sensitivity-at-least` v: the largest t with sensitivity(t) >= v
 *   (a screening threshold: as few positives as possible while missing at most 1 − v of cases).
 * - `lowest-threshold-with-specificity-at-least` v: the smallest t with specificity(t) >= v
 *   (a confirmation threshold).
 * - `fixed` v: the value itself, for thresholds set on clinical grounds.
 */
export type ThresholdRuleKind =
  | "highest-threshold-with-sensitivity-at-least"
  | "lowest-threshold-with-specificity-at-least"
  | "fixed";

export interface ThresholdRule {
  id: string;
  label: string;
  rule: ThresholdRuleKind;
  value: number;
}

export interface ChosenThreshold {
  id: string;
  probability: number;
  /** Sensitivity and specificity reached on the cohort the threshold was chosen on. */
  sensitivity: number;
  specificity: number;
}

/**
 * @throws RangeError when the rule cannot be met (for example sensitivity >= 1.1), when a class
 *   is missing, or when a probability is not finite; the message says how to change the rule.
 * @example chooseThreshold([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1], rule(">= 0.5 sensitivity")) // 0.8
 */
export function chooseThreshold(
  probabilities: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  rule: ThresholdRule,
): ChosenThreshold {
  const cases: number[] = [];
  const controls: number[] = [];
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i];
    if (!Number.isFinite(p)) throw new RangeError(`threshold rule "${rule.id}": probability ${i + 1} is not finite`);
    (outcomes[i] === 1 ? cases : controls).push(p);
  }
  if (cases.length === 0 || controls.length === 0) {
    throw new RangeError(`threshold rule "${rule.id}" needs both outcome classes on the cohort it is chosen on`);
  }
  cases.sort((a, b) => a - b);
  controls.sort((a, b) => a - b);
  const at = (t: number) => ({
    id: rule.id,
    probability: t,
    sensitivity: (cases.length - countBelow(cases, t)) / cases.length,
    specificity: countBelow(controls, t) / controls.length,
  });
  if (rule.rule === "fixed") return at(rule.value);
  if (!(rule.value > 0 && rule.value <= 1)) {
    throw new RangeError(`threshold rule "${rule.id}": the target must be in (0, 1], got ${rule.value}; change "value" in study.json`);
  }
  const candidates = [...new Set([...cases, ...controls])].sort((a, b) => a - b);
  const met =
    rule.rule === "highest-threshold-with-sensitivity-at-least"
      ? [...candidates].reverse().map(at).find((c) => c.sensitivity >= rule.value)
      : candidates.map(at).find((c) => c.specificity >= rule.value);
  if (!met) {
    throw new RangeError(
      `threshold rule "${rule.id}" (${rule.rule} ${rule.value}) cannot be met on this cohort; lower the target in study.json`,
    );
  }
  return met;
}

/** Number of values strictly below t in an ascending array (binary search). */
function countBelow(sorted: readonly number[], t: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
