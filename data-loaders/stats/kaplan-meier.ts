/**
 * Kaplan-Meier product-limit estimate of the survival function, with Greenwood standard errors,
 * pointwise confidence intervals, the Nelson-Aalen cumulative hazard, the median survival time
 * and survival at fixed times, all following the conventions of R's `survival::survfit`.
 *
 * Also holds the input checks that every survival method here shares (time and event columns).
 */
import normalQuantile from "@stdlib/stats-base-dists-normal-quantile";

export type ConfidenceType = "log" | "log-log";

export interface KaplanMeierOptions {
  /** Transform for the pointwise interval: "log" (survfit's default) or "log-log". */
  confidenceType: ConfidenceType;
  /** Two-sided confidence level; 0.95 unless given. */
  level?: number;
}

/** One row per distinct follow-up time (event or censoring) of the group. */
export interface KaplanMeierRow {
  time: number;
  /** Subjects with follow-up time >= this time (censored at this time included). */
  numberAtRisk: number;
  numberOfEvents: number;
  numberCensored: number;
  survival: number;
  /** Greenwood standard error of -log S(t); Infinity once S(t) = 0. */
  standardErrorLogSurvival: number;
  /** S(t) times the above, the standard error of S(t); null once S(t) = 0 (R prints NaN). */
  standardErrorSurvival: number | null;
  /** Pointwise bounds; null where the transform is undefined (S = 0; S = 1 for log-log). */
  ciLower: number | null;
  ciUpper: number | null;
  /** Nelson-Aalen estimate, the running sum of events / number at risk. */
  cumulativeHazard: number;
}

export interface KaplanMeierCurve {
  confidenceType: ConfidenceType;
  level: number;
  /** Number of subjects. */
  n: number;
  numberOfEvents: number;
  rows: KaplanMeierRow[];
}

/**
 * Kaplan-Meier survival curve of one group. Subjects censored at a time t are still at risk at
 * t (events are removed first), tied events at t form one row, and a follow-up time of 0 is
 * legal (an event at 0 drops the curve at 0). Greenwood's variance of -log S is
 * sum d / (n (n - d)); the "log" interval is exp(log S -/+ z se) with the upper bound capped at
 * 1; the "log-log" interval is exp(-exp(log(-log S) -/+ z se / log S)), undefined where S = 1.
 * Both are undefined where S = 0.
 * Kaplan EL, Meier P. JASA 1958;53:457–481. Greenwood M. Reports on Public Health and Medical
 * Subjects 1926;33. Agrees with R `survfit(Surv(time, event) ~ 1, conf.type = ...)` and the
 * `std.err`, `lower`, `upper` and `cumhaz` it stores.
 *
 * Right-censored data only: left truncation (delayed entry) is not supported, and the plain
 * (untransformed) interval is not offered.
 *
 * @throws RangeError when time and event differ in length, a time is negative or not finite,
 *   an event is not 0 or 1, the level is not in (0, 1), or the confidence type is unknown.
 * @example kaplanMeier([1, 2, 2, 3], [1, 1, 0, 0], { confidenceType: "log" }).rows[1].survival
 * // 0.5 (= 3/4 × 2/3): the subject censored at 2 is still at risk at 2
 */
export function kaplanMeier(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  options: KaplanMeierOptions,
): KaplanMeierCurve {
  checkSurvivalData(time, event);
  if (options.confidenceType !== "log" && options.confidenceType !== "log-log") {
    throw new RangeError(`confidence type must be "log" or "log-log", got "${options.confidenceType}"`);
  }
  const level = options.level ?? 0.95;
  const z = twoSidedNormalQuantile(level);
  const steps = distinctTimeCounts(time, event);
  const rows: KaplanMeierRow[] = [];
  let atRisk = time.length;
  let survival = 1;
  let greenwoodSum = 0;
  let cumulativeHazard = 0;
  let numberOfEvents = 0;
  for (const { time: t, events, censored } of steps) {
    if (events > 0) {
      survival *= (atRisk - events) / atRisk;
      greenwoodSum += events / (atRisk * (atRisk - events));
      cumulativeHazard += events / atRisk;
      numberOfEvents += events;
    }
    const standardErrorLogSurvival = Math.sqrt(greenwoodSum);
    const [ciLower, ciUpper] = pointwiseInterval(
      survival,
      standardErrorLogSurvival,
      z,
      options.confidenceType,
    );
    rows.push({
      time: t,
      numberAtRisk: atRisk,
      numberOfEvents: events,
      numberCensored: censored,
      survival,
      standardErrorLogSurvival,
      standardErrorSurvival: survival > 0 ? survival * standardErrorLogSurvival : null,
      ciLower,
      ciUpper,
      cumulativeHazard,
    });
    atRisk -= events + censored;
  }
  return { confidenceType: options.confidenceType, level, n: time.length, numberOfEvents, rows };
}

