/**
 * Cox proportional hazards regression by Newton-Raphson on the partial likelihood, with Efron's
 * (R's default) or Breslow's handling of tied event times, and the baseline cumulative hazard.
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { checkSurvivalData, groupIndex, twoSidedNormalQuantile } from "./kaplan-meier.ts";
import { chiSquareUpperTail } from "./logrank.ts";

/** R's third method, ties = "exact" (the discrete conditional likelihood), is not offered. */
export type TiesMethod = "efron" | "breslow";

export interface CoxOptions {
  /** Tied event times: "efron" (default, as R's coxph) or "breslow". */
  ties?: TiesMethod;
  /** One name per covariate column; "x1", "x2", … unless given. */
  names?: readonly string[];
  /** Newton-Raphson iterations allowed (R's iter.max, 20). */
  maxIterations?: number;
  /** Convergence when |1 − loglik_old / loglik_new| <= this (R's eps, 1e-9). */
  tolerance?: number;
  /** Two-sided level of the hazard-ratio intervals, 0.95 unless given. */
  level?: number;
}

export interface ChiSquareTest {
  statistic: number;
  df: number;
  pValue: number;
}

/** A fitted model; estimates are null (with a reason) when the model is not estimable. */
export interface CoxFit {
  names: string[];
  ties: TiesMethod;
  n: number;
  events: number;
  coefficients: number[] | null;
  standardErrors: number[] | null;
  hazardRatios: number[] | null;
  /** Bounds of the hazard-ratio interval, exp(coef ∓ z·se). */
  ciLower: number[] | null;
  ciUpper: number[] | null;
  z: number[] | null;
  /** Two-sided Wald p-values. */
  pValues: number[] | null;
  /** Inverse of the observed information at the estimate. */
  covariance: number[][] | null;
  logLikelihoodNull: number | null;
  logLikelihoodFinal: number | null;
  likelihoodRatioTest: ChiSquareTest | null;
  waldTest: ChiSquareTest | null;
  /** Score (Rao) test of all coefficients = 0; not the log-rank test when times are tied. */
  scoreTest: ChiSquareTest | null;
  /** Newton steps evaluated after the start at 0 (R's `iter`). */
  iterations: number;
  notEstimableReason: string | null;
}

/**
 * Cox proportional hazards model, maximising the partial likelihood by Newton-Raphson from
 * β = 0 (Cox DR. JRSS B 1972;34:187–220). Tied event times use Efron's approximation (Efron B.
 * JASA 1977;72:557–565): at a time with d events, the k-th (k = 0 … d−1) denominator removes
 * k/d of the tied events' risk; Breslow's (Breslow NE. Biometrics 1974;30:89–99) keeps the full
 * risk set for all d. Subjects censored at an event time are in its risk set. Iterations stop as
 * R's coxph does: when |1 − loglik_old/loglik_new| <= 1e-9, halving the step whenever the
 * log-likelihood falls. Wald intervals exp(β ∓ z·se) with z = qnorm(0.975); LR, Wald and score
 * tests on p df. Agrees with R `coxph(Surv(time, event) ~ x, ties = ...)` to about 1e-9.
 * Not estimable (null estimates, reason given): no events; a constant or collinear covariate;
 * a monotone likelihood (a coefficient running to ±infinity, which R only warns about); no
 * convergence within maxIterations. Not supported: strata, time-varying covariates (start-stop
 * data), case weights and robust (sandwich) variances.
 *
 * @throws RangeError for bad time or event values (see checkSurvivalData), covariate columns of
 *   the wrong length or with non-finite values, names that do not match the columns, or an
 *   unknown tie method.
 * @example coxProportionalHazards(time, event, [x]).coefficients
 * // case 19 (test/fixtures/cases): [-1.689925…] with Efron ties, [-1.670943…] with Breslow
 */
