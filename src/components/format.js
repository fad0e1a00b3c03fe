// Number formatting for the report. Every function returns display text and never the words
// "NaN", "undefined" or "null": a missing value becomes a dash or a stated reason.

/** Shown where a value does not apply or was not computed. */
export const MISSING = "—";

const isNumber = (value) => typeof value === "number" && Number.isFinite(value);

/**
 * A number with a fixed count of decimals ("0.731", "−0.013" with a true minus sign); a dash
 * when it is missing. A value that rounds to zero never prints as "−0.000".
 */
export function formatNumber(value, digits = 3) {
  if (!isNumber(value)) return MISSING;
  const text = value.toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text.replace(/^-/, "\u2212");
}

/** A count with thousands separators ("1,234"); a dash when it is missing. */
export function formatCount(value) {
  return isNumber(value) ? Math.round(value).toLocaleString("en-US") : MISSING;
}

/** A proportion as a percentage ("91.3%"). */
export function formatPercent(value, digits = 1) {
  return isNumber(value) ? `${(value * 100).toFixed(digits)}%` : MISSING;
}

/** Two bounds of an interval joined by an en dash ("0.630–0.833"). */
export function formatInterval(lower, upper, digits = 3) {
  if (!isNumber(lower) || !isNumber(upper)) return "not estimable";
  return `${formatNumber(lower, digits)}–${formatNumber(upper, digits)}`;
}

/**
 * An estimate with its 95% interval: "0.731 (95% CI 0.630–0.833)". A null estimate reads
 * "not estimable (reason)"; an estimate whose interval is missing says so.
 */
export function formatEstimate(estimate, lower, upper, digits = 3, reason = null) {
  if (!isNumber(estimate)) return notEstimable(reason);
  if (!isNumber(lower) || !isNumber(upper)) {
    return `${formatNumber(estimate, digits)} (95% CI not estimable)`;
  }
  return `${formatNumber(estimate, digits)} (95% CI ${formatInterval(lower, upper, digits)})`;
}

/**
 * The short form for wide tables whose header already says "(95% CI)": "0.938 (0.921–0.953)".
 * Missing values read as in formatEstimate.
 */
export function formatWithInterval(estimate, lower, upper, digits = 3, reason = null) {
  if (!isNumber(estimate)) return notEstimable(reason);
  if (!isNumber(lower) || !isNumber(upper)) {
    return `${formatNumber(estimate, digits)} (CI not estimable)`;
  }
  return `${formatNumber(estimate, digits)} (${formatInterval(lower, upper, digits)})`;
}

/** "not estimable (reason)", or plain "not estimable" when no reason was given. */
export function notEstimable(reason) {
  return reason ? `not estimable (${reason})` : "not estimable";
}

/** A p-value: "< 0.001" below one in a thousand, else three decimals ("0.042"). */
export function formatPValue(p) {
  if (!isNumber(p)) return MISSING;
  if (p < 0.001) return "< 0.001";
  if (p > 0.999) return "> 0.999";
  return p.toFixed(3);
}

/** "p < 0.001" or "p = 0.042", for running text and chart annotations. */
export function formatPEquals(p) {
  const text = formatPValue(p);
  return text.startsWith("<") || text.startsWith(">") ? `p ${text}` : `p = ${text}`;
}

/** A numerator over its denominator ("404/414"). */
export function formatFraction(numerator, denominator) {
  return `${formatCount(numerator)}/${formatCount(denominator)}`;
}

/** Days as years ("5 y", "2.5 y"; 365.25 days a year), the unit of every survival axis. */
export function formatYears(days, digits = 1) {
  if (!isNumber(days)) return MISSING;
  const years = days / 365.25;
  const whole = Math.abs(years - Math.round(years)) < 1e-9;
  return whole ? `${Math.round(years)} y` : `${years.toFixed(digits)} y`;
}

/** Readable name of a cohort role. */
export function formatRole(role) {
  const names = {
    development: "development",
    "internal-validation": "internal validation",
    "external-test": "external test",
  };
  return names[role] ?? role ?? MISSING;
}

/** The panel label of a cohort: "GBSG (external test)". */
export function cohortPanelLabel(cohort) {
  return `${cohort.label ?? cohort.cohortId} (${formatRole(cohort.role)})`;
}

/** First 12 hex characters of a SHA-256, for tables; the full value goes in a tooltip. */
export function shortHash(hash) {
  return typeof hash === "string" && hash.length > 12 ? hash.slice(0, 12) : hash ?? MISSING;
}

/**
 * A threshold rule as a sentence fragment. The engine may store a code
 * ("highest-threshold-with-sensitivity-at-least" with ruleValue 0.9) or a sentence; a code is
 * spelled out with its value: "highest threshold with sensitivity at least 0.90".
 */
export function formatRule(rule, ruleValue) {
  if (typeof rule !== "string" || rule.length === 0) return "not recorded";
  if (/\s/.test(rule)) return rule;
  const words = rule.replaceAll("-", " ");
  return isNumber(ruleValue) ? `${words} ${formatNumber(ruleValue, 2)}` : words;
}

/** A code such as "higher-score-more-likely-positive" as words; sentences pass unchanged. */
export function formatCode(text) {
  return typeof text === "string" && !/\s/.test(text) ? text.replaceAll("-", " ") : text ?? MISSING;
}

/** Readable name of a threshold-metrics metric. */
export function metricName(metric) {
  const names = {
    sensitivity: "Sensitivity",
    specificity: "Specificity",
    positivePredictiveValue: "Positive predictive value",
    negativePredictiveValue: "Negative predictive value",
    accuracy: "Accuracy",
  };
  return names[metric] ?? metric;
}