/** One Kaplan-Meier curve per level of `groups`, in the order of `levelOrder`. */
export function kaplanMeierByGroup(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  groups: readonly string[],
  levelOrder: readonly string[],
  options: KaplanMeierOptions,
): { level: string; curve: KaplanMeierCurve }[] {
  checkSurvivalData(time, event);
  const index = groupIndex(groups, levelOrder, time.length);
  return levelOrder.map((level, k) => {
    const members = index.flatMap((g, i) => (g === k ? [i] : []));
    const curve = kaplanMeier(
      members.map((i) => time[i]),
      members.map((i) => event[i]),
      options,
    );
    return { level, curve };
  });
}

/** Pointwise interval for S given the standard error of log S; null where undefined. */
function pointwiseInterval(
  survival: number,
  standardErrorLog: number,
  z: number,
  type: ConfidenceType,
): [number | null, number | null] {
  if (survival === 0) return [null, null];
  const logSurvival = Math.log(survival);
  if (type === "log") {
    const lower = Math.exp(logSurvival - z * standardErrorLog);
    return [lower, Math.min(1, Math.exp(logSurvival + z * standardErrorLog))];
  }
  if (survival === 1) return [null, null];
  const center = Math.log(-logSurvival);
  const halfWidth = (z * standardErrorLog) / logSurvival;
  return [Math.exp(-Math.exp(center - halfWidth)), Math.exp(-Math.exp(center + halfWidth))];
}

/** Distinct follow-up times in increasing order with the events and censorings at each. */
function distinctTimeCounts(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
): { time: number; events: number; censored: number }[] {
  const order = Array.from({ length: time.length }, (_, i) => i).sort((a, b) => time[a] - time[b]);
  const steps: { time: number; events: number; censored: number }[] = [];
  for (const i of order) {
    const last = steps[steps.length - 1];
    const isNewTime = last === undefined || last.time !== time[i];
    const step = isNewTime ? { time: time[i], events: 0, censored: 0 } : last;
    if (isNewTime) steps.push(step);
    if (event[i] === 1) step.events += 1;
    else step.censored += 1;
  }
  return steps;
}

/** Median survival time and its confidence interval; null means "not reached". */
export interface MedianSurvival {
  median: number | null;
  ciLower: number | null;
  ciUpper: number | null;
  /** Why the median is null, or null when it was reached. */
  notEstimableReason: string | null;
}

/**
 * Median survival time as survfit reports it: the first time at which S(t) <= 0.5; when S(t)
 * equals 0.5 (within sqrt of machine epsilon) over an interval, the midpoint of that interval,
 * which ends at the next time the curve drops (or at the last follow-up if it never does). The
 * interval bounds apply the same rule to the lower and upper pointwise confidence curves, so
 * they depend on the confidence type (Brookmeyer R, Crowley J. Biometrics 1982;38:29–41).
 * Agrees with R `quantile(survfit(...), 0.5)` and `print(survfit(...))`.
 *
 * @example medianSurvival(kaplanMeier([1, 2, 3, 4], [1, 1, 1, 1], { confidenceType: "log" }))
 * // median 2.5: S = 0.5 exactly from day 2 until the drop at day 3
 */