export function coxProportionalHazards(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  covariates: readonly Float64Array[],
  options: CoxOptions = {},
): CoxFit {
  const design = buildDesign(time, event, covariates, options);
  const ties = options.ties ?? "efron";
  if (ties !== "efron" && ties !== "breslow") {
    throw new RangeError(`ties must be "efron" or "breslow", got "${ties}"`);
  }
  const events = design.event.reduce((a, b) => a + b, 0);
  const empty = emptyFit(design.names, ties, time.length, events);
  if (events === 0) {
    return { ...empty, notEstimableReason: "no events: the partial likelihood is flat" };
  }
  const constant = design.names.find((_, j) => covariates[j].every((v) => v === covariates[j][0]));
  if (constant !== undefined) {
    const reason = `covariate "${constant}" is constant, so its hazard ratio is not defined`;
    return { ...empty, notEstimableReason: reason };
  }
  const start = partialLikelihood(design, new Float64Array(design.p), ties);
  const startFactor = cholesky(start.information, design.p);
  if (startFactor === null) {
    const reason =
      "the information matrix is singular: covariates are collinear or do not vary among subjects at risk";
    return { ...empty, logLikelihoodNull: start.logLikelihood, notEstimableReason: reason };
  }
  const scoreStatistic = dot(start.score, choleskySolve(startFactor, start.score, design.p));
  const base = {
    ...empty,
    logLikelihoodNull: start.logLikelihood,
    scoreTest: chiSquareTest(scoreStatistic, design.p),
  };
  const newton = newtonRaphson(design, ties, start, startFactor, options);
  if (newton.reason !== null) {
    return { ...base, iterations: newton.iterations, notEstimableReason: newton.reason };
  }
  return { ...base, ...summarise(newton, design.p, start.logLikelihood, options.level ?? 0.95) };
}

interface Design {
  p: number;
  names: string[];
  /** Row-major covariates of subjects sorted by decreasing time, each column centred. */
  x: Float64Array;
  event: Uint8Array;
  /** Index of the first subject of each distinct time (in sorted order), plus the end. */
  blockStarts: number[];
}

function buildDesign(
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  covariates: readonly Float64Array[],
  options: CoxOptions,
): Design {
  checkSurvivalData(time, event);
  const n = time.length;
  const p = covariates.length;
  const names = options.names ? [...options.names] : covariates.map((_, j) => `x${j + 1}`);
  if (p === 0 || names.length !== p) {
    throw new RangeError(
      `Cox model needs at least one covariate and one name per column (${p} columns, ${names.length} names)`,
    );
  }
  covariates.forEach((column, j) => {
    if (column.length !== n) {
      throw new RangeError(`covariate "${names[j]}" has ${column.length} values for ${n} subjects`);
    }
    const bad = column.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new RangeError(
        `covariate "${names[j]}" must be finite; row ${bad + 1} has ${column[bad]}`,
      );
    }
  });
  // Centring changes no estimate but keeps exp(xβ) in range during the iterations.
  const means = covariates.map((column) => column.reduce((a, b) => a + b, 0) / n);
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => time[b] - time[a]);
  const x = new Float64Array(n * p);
  order.forEach((i, r) => covariates.forEach((column, j) => (x[r * p + j] = column[i] - means[j])));
  const blockStarts = order.flatMap((i, r) =>
    r === 0 || time[order[r - 1]] !== time[i] ? [r] : [],
  );
  blockStarts.push(n);
  return { p, names, x, event: Uint8Array.from(order, (i) => event[i]), blockStarts };
}

interface Evaluation {
  beta: Float64Array;
  logLikelihood: number;
  score: Float64Array;
  /** Observed information (minus the Hessian), p × p row-major. */
  information: Float64Array;
}

/**
 * Log partial likelihood, score and information at β, in one pass from the latest time back.
 * Notation: r = exp(xβ); S0, S1, S2 = sums of r, r·x, r·x·xᵀ over the risk set; A0, A1, A2
 * the same over the d events at the current time.
 */
function partialLikelihood(design: Design, beta: Float64Array, ties: TiesMethod): Evaluation {
  const { p, x, event, blockStarts } = design;
  const S = riskSums(p);
  const A = riskSums(p);
  const s1 = new Float64Array(p);
  const score = new Float64Array(p);
  const information = new Float64Array(p * p);
  let logLikelihood = 0;
  for (let b = 0; b + 1 < blockStarts.length; b++) {
    resetSums(A);
    for (let r = blockStarts[b]; r < blockStarts[b + 1]; r++) {
      const eta = linearPredictorRow(x, r, beta, p);
      addToSums(S, x, r, Math.exp(eta), p);
      if (event[r] === 0) continue;
      addToSums(A, x, r, Math.exp(eta), p);
      logLikelihood += eta;
      for (let j = 0; j < p; j++) score[j] += x[r * p + j];
    }
    const d = A.count;
    for (let k = 0; k < d; k++) {
      const f = ties === "efron" ? k / d : 0;
      const s0 = S.zero - f * A.zero;
      logLikelihood -= Math.log(s0);
      for (let j = 0; j < p; j++) {
        s1[j] = (S.one[j] - f * A.one[j]) / s0;
        score[j] -= s1[j];
      }
      for (let j = 0; j < p * p; j++) {
        information[j] += (S.two[j] - f * A.two[j]) / s0 - s1[Math.floor(j / p)] * s1[j % p];
      }
    }
  }
  return { beta, logLikelihood, score, information };
}

