/**
 * Maximum-likelihood logistic regression by Newton-Raphson (iteratively reweighted least
 * squares), in double precision, with the stopping rule of R's `glm` and an explicit check for
 * an infinite maximum-likelihood estimate (separation), which `glm` does not make.
 */

export interface LogisticRegressionOptions {
  /** Known part of the linear predictor, added to every fitted logit (R's `offset()`). */
  offset?: ArrayLike<number>;
  /** Whether to add a column of ones as the first coefficient. */
  intercept: boolean;
  /** Stop when |deviance change| / (|deviance| + 0.1) falls below this (R's default 1e-8). */
  epsilon?: number;
  /** Newton steps allowed before giving up (R's default 25). */
  maxIterations?: number;
}

interface EstimableFit {
  /** Intercept first when requested, then one coefficient per design column. */
  coefficients: number[];
  standardErrors: number[];
  /** Inverse Fisher information at the estimate (row-major, coefficients order). */
  covariance: number[][];
  /** -2 log-likelihood of the fitted model. */
  deviance: number;
  /** Deviance of the intercept-only model (with the offset, as R's `glm` reports it). */
  nullDeviance: number;
  iterations: number;
  converged: true;
  notEstimableReason: null;
}

interface NotEstimableFit {
  coefficients: null;
  standardErrors: null;
  covariance: null;
  deviance: null;
  nullDeviance: null;
  iterations: number;
  converged: boolean;
  notEstimableReason: string;
}

export type LogisticRegressionFit = EstimableFit | NotEstimableFit;

/** Design matrix stored by columns; the intercept, when requested, is the first column. */
type Matrix = Float64Array[];

/** One validated fitting problem. */
interface Problem {
  design: Matrix;
  y: ArrayLike<number>;
  offset: Float64Array;
  intercept: boolean;
  epsilon: number;
  maxIterations: number;
}

/**
 * Logistic regression of 0/1 outcomes on design columns: logit P(y = 1) = offset + X b.
 * Fitted by Newton-Raphson from R's starting values (mu = (y + 1/2) / 2); stops like
 * `glm.fit` when |D - D_old| / (|D| + 0.1) < epsilon (1e-8 by default). Standard errors are
 * the square roots of the diagonal of the inverse Fisher information X' W X, with the weights
 * of the last Newton step as in `glm` (so they sit one step before the estimate and are
 * accurate to about sqrt(epsilon); pass a smaller epsilon for more digits).
 * Reference: McCullagh P, Nelder JA. Generalized Linear Models, 2nd ed. Chapman & Hall 1989.
 * Agrees with R's `glm(y ~ ..., family = binomial)` to 1e-6 relative, and with the same
 * iteration count to about 1e-14 (the GBSG calibration fits, test/stats/calibration.test.ts).
 *
 * Not estimable (null estimates with a reason, not an error): no rows; a design that is not of
 * full column rank (for example a constant predictor beside the intercept); an infinite
 * estimate because the outcomes are separated, including one outcome class with an intercept
 * (R reports a large finite value with `converged = TRUE` there; we do not); no convergence.
 * Separation is recognised when the last Newton step still moves the linear predictor and
 * every observation's log-likelihood grows along that step: a direction of recession
 * (Albert A, Anderson JA. Biometrika 1984;71:1–10).
 *
 * @throws RangeError when an outcome is not 0 or 1, a design or offset value is NaN or
 *   infinite, or the columns, offset and outcomes differ in length.
 * @example logisticRegression([[1, 2, 3, 4]], [0, 1, 0, 1], { intercept: true }).coefficients
 *   // [-2.2705, 0.9082], as coef(glm(c(0, 1, 0, 1) ~ I(1:4), family = binomial))
 */
export function logisticRegression(
  columns: ArrayLike<number>[],
  outcomes: ArrayLike<number>,
  options: LogisticRegressionOptions,
): LogisticRegressionFit {
  const n = outcomes.length;
  checkBinaryOutcomes(outcomes, "outcomes");
  const problem: Problem = {
    design: buildDesign(columns, n, options.intercept),
    y: outcomes,
    offset: readOffset(options.offset, n),
    intercept: options.intercept,
    epsilon: options.epsilon ?? 1e-8,
    maxIterations: options.maxIterations ?? 25,
  };
  if (n === 0) return notEstimable("there are no observations", 0, false);
  if (options.intercept) {
    const events = countEvents(outcomes);
    if (events === 0 || events === n) {
      const which =
        events === 0 ? "no events (all outcomes are 0)" : "no non-events (all outcomes are 1)";
      return notEstimable(`the maximum-likelihood intercept is infinite: ${which}`, 0, false);
    }
  }
  return newtonRaphson(problem);
}

