/**
 * Fits one branch's learned weights from its training lesions' embeddings: the feature
 * standardisation, the attention vector over lesions and the logistic head.
 */
import type { Logger } from "../../log.ts";
import { logisticRegression } from "../../stats/logistic-regression.ts";
import type { LesionHead } from "./lesion-pooling.ts";
import { ridgeLogisticRegression } from "./ridge-logistic-regression.ts";
import type { LesionEmbeddings } from "./training-features.ts";

/** λ of the ridge fallback, on the log-likelihood scale with standardised features. */
export const DEFAULT_RIDGE_PENALTY = 1;

/** Row-major n × d values in float64. */
interface Matrix {
  rows: number;
  columns: number;
  values: Float64Array;
}

/**
 * Fits one head in three deterministic steps:
 * 1. Standardise each embedding feature by its mean and standard deviation (n − 1) over all
 *    training lesions; a feature constant in training gets sd 1 (it stays 0 and carries nothing).
 * 2. Pool each patient's lesions with equal weights (attention vector 0) and fit the logistic
 *    head w₀ on the pooled features.
 * 3. Set the attention vector a = w₀ / sd_l(z_l · w₀): a lesion the first head scores as more
 *    positive gets more weight, and the scores z_l · a have standard deviation 1 over the training
 *    lesions, so the softmax neither ignores nor picks a single lesion. Then pool with a and fit
 *    the head once more; that second head is the locked one.
 * Each head fit is maximum likelihood (R's glm) when it exists; when it does not (separated
 * outcomes, collinear or constant features, no convergence) the head is refitted with a ridge
 * penalty λ on the slopes (ridge-logistic-regression.ts), and the log says so and why.
 * Attention pooling as in Ilse M, Tomczak JM, Welling M. Attention-based deep multiple instance
 * learning. ICML 2018, with a linear score; fitting a by the head's weights is our own rule.
 *
 * @param patientLesions the lesion count of each training patient, in lesion order
 * @throws RangeError when an outcome is not 0/1 or a value is not finite (from the regressions).
 * @example
 * fitLesionHead(embeddings, [2, 1, 3], [1, 0, 1], { logger, ridgePenalty: 1, label: "t1ce-3d" })
 * // { branch: "t1ce", featureMean: [12 numbers], attention: [12], coefficients: [12],
 * //   intercept: …, fitMethod: "ridge", ridgePenalty: 1, … }
 */
export function fitLesionHead(
  embeddings: LesionEmbeddings,
  patientLesions: readonly number[],
  outcomes: readonly number[],
  options: { logger: Logger; ridgePenalty: number; label: string },
): LesionHead {
  const d = embeddings.featureNames.length;
  const values = Float64Array.from(embeddings.values);
  const raw = { rows: values.length / d, columns: d, values };
  const { mean, standardDeviation } = columnMoments(raw);
  const z = standardise(raw, mean, standardDeviation);

  const uniform = new Float64Array(d);
  const fitPooled = (attention: Float64Array, step: string) =>
    fitLogistic(poolPatients(z, patientLesions, attention), outcomes, options, step);
  const first = fitPooled(uniform, "equal weights");
  const attention = attentionVector(z, first.coefficients);
  const head = fitPooled(attention, "attention");
  return {
    branch: embeddings.branch,
    featureNames: embeddings.featureNames,
    featureMean: mean,
    featureStandardDeviation: standardDeviation,
    attention: Array.from(attention),
    ...head,
  };
}

/**
 * Mean and sample standard deviation (n − 1) of each column of a row-major matrix. A column
 * whose sd is 0 (or below 1e-12), or a matrix of one row, gets sd 1, so standardising it gives
 * 0 rather than NaN.
 *
 * @example columnMoments({ rows: 3, columns: 1, values: Float64Array.from([1, 2, 3]) })
 * // { mean: [2], standardDeviation: [1] }
 */