interface RiskSums {
  count: number;
  zero: number;
  one: Float64Array;
  two: Float64Array;
}

function riskSums(p: number): RiskSums {
  return { count: 0, zero: 0, one: new Float64Array(p), two: new Float64Array(p * p) };
}

function resetSums(sums: RiskSums): void {
  sums.count = 0;
  sums.zero = 0;
  sums.one.fill(0);
  sums.two.fill(0);
}

function addToSums(sums: RiskSums, x: Float64Array, r: number, weight: number, p: number): void {
  sums.count += 1;
  sums.zero += weight;
  for (let j = 0; j < p; j++) {
    sums.one[j] += weight * x[r * p + j];
    for (let k = 0; k < p; k++) sums.two[j * p + k] += weight * x[r * p + j] * x[r * p + k];
  }
}

function linearPredictorRow(x: Float64Array, r: number, beta: Float64Array, p: number): number {
  let eta = 0;
  for (let j = 0; j < p; j++) eta += x[r * p + j] * beta[j];
  return eta;
}

interface NewtonResult {
  final: Evaluation;
  factor: Float64Array;
  iterations: number;
  reason: string | null;
}

/** Newton-Raphson with R coxph's stopping rule and step halving. */
function newtonRaphson(
  design: Design,
  ties: TiesMethod,
  start: Evaluation,
  startFactor: Float64Array,
  options: CoxOptions,
): NewtonResult {
  const p = design.p;
  const maxIterations = options.maxIterations ?? 20;
  const tolerance = options.tolerance ?? 1e-9;
  let current = start;
  let next = addStep(start.beta, choleskySolve(startFactor, start.score, p));
  let halving = false;
  for (let iteration = 1; iteration <= maxIterations; iteration++) {
    const trial = partialLikelihood(design, next, ties);
    const change = Math.abs(1 - current.logLikelihood / trial.logLikelihood);
    const converged = change <= tolerance && !halving;
    const factor = cholesky(trial.information, p);
    if (converged && factor !== null) return checkFinite(trial, factor, iteration, design.names);
    if (!(trial.logLikelihood >= current.logLikelihood) || factor === null) {
      // The likelihood fell (or the curvature broke down): retreat halfway towards the last point.
      next = next.map((b, j) => (b + current.beta[j]) / 2);
      halving = true;
      continue;
    }
    halving = false;
    current = trial;
    next = addStep(trial.beta, choleskySolve(factor, trial.score, p));
  }
  const lastFactor = cholesky(current.information, p);
  const diagnosis =
    lastFactor === null ? null : checkFinite(current, lastFactor, maxIterations, design.names);
  if (diagnosis !== null && diagnosis.reason !== null) return diagnosis;
  const reason = `did not converge in ${maxIterations} Newton-Raphson iterations (relative change in log-likelihood still above ${tolerance})`;
  return { final: current, factor: startFactor, iterations: maxIterations, reason };
}

/**
 * Detects a coefficient running to infinity: at a true maximum the next Newton step is
 * negligible, but on a monotone likelihood the log-likelihood flattens while each step stays
 * about one unit long, so the relative change test passes with β still growing.
 */
function checkFinite(
  final: Evaluation,
  factor: Float64Array,
  iterations: number,
  names: readonly string[],
): NewtonResult {
  const step = choleskySolve(factor, final.score, final.beta.length);
  const running = Array.from(step).findIndex(
    (s, j) => Math.abs(s) > 1e-4 * Math.max(1, Math.abs(final.beta[j])),
  );
  const direction = step[running] > 0 ? "+" : "-";
  const reason =
    running < 0
      ? null
      : `monotone likelihood: the coefficient of "${names[running]}" runs to ${direction}infinity (for example all events of a comparison on one side, or none in one group), so its hazard ratio is not estimable`;
  return { final, factor, iterations, reason };
}