function newtonRaphson(problem: Problem): LogisticRegressionFit {
  const { design, y, offset, epsilon, maxIterations } = problem;
  // R's binomial starting values: mu = (y + 0.5) / 2, eta = logit(mu), no offset.
  let eta: Float64Array = Float64Array.from(y, (v) => Math.log((v + 0.5) / (1.5 - v)));
  let beta: Float64Array | null = null;
  let factor: number[][] | null = null;
  let step: Float64Array = new Float64Array(design.length);
  // glm compares the first step with the deviance at its starting values; a first step never
  // meets the tolerance in practice, so it is simply not tested here.
  let deviance = Infinity;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations && !converged) {
    iterations++;
    factor = choleskyFactor(weightedCrossProduct(design, eta));
    if (factor === null) return notEstimable(collinearReason(design.length), iterations, false);
    const previous: Float64Array | null = beta;
    const next: Float64Array =
      previous === null
        ? firstStep(design, y, eta, offset, factor)
        : newtonStep(design, y, eta, previous, factor);
    step = previous === null ? next : next.map((b, k) => b - previous[k]);
    beta = next;
    eta = linearPredictor(design, beta, offset);
    const previousDeviance = deviance;
    deviance = binomialDeviance(y, eta);
    converged = Math.abs(deviance - previousDeviance) / (Math.abs(deviance) + 0.1) < epsilon;
  }
  if (beta === null || factor === null) {
    return notEstimable("no Newton step was allowed (maxIterations is 0)", 0, false);
  }
  if (isRecessionDirection(design, y, step)) {
    return notEstimable(
      "the maximum-likelihood estimate is infinite: the outcomes are separated by the predictors (some fitted risks tend to 0 or 1)",
      iterations,
      converged,
    );
  }
  if (!converged) {
    return notEstimable(`the fit did not converge in ${maxIterations} Newton steps; allow more steps (maxIterations)`, iterations, false);
  }
  return finishFit(problem, beta, factor, deviance, iterations);
}

function finishFit(
  problem: Problem,
  beta: Float64Array,
  lastFactor: number[][],
  deviance: number,
  iterations: number,
): LogisticRegressionFit {
  const onlyIntercept = problem.intercept && problem.design.length === 1;
  // As glm, the information is the one of the last Newton step (weights one step before the
  // estimate); the two differ by the convergence tolerance, far below sampling error.
  const covariance = choleskyInverse(lastFactor);
  return {
    coefficients: Array.from(beta),
    standardErrors: covariance.map((row, k) => Math.sqrt(row[k])),
    covariance,
    deviance,
    // With the intercept as the only column the model is its own null model.
    nullDeviance: onlyIntercept ? deviance : nullDeviance(problem),
    iterations,
    converged: true,
    notEstimableReason: null,
  };
}

/**
 * Deviance of the intercept-only model. With an offset R refits the intercept beside the
 * offset (so the null model keeps the offset); without an intercept it is the offset alone.
 */
function nullDeviance({ y, offset, intercept, epsilon, maxIterations }: Problem): number {
  const n = y.length;
  if (!intercept) return binomialDeviance(y, offset);
  const hasOffset = offset.some((v) => v !== 0);
  if (!hasOffset) {
    const events = countEvents(y);
    return -2 * (events * Math.log(events / n) + (n - events) * Math.log((n - events) / n));
  }
  const fit = logisticRegression([], y, { intercept: true, offset, epsilon, maxIterations });
  return fit.deviance ?? NaN;
}