export function medianSurvival(curve: KaplanMeierCurve): MedianSurvival {
  const rows = curve.rows;
  const lastTime = rows.length > 0 ? rows[rows.length - 1].time : NaN;
  const find = (value: (row: KaplanMeierRow) => number | null) =>
    curveQuantileTime(rows, value, 0.5, lastTime);
  const median = find((row) => row.survival);
  let reason: string | null = null;
  if (rows.length === 0) reason = "no subjects in this group";
  else if (median === null) {
    const last = rows[rows.length - 1].survival.toFixed(3);
    reason = `survival did not fall to 0.5 (S = ${last} at the last follow-up, day ${lastTime})`;
  }
  return {
    median,
    // The lower survival curve reaches 0.5 first, so it gives the lower bound of the median.
    ciLower: find((row) => row.ciLower),
    ciUpper: find((row) => row.ciUpper),
    notEstimableReason: reason,
  };
}

/** survfit's tolerance for "the curve equals the requested level exactly". */
const FLAT_TOLERANCE = Math.sqrt(Number.EPSILON);

/** Time at which a step curve first falls to p or below, with the midpoint rule for flats. */
function curveQuantileTime(
  rows: readonly KaplanMeierRow[],
  value: (row: KaplanMeierRow) => number | null,
  p: number,
  lastTime: number,
): number | null {
  const defined = rows.filter((row) => value(row) !== null);
  const first = defined.findIndex((row) => (value(row) as number) <= p + FLAT_TOLERANCE);
  if (first < 0) return null;
  const start = defined[first];
  if (Math.abs((value(start) as number) - p) >= FLAT_TOLERANCE) return start.time;
  const drop = defined.find((row, i) => i > first && (value(row) as number) < p - FLAT_TOLERANCE);
  return (start.time + (drop === undefined ? lastTime : drop.time)) / 2;
}

/** Survival at one requested time, as `summary(fit, times, extend = TRUE)` prints it. */
export interface SurvivalAtTime {
  time: number;
  /** Subjects with follow-up time >= the requested time (0 beyond the last follow-up). */
  numberAtRisk: number;
  /** Events and censorings after the previous requested time, up to and including this one
   * (the first interval starts at the beginning of follow-up and includes time 0). */
  numberOfEventsInInterval: number;
  numberCensoredInInterval: number;
  survival: number;
  standardErrorSurvival: number | null;
  ciLower: number | null;
  ciUpper: number | null;
}

/**
 * Kaplan-Meier estimate at fixed times: the curve's value at the last step at or before each
 * time (1 before the first step; flat after the last follow-up), with counts over the intervals
 * between consecutive requested times. Agrees with R `summary(fit, times, extend = TRUE)`.
 *
 * @throws RangeError when the times are not finite, negative, or not strictly increasing.
 * @example survivalAtTimes(kaplanMeier([1, 2, 3], [1, 0, 1], { confidenceType: "log" }), [2])[0]
 * // { time: 2, numberAtRisk: 2, numberOfEventsInInterval: 1, survival: 2/3, … }
 */
export function survivalAtTimes(
  curve: KaplanMeierCurve,
  times: readonly number[],
): SurvivalAtTime[] {
  times.forEach((t, k) => {
    if (!Number.isFinite(t) || t < 0 || (k > 0 && !(t > times[k - 1]))) {
      throw new RangeError(
        `survival times must be finite, >= 0 and strictly increasing; time ${k + 1} is ${t}`,
      );
    }
  });
  let previous = -Infinity;
  return times.map((t) => {
    const inInterval = curve.rows.filter((row) => row.time > previous && row.time <= t);
    const atOrBefore = curve.rows.filter((row) => row.time <= t);
    const laterRow = curve.rows.find((row) => row.time >= t);
    const step = atOrBefore[atOrBefore.length - 1];
    previous = t;
    const before = step === undefined;
    return {
      time: t,
      numberAtRisk: laterRow === undefined ? 0 : laterRow.numberAtRisk,
      numberOfEventsInInterval: sum(inInterval.map((row) => row.numberOfEvents)),
      numberCensoredInInterval: sum(inInterval.map((row) => row.numberCensored)),
      survival: before ? 1 : step.survival,
      standardErrorSurvival: before ? 0 : step.standardErrorSurvival,
      ciLower: before ? (curve.confidenceType === "log" ? 1 : null) : step.ciLower,
      ciUpper: before ? (curve.confidenceType === "log" ? 1 : null) : step.ciUpper,
    };
  });
}