function summarise(newton: NewtonResult, p: number, logLikelihoodNull: number, level: number) {
  const { final, factor, iterations } = newton;
  const covariance = choleskyInverse(factor, p);
  const coefficients = Array.from(final.beta);
  const standardErrors = coefficients.map((_, j) => Math.sqrt(covariance[j][j]));
  const zQuantile = twoSidedNormalQuantile(level);
  const z = coefficients.map((b, j) => b / standardErrors[j]);
  const informationTimesBeta = Array.from({ length: p }, (_, j) =>
    dot(final.information.subarray(j * p, j * p + p), final.beta),
  );
  return {
    coefficients,
    standardErrors,
    hazardRatios: coefficients.map(Math.exp),
    ciLower: coefficients.map((b, j) => Math.exp(b - zQuantile * standardErrors[j])),
    ciUpper: coefficients.map((b, j) => Math.exp(b + zQuantile * standardErrors[j])),
    z,
    pValues: z.map((value) => 2 * normalCdf(-Math.abs(value), 0, 1)),
    covariance,
    logLikelihoodFinal: final.logLikelihood,
    likelihoodRatioTest: chiSquareTest(2 * (final.logLikelihood - logLikelihoodNull), p),
    waldTest: chiSquareTest(dot(final.beta, informationTimesBeta), p),
    iterations,
    notEstimableReason: null,
  };
}

function emptyFit(names: string[], ties: TiesMethod, n: number, events: number): CoxFit {
  return {
    names,
    ties,
    n,
    events,
    coefficients: null,
    standardErrors: null,
    hazardRatios: null,
    ciLower: null,
    ciUpper: null,
    z: null,
    pValues: null,
    covariance: null,
    logLikelihoodNull: null,
    logLikelihoodFinal: null,
    likelihoodRatioTest: null,
    waldTest: null,
    scoreTest: null,
    iterations: 0,
    notEstimableReason: null,
  };
}

function chiSquareTest(statistic: number, df: number): ChiSquareTest {
  return { statistic, df, pValue: chiSquareUpperTail(statistic, df) };
}

function addStep(beta: Float64Array, step: Float64Array): Float64Array {
  return beta.map((b, j) => b + step[j]);
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let total = 0;
  for (let j = 0; j < a.length; j++) total += a[j] * b[j];
  return total;
}

/** Lower Cholesky factor (row-major) of a symmetric matrix, or null unless positive definite. */
function cholesky(matrix: Float64Array, p: number): Float64Array | null {
  const L = new Float64Array(p * p);
  let largestDiagonal = 0;
  for (let j = 0; j < p; j++) {
    largestDiagonal = Math.max(largestDiagonal, Math.abs(matrix[j * p + j]));
  }
  for (let j = 0; j < p; j++) {
    let diagonal = matrix[j * p + j];
    for (let k = 0; k < j; k++) diagonal -= L[j * p + k] ** 2;
    // R's coxph treats a pivot below eps^0.75 of the scale as zero (a redundant covariate).
    if (!(diagonal > Number.EPSILON ** 0.75 * largestDiagonal)) return null;
    L[j * p + j] = Math.sqrt(diagonal);
    for (let i = j + 1; i < p; i++) {
      let value = matrix[i * p + j];
      for (let k = 0; k < j; k++) value -= L[i * p + k] * L[j * p + k];
      L[i * p + j] = value / L[j * p + j];
    }
  }
  return L;
}

function choleskySolve(L: Float64Array, rhs: ArrayLike<number>, p: number): Float64Array {
  const y = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let value = rhs[i];
    for (let k = 0; k < i; k++) value -= L[i * p + k] * y[k];
    y[i] = value / L[i * p + i];
  }
  for (let i = p - 1; i >= 0; i--) {
    let value = y[i];
    for (let k = i + 1; k < p; k++) value -= L[k * p + i] * y[k];
    y[i] = value / L[i * p + i];
  }
  return y;
}

function choleskyInverse(L: Float64Array, p: number): number[][] {
  const columns = Array.from({ length: p }, (_, j) => {
    const unit = Array.from({ length: p }, (_, i) => (i === j ? 1 : 0));
    return choleskySolve(L, unit, p);
  });
  // Symmetrise: the two triangles of a solved inverse can differ in the last bit.
  return columns.map((_, i) => columns.map((_, j) => (columns[j][i] + columns[i][j]) / 2));
}

