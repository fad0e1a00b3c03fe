/**
 * Logistic regression with a ridge (L2) penalty on the slopes, for the image models' heads when
 * the plain maximum-likelihood fit does not exist (separated outcomes, collinear features).
 */
import { inverseLogit } from "../../stats/logistic-regression.ts";
import { checkBinaryOutcomes, checkFinite } from "../../stats/logistic-regression.ts";

export interface RidgeLogisticFit {
  /** Slopes, one per column (penalised). */
  coefficients: number[];
  /** Not penalised. */
  intercept: number;
  iterations: number;
}

/**
 * Ridge-penalised logistic regression: maximises
 *   Σ_i [y_i η_i − log(1 + e^η_i)] − (λ/2) Σ_j β_j²,  η_i = β₀ + Σ_j x_ij β_j,
 * by Newton-Raphson from β = 0. The intercept β₀ is not penalised. With λ > 0 and both outcome
 * classes present the objective is strictly concave and bounded above, so the maximiser is
 * unique and finite even when the outcomes are separated or the columns collinear. Stops when
 * no coefficient moves by more than 1e-10 (absolute).
 * le Cessie S, van Houwelingen JC. Ridge estimators in logistic regression. Applied Statistics
 * 1992;41:191–201. Agrees with `glmnet` only up to its different scaling of λ (glmnet divides
 * the log-likelihood by n and standardises columns itself); here λ is on the log-likelihood
 * scale and columns are used as given.
 *
 * @param columns design columns (no column of ones: the intercept is added)
 * @param outcomes 0/1
 * @param penalty λ > 0
 * @throws RangeError when outcomes are not 0/1 or hold one class only, a value is not finite,
 *   lengths differ, there are no rows, λ is not a positive finite number, or 100 Newton steps
 *   do not converge.
 * @example ridgeLogisticRegression([[1, 2, 3, 4]], [0, 0, 1, 1], 1)
 * // { coefficients: [0.95828…], intercept: -2.39571…, iterations: 5 }; unpenalised the slope
 * // would be infinite (the outcomes are separated at x = 2.5)
 */
export function ridgeLogisticRegression(
  columns: readonly ArrayLike<number>[],
  outcomes: ArrayLike<number>,
  penalty: number,
): RidgeLogisticFit {
  checkProblem(columns, outcomes, penalty);
  const n = outcomes.length;
  const ones = new Float64Array(n).fill(1);
  const design = [ones, ...columns.map((c) => Float64Array.from(c))];
  const k = design.length;
  const beta = new Float64Array(k);
  for (let iteration = 1; iteration <= 100; iteration++) {
    const { gradient, hessian } = penalisedDerivatives(design, outcomes, beta, penalty);
    const change = solveSymmetric(hessian, gradient);
    let largest = 0;
    for (let j = 0; j < k; j++) {
      beta[j] += change[j];
      largest = Math.max(largest, Math.abs(change[j]));
    }
    if (largest <= 1e-10) {
      const coefficients = Array.from(beta.subarray(1));
      return { coefficients, intercept: beta[0], iterations: iteration };
    }
  }
  throw new RangeError("the ridge logistic regression did not converge in 100 Newton steps");
}

/** Gradient and negative Hessian of the penalised log-likelihood at beta. */
function penalisedDerivatives(
  design: Float64Array[],
  y: ArrayLike<number>,
  beta: Float64Array,
  penalty: number,
) {
  const k = design.length;
  const gradient = Array.from(beta, (b, j) => (j === 0 ? 0 : -penalty * b));
  const hessian = Array.from({ length: k }, (_, j) => {
    const row = new Array<number>(k).fill(0);
    row[j] = j === 0 ? 0 : penalty;
    return row;
  });
  for (let i = 0; i < y.length; i++) {
    let eta = 0;
    for (let j = 0; j < k; j++) eta += design[j][i] * beta[j];
    const p = inverseLogit(eta);
    const weight = p * (1 - p);
    for (let j = 0; j < k; j++) {
      gradient[j] += design[j][i] * (y[i] - p);
      for (let m = 0; m <= j; m++) hessian[j][m] += weight * design[j][i] * design[m][i];
    }
  }
  for (let j = 0; j < k; j++) for (let m = 0; m < j; m++) hessian[m][j] = hessian[j][m];
  return { gradient, hessian };
}

/** Solves A x = b for a symmetric positive definite A by Cholesky (A = R'R). */
function solveSymmetric(a: number[][], b: number[]): number[] {
  const k = b.length;
  const r = a.map(() => new Array<number>(k).fill(0));
  for (let j = 0; j < k; j++) {
    let diagonal = a[j][j];
    for (let m = 0; m < j; m++) diagonal -= r[m][j] ** 2;
    // Positive definite by construction (λ > 0 and both classes); guard against rounding.
    r[j][j] = Math.sqrt(Math.max(diagonal, 1e-300));
    for (let c = j + 1; c < k; c++) {
      let sum = a[j][c];
      for (let m = 0; m < j; m++) sum -= r[m][j] * r[m][c];
      r[j][c] = sum / r[j][j];
    }
  }
  const z = new Array<number>(k);
  for (let j = 0; j < k; j++) {
    let sum = b[j];
    for (let m = 0; m < j; m++) sum -= r[m][j] * z[m];
    z[j] = sum / r[j][j];
  }
  const x = new Array<number>(k);
  for (let j = k - 1; j >= 0; j--) {
    let sum = z[j];
    for (let m = j + 1; m < k; m++) sum -= r[j][m] * x[m];
    x[j] = sum / r[j][j];
  }
  return x;
}

function checkProblem(
  columns: readonly ArrayLike<number>[],
  outcomes: ArrayLike<number>,
  penalty: number,
): void {
  if (!(Number.isFinite(penalty) && penalty > 0)) {
    throw new RangeError(`the ridge penalty must be a positive finite number, got ${penalty}`);
  }
  checkBinaryOutcomes(outcomes, "outcomes");
  const n = outcomes.length;
  const events = Array.from(outcomes).filter((y) => y === 1).length;
  if (n === 0 || events === 0 || events === n) {
    throw new RangeError(
      `a ridge logistic regression needs both outcomes (found ${events} events among ${n} rows); fit it on data with cases and controls`,
    );
  }
  columns.forEach((column, j) => {
    if (column.length !== n) {
      throw new RangeError(`column ${j + 1} has ${column.length} values for ${n} outcomes`);
    }
    checkFinite(column, `column ${j + 1}`);
  });
}