/** The first step regresses R's working response on X, since eta does not come from a b yet. */
function firstStep(
  design: Matrix,
  y: ArrayLike<number>,
  eta: Float64Array,
  offset: Float64Array,
  factor: number[][],
): Float64Array {
  const right = new Float64Array(design.length);
  for (let i = 0; i < y.length; i++) {
    const mu = inverseLogit(eta[i]);
    const weight = mu * (1 - mu);
    const working = eta[i] - offset[i] + (y[i] - mu) / weight;
    for (let k = 0; k < design.length; k++) right[k] += design[k][i] * weight * working;
  }
  return choleskySolve(factor, right);
}

/** b + (X'WX)^-1 X'(y - mu): solving for the change keeps the fixed point at score = 0. */
function newtonStep(
  design: Matrix,
  y: ArrayLike<number>,
  eta: Float64Array,
  beta: Float64Array,
  factor: number[][],
): Float64Array {
  const score = new Float64Array(design.length);
  for (let i = 0; i < y.length; i++) {
    const residual = y[i] - inverseLogit(eta[i]);
    for (let k = 0; k < design.length; k++) score[k] += design[k][i] * residual;
  }
  const change = choleskySolve(factor, score);
  return beta.map((b, k) => b + change[k]);
}

/**
 * True when the step moves some fitted logit by more than 0.01 and no observation's
 * log-likelihood falls along it: a converged finite fit moves the logits by far less, while
 * with separation each Newton step adds about 1 to the separated logits for ever.
 */
function isRecessionDirection(design: Matrix, y: ArrayLike<number>, step: Float64Array): boolean {
  let largest = 0;
  let smallestSigned = Infinity;
  for (let i = 0; i < y.length; i++) {
    let move = 0;
    for (let k = 0; k < design.length; k++) move += design[k][i] * step[k];
    largest = Math.max(largest, Math.abs(move));
    smallestSigned = Math.min(smallestSigned, y[i] === 1 ? move : -move);
  }
  // Points on the separating hyperplane (quasi-complete separation) still wobble slightly.
  return largest > 0.01 && smallestSigned >= -1e-3 * largest;
}

function notEstimable(reason: string, iterations: number, converged: boolean): NotEstimableFit {
  const none = { coefficients: null, standardErrors: null, covariance: null };
  const fit = { ...none, deviance: null, nullDeviance: null, iterations, converged };
  return { ...fit, notEstimableReason: reason };
}

function collinearReason(columns: number): string {
  return columns === 1
    ? "the design column is zero where the weights are positive"
    : "the design columns are collinear (a predictor is constant or a combination of the others)";
}

/** 1 / (1 + e^-eta), written so that neither branch overflows. */
export function inverseLogit(eta: number): number {
  if (eta >= 0) return 1 / (1 + Math.exp(-eta));
  const e = Math.exp(eta);
  return e / (1 + e);
}

/** -2 sum(y log mu + (1 - y) log(1 - mu)) with mu = inverseLogit(eta), log terms by log1p. */
export function binomialDeviance(y: ArrayLike<number>, eta: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    // log mu = -log(1 + e^-eta); log(1 - mu) = -log(1 + e^eta).
    const signed = y[i] === 1 ? -eta[i] : eta[i];
    total += signed > 0 ? signed + Math.log1p(Math.exp(-signed)) : Math.log1p(Math.exp(signed));
  }
  return 2 * total;
}

function linearPredictor(
  design: Matrix,
  beta: ArrayLike<number>,
  offset: Float64Array,
): Float64Array {
  const eta = Float64Array.from(offset);
  for (let k = 0; k < design.length; k++) {
    const column = design[k];
    for (let i = 0; i < eta.length; i++) eta[i] += column[i] * beta[k];
  }
  return eta;
}

/** X' W X with the logistic weights mu (1 - mu) at eta. */
function weightedCrossProduct(design: Matrix, eta: Float64Array): number[][] {
  const p = design.length;
  const product = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < eta.length; i++) {
    const mu = inverseLogit(eta[i]);
    const weight = mu * (1 - mu);
    for (let j = 0; j < p; j++) {
      const wx = weight * design[j][i];
      for (let k = 0; k <= j; k++) product[j][k] += wx * design[k][i];
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) product[k][j] = product[j][k];
  return product;
}

/**
 * Lower-triangular L with L L' = A, or null when A is not positive definite to working
 * precision: a pivot below 1e-10 of its diagonal entry means that column is explained by
 * the others up to rounding (the 1e-11 column tolerance of R's QR, squared, would be too
 * strict once rounding in X'WX is counted).
 */