function sum(values: readonly number[]): number {
  return values.reduce((total, v) => total + v, 0);
}

/** z such that a two-sided normal interval has the given coverage (1.959963984540054 at 0.95). */
export function twoSidedNormalQuantile(level: number): number {
  if (!(level > 0 && level < 1)) {
    throw new RangeError(`confidence level must be in (0, 1), got ${level}`);
  }
  return normalQuantile(1 - (1 - level) / 2, 0, 1);
}

/**
 * Checks a time-to-event input once for every survival method: equal lengths, finite times
 * >= 0 (0 is legal), events exactly 0 (censored) or 1 (event). Recoding 1/2 or TRUE/FALSE
 * belongs to the input layer, so any other value is refused rather than guessed.
 *
 * @throws RangeError naming the count and the first 1-based rows of each kind of bad value.
 */
export function checkSurvivalData(time: ArrayLike<number>, event: ArrayLike<number>): void {
  if (time.length !== event.length) {
    throw new RangeError(
      `time has ${time.length} values but event has ${event.length}; they must be the same rows`,
    );
  }
  const badTimes = failing(time, (t) => !(Number.isFinite(t) && t >= 0));
  if (badTimes.length > 0) {
    throw new RangeError(
      `time must be >= 0; ${describeRows(badTimes, time)}. Fix the follow-up dates (event or censoring before the index date) or drop those rows before the analysis`,
    );
  }
  const badEvents = failing(event, (e) => e !== 0 && e !== 1);
  if (badEvents.length > 0) {
    throw new RangeError(
      `event must be 0 (censored) or 1 (event); ${describeRows(badEvents, event)}. Recode the status column in the input layer (for example 1/2 coding: 1 = censored, 2 = event; TRUE/FALSE), and check that the column holds the status, not the follow-up time`,
    );
  }
}

function failing(values: ArrayLike<number>, fails: (value: number) => boolean): number[] {
  const rows: number[] = [];
  for (let i = 0; i < values.length; i++) if (fails(values[i])) rows.push(i);
  return rows;
}

/** "row 1 has -1" or "3 rows are not (rows 1, 4, 9 have -1, NaN, 2)", at most five shown. */
function describeRows(indices: readonly number[], values: ArrayLike<number>): string {
  if (indices.length === 1) return `row ${indices[0] + 1} has ${values[indices[0]]}`;
  const shown = indices.slice(0, 5);
  const more = indices.length > 5 ? ` and ${indices.length - 5} more` : "";
  const rows = shown.map((i) => i + 1).join(", ");
  const found = shown.map((i) => values[i]).join(", ");
  return `${indices.length} rows do not (rows ${rows}${more} have ${found})`;
}

/**
 * Position of each subject's group in `levelOrder`.
 *
 * @throws RangeError when the lengths differ, a level is repeated, or a group is not a level.
 */
export function groupIndex(
  groups: readonly string[],
  levelOrder: readonly string[],
  n: number,
): number[] {
  if (groups.length !== n) {
    throw new RangeError(`groups has ${groups.length} values for ${n} subjects`);
  }
  const position = new Map(levelOrder.map((level, k) => [level, k]));
  if (position.size !== levelOrder.length) {
    throw new RangeError(`level order repeats a level: ${levelOrder.join(", ")}`);
  }
  const index = groups.map((g) => position.get(g) ?? -1);
  const unknown = index.flatMap((k, i) => (k < 0 ? [i] : []));
  if (unknown.length > 0) {
    const shown = unknown
      .slice(0, 5)
      .map((i) => `row ${i + 1} "${groups[i]}"`)
      .join(", ");
    throw new RangeError(
      `${unknown.length} group values are not in the level order [${levelOrder.join(", ")}] (${shown}); add the level or recode the group column`,
    );
  }
  return index;
}