/**
 * Indicator (dummy) columns for a categorical covariate: one 0/1 column per level other than
 * the reference, in level order, as R's treatment contrasts build them.
 *
 * @throws RangeError when a group is not a level or the reference is not a level.
 * @example indicatorColumns(["Low", "High", "Mid"], ["Low", "Mid", "High"], "Low").names
 * // ["Mid", "High"]; columns [0, 0, 1] and [0, 1, 0]
 */
export function indicatorColumns(
  groups: readonly string[],
  levelOrder: readonly string[],
  reference: string,
): { names: string[]; columns: Float64Array[] } {
  if (!levelOrder.includes(reference)) {
    throw new RangeError(
      `reference level "${reference}" is not one of [${levelOrder.join(", ")}]`,
    );
  }
  const index = groupIndex(groups, levelOrder, groups.length);
  const names = levelOrder.filter((level) => level !== reference);
  const columns = names.map((name) => {
    const k = levelOrder.indexOf(name);
    return Float64Array.from(index, (g) => (g === k ? 1 : 0));
  });
  return { names, columns };
}

/** Linear predictor xβ of each subject (uncentred), e.g. as the score for a concordance index. */
export function coxLinearPredictor(fit: CoxFit, covariates: readonly Float64Array[]): Float64Array {
  if (fit.coefficients === null) {
    throw new RangeError(`the Cox model was not estimable: ${fit.notEstimableReason}`);
  }
  const beta = fit.coefficients;
  const n = covariates[0]?.length ?? 0;
  return Float64Array.from({ length: n }, (_, i) =>
    covariates.reduce((eta, column, j) => eta + column[i] * beta[j], 0),
  );
}

/** Baseline cumulative hazard at each distinct follow-up time. */
export interface BaselineHazardRow {
  time: number;
  cumulativeHazard: number;
}

/**
 * Baseline cumulative hazard of a fitted Cox model for a subject with all covariates 0
 * (R `basehaz(fit, centered = FALSE)`). At a time with d events, weights r = exp(xβ̂), risk
 * sum S0 and tied-event sum A0, the Efron increment is Σ_{k=0}^{d−1} 1/(S0 − (k/d)·A0), as
 * R's survfit.coxph computes for an Efron fit; Breslow's is d/S0 (Breslow NE. Biometrics
 * 1974;30:89–99). One row per distinct time, events or censorings.
 *
 * @throws RangeError when the fit was not estimable or the inputs are invalid.
 * @example coxBaselineCumulativeHazard(fit, time, event, [x])[0]
 * // case 19, Efron: { time: 1, cumulativeHazard: 0.105527… } = 1/(8 + 8·0.184533)
 */
export function coxBaselineCumulativeHazard(
  fit: CoxFit,
  time: ArrayLike<number>,
  event: ArrayLike<number>,
  covariates: readonly Float64Array[],
): BaselineHazardRow[] {
  checkSurvivalData(time, event);
  const weight = Array.from(coxLinearPredictor(fit, covariates), Math.exp);
  // From the latest time back, so each risk sum is built by adding, never by subtracting.
  const order = Array.from({ length: time.length }, (_, i) => i).sort((a, b) => time[b] - time[a]);
  const increments: BaselineHazardRow[] = [];
  let riskSum = 0;
  for (let start = 0; start < order.length; ) {
    let end = start;
    let deaths = 0;
    let deathSum = 0;
    for (; end < order.length && time[order[end]] === time[order[start]]; end++) {
      riskSum += weight[order[end]];
      if (event[order[end]] === 1) [deaths, deathSum] = [deaths + 1, deathSum + weight[order[end]]];
    }
    let increment = 0;
    for (let k = 0; k < deaths; k++) {
      increment += 1 / (riskSum - (fit.ties === "efron" ? (k / deaths) * deathSum : 0));
    }
    increments.push({ time: time[order[start]], cumulativeHazard: increment });
    start = end;
  }
  let cumulativeHazard = 0;
  return increments.reverse().map((row) => {
    cumulativeHazard += row.cumulativeHazard;
    return { time: row.time, cumulativeHazard };
  });
}