function choleskyFactor(a: number[][]): number[][] | null {
  const p = a.length;
  const l = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let j = 0; j < p; j++) {
    let pivot = a[j][j];
    for (let k = 0; k < j; k++) pivot -= l[j][k] * l[j][k];
    if (!(pivot > 1e-10 * a[j][j]) || !(a[j][j] > 0)) return null;
    l[j][j] = Math.sqrt(pivot);
    for (let i = j + 1; i < p; i++) {
      let sum = a[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      l[i][j] = sum / l[j][j];
    }
  }
  return l;
}

function choleskySolve(l: number[][], b: ArrayLike<number>): Float64Array {
  const p = l.length;
  const x = Float64Array.from(b);
  for (let i = 0; i < p; i++) {
    for (let k = 0; k < i; k++) x[i] -= l[i][k] * x[k];
    x[i] /= l[i][i];
  }
  for (let i = p - 1; i >= 0; i--) {
    for (let k = i + 1; k < p; k++) x[i] -= l[k][i] * x[k];
    x[i] /= l[i][i];
  }
  return x;
}

function choleskyInverse(l: number[][]): number[][] {
  const p = l.length;
  const columns = Array.from({ length: p }, (_, j) => {
    const unit = new Float64Array(p);
    unit[j] = 1;
    return choleskySolve(l, unit);
  });
  // Symmetrise: the two triangles can differ in the last bit.
  return columns.map((_, i) => columns.map((__, j) => (columns[i][j] + columns[j][i]) / 2));
}

function buildDesign(columns: ArrayLike<number>[], n: number, intercept: boolean): Matrix {
  const design: Matrix = intercept ? [new Float64Array(n).fill(1)] : [];
  columns.forEach((column, k) => {
    if (column.length !== n) {
      throw new RangeError(`design column ${k + 1} has ${column.length} values but there are ${n} outcomes; pass columns of equal length`);
    }
    checkFinite(column, `design column ${k + 1}`);
    design.push(Float64Array.from(column));
  });
  return design;
}

function readOffset(offset: ArrayLike<number> | undefined, n: number): Float64Array {
  if (offset === undefined) return new Float64Array(n);
  if (offset.length !== n) {
    throw new RangeError(`the offset has ${offset.length} values but there are ${n} outcomes; pass one offset per outcome`);
  }
  checkFinite(offset, "offset");
  return Float64Array.from(offset);
}

function countEvents(y: ArrayLike<number>): number {
  let events = 0;
  for (let i = 0; i < y.length; i++) events += y[i];
  return events;
}

/** "3 values are NaN (positions 2, 5, 9)", with at most five 1-based positions shown. */
export function describePositions(positions: number[], problem: string): string {
  const one = positions.length === 1;
  const shown = positions.slice(0, 5).join(", ");
  const more = positions.length > 5 ? ` and ${positions.length - 5} more` : "";
  const count = `${positions.length} ${one ? "value is" : "values are"} ${problem}`;
  return `${count} (position${one ? "" : "s"} ${shown}${more})`;
}

/**
 * @throws RangeError naming the count and first positions of values other than 0 and 1.
 */
export function checkBinaryOutcomes(outcomes: ArrayLike<number>, name: string): void {
  const bad: number[] = [];
  for (let i = 0; i < outcomes.length; i++) {
    if (outcomes[i] !== 0 && outcomes[i] !== 1) bad.push(i + 1);
  }
  if (bad.length > 0) {
    throw new RangeError(
      `${name}: ${describePositions(bad, "not 0 or 1")}; code the outcome as 1 = event, 0 = no event and drop missing outcomes before the analysis`,
    );
  }
}

/**
 * @throws RangeError naming the count and first positions of NaN or infinite values.
 */
export function checkFinite(values: ArrayLike<number>, name: string): void {
  const bad: number[] = [];
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) bad.push(i + 1);
  if (bad.length > 0) {
    throw new RangeError(
      `${name}: ${describePositions(bad, "NaN or infinite")}; remove or correct them before the analysis, they cannot be ordered or averaged`,
    );
  }
}