export function columnMoments(m: Matrix): { mean: number[]; standardDeviation: number[] } {
  const { rows, columns, values } = m;
  const mean = new Array<number>(columns).fill(0);
  const sumSquares = new Array<number>(columns).fill(0);
  for (let k = 0; k < values.length; k++) mean[k % columns] += values[k];
  for (let j = 0; j < columns; j++) mean[j] /= rows;
  for (let k = 0; k < values.length; k++) {
    sumSquares[k % columns] += (values[k] - mean[k % columns]) ** 2;
  }
  const standardDeviation = sumSquares.map((s) => {
    const sd = rows > 1 ? Math.sqrt(s / (rows - 1)) : 0;
    // Below float32 resolution of typical features the column is constant for the graph too.
    return sd > 1e-12 ? sd : 1;
  });
  return { mean, standardDeviation };
}

function standardise(m: Matrix, mean: number[], sd: number[]): Matrix {
  const values = m.values.map((v, k) => (v - mean[k % m.columns]) / sd[k % m.columns]);
  return { ...m, values };
}

/**
 * Attention pooling of each patient's lesions: α = softmax over the patient's lesions of z·a,
 * pooled = Σ α z. Returns the pooled features as one column per feature (a design matrix), one
 * row per patient. Lesions are rows of z, patient after patient; a = 0 gives the plain mean.
 *
 * @example poolPatients({ rows: 2, columns: 1, values: Float64Array.from([0, 2]) }, [2],
 *   Float64Array.from([1])) // [Float64Array [1.7615941559557646]]: weights 1/(1+e²), e²/(1+e²)
 */
export function poolPatients(
  z: Matrix,
  patientLesions: readonly number[],
  attention: Float64Array,
): Float64Array[] {
  const d = z.columns;
  const columns = Array.from({ length: d }, () => new Float64Array(patientLesions.length));
  let first = 0;
  patientLesions.forEach((count, p) => {
    const rows = Array.from({ length: count }, (_, l) => (first + l) * d);
    const scores = rows.map((row) => dot(z.values, row, attention));
    // Softmax with the largest score subtracted, so that exp cannot overflow.
    const top = Math.max(...scores);
    const weights = scores.map((s) => Math.exp(s - top));
    const total = weights.reduce((s, w) => s + w, 0);
    rows.forEach((row, l) => {
      for (let j = 0; j < d; j++) columns[j][p] += (weights[l] / total) * z.values[row + j];
    });
    first += count;
  });
  return columns;
}

function dot(values: Float64Array, offset: number, vector: ArrayLike<number>): number {
  let sum = 0;
  for (let j = 0; j < vector.length; j++) sum += values[offset + j] * vector[j];
  return sum;
}

function attentionVector(z: Matrix, coefficients: readonly number[]): Float64Array {
  const scores = Array.from({ length: z.rows }, (_, i) =>
    dot(z.values, i * z.columns, coefficients),
  );
  const moments = columnMoments({ rows: z.rows, columns: 1, values: Float64Array.from(scores) });
  // Constant scores (w = 0, or one lesion) get sd 1 and leave a = w: pooling stays uniform.
  return Float64Array.from(coefficients, (w) => w / moments.standardDeviation[0]);
}

type HeadFit = Pick<LesionHead, "coefficients" | "intercept" | "fitMethod" | "ridgePenalty">;

function fitLogistic(
  columns: Float64Array[],
  outcomes: readonly number[],
  options: { logger: Logger; ridgePenalty: number; label: string },
  step: string,
): HeadFit {
  const fit = logisticRegression(columns, outcomes, { intercept: true });
  if (fit.coefficients !== null) {
    const [intercept, ...coefficients] = fit.coefficients;
    return { coefficients, intercept, fitMethod: "maximum-likelihood", ridgePenalty: null };
  }
  const ridge = ridgeLogisticRegression(columns, outcomes, options.ridgePenalty);
  options.logger.info(
    `${options.label} (${step}): maximum likelihood not estimable (${fit.notEstimableReason}); fitted with ridge penalty λ = ${options.ridgePenalty}`,
  );
  const { coefficients, intercept } = ridge;
  return { coefficients, intercept, fitMethod: "ridge", ridgePenalty: options.ridgePenalty };
}
