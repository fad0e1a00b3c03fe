/**
 * Runs a binary-outcome prediction model stored as ONNX on an encoded feature matrix and
 * returns one probability (and, where it can, one logit) per patient, in row order.
 */
import { InputError, failingRows } from "../errors.ts";
import type { Logger } from "../log.ts";
import { progressReporter } from "./inference-progress.ts";
import { checkFeatureMatrix, encodeFeatures, type EncodedInput } from "./model-input.ts";
import { modelLogit, type ModelLogit } from "./model-logit.ts";
import {
  readModelSignature,
  type InputElementType,
  type ModelSignature,
  type OutputElementType,
  type SignatureRequest,
} from "./model-signature.ts";
import { firstLine, loadOnnxRuntime, openSession, type InferenceSession } from "./onnx-runtime.ts";

export interface RunModelOptions extends SignatureRequest {
  logger: Logger;
  /** How messages name the model when it is given as bytes; a path names itself. */
  modelLabel?: string;
}

export interface ModelRunResult extends ModelLogit {
  /** P(y = 1) per row, widened exactly to float64 from the model's element type. */
  probability: Float64Array;
  /** Element type of the model's probability output. */
  elementType: OutputElementType;
  inputElementType: InputElementType;
  /** The one conversion applied to the features before the first run, or null. */
  inputConversion: string | null;
  /** Rows given to each `session.run`: the model's fixed batch size, or all rows at once. */
  batchedRowsPerRun: number;
  runs: number;
}

/** What one call needs while it runs the batches. */
interface RunContext {
  session: InferenceSession;
  signature: ModelSignature;
  label: string;
  n: number;
  k: number;
  batch: number;
}

/**
 * Applies a model to an encoded feature matrix with onnxruntime-node (CPU, one thread). The
 * input tensor is built to the element type the model declares (see `encodeFeatures`): float64
 * features go to a float32 model through one explicit conversion. A model whose first
 * dimension is fixed is run in batches of exactly that size, rows in order; a short last batch
 * is padded by repeating its last row, and the padded outputs are dropped.
 *
 * @param model path of an .onnx file, or its bytes
 * @param matrix row-major n × k features, encoded as at model development
 * @throws RangeError when the matrix is not n × k or holds NaN or ±Infinity.
 * @throws InputError naming the model and the fix when it cannot be loaded, when its declared
 *   input or outputs do not fit (see `readModelSignature`), when an int64 input meets
 *   fractional features, when onnxruntime fails, or when a probability is NaN or outside [0, 1].
 * @example
 * await runModel(bytes, Float64Array.from([1, 0.5]), 1, 2, { logger })
 * // { probability: Float64Array [0.5621764659881592], logit: Float64Array [0.25],
 * //   elementType: "float32", batchedRowsPerRun: 1, runs: 1, … }
 */
export async function runModel(
  model: string | Uint8Array,
  matrix: Float64Array,
  n: number,
  k: number,
  options: RunModelOptions,
): Promise<ModelRunResult> {
  checkFeatureMatrix(matrix, n, k);
  const { logger } = options;
  const label = typeof model === "string" ? model : (options.modelLabel ?? "model given as bytes");
  const session = await openSession(model, label);
  try {
    const signature = readModelSignature(session, k, label, options);
    const input = encodeFeatures(matrix, k, signature, label);
    const batch = signature.fixedBatch ?? Math.max(n, 1);
    const context = { session, signature, label, n, k, batch };
    announce(context, input, logger);
    const outputs = await runInBatches(context, input.data, logger);
    const probability = checkProbabilities(outputs.probability, signature.probability.name, label);
    return {
      ...modelLogit(outputs.logit, probability, signature, label, logger),
      probability,
      elementType: signature.probability.elementType,
      inputElementType: signature.inputElementType,
      inputConversion: input.conversion,
      batchedRowsPerRun: context.batch,
      runs: Math.ceil(n / context.batch),
    };
  } finally {
    await session.release();
  }
}

function announce(context: RunContext, input: EncodedInput, logger: Logger): void {
  const { signature, label, n, k, batch } = context;
  const conversion = input.conversion ? ` (${input.conversion})` : "";
  logger.info(
    `${label}: scoring ${n} rows × ${k} features, input "${signature.inputName}" ${signature.inputElementType}${conversion}, ${Math.ceil(n / batch)} run(s) of ${batch} row(s)`,
  );
  if (signature.inputShapeUndeclared) {
    logger.warn(
      `${label}: the model declares no input shape, so the feature count (${k}) could not be checked against it; re-export the model with input shape [N, ${k}]`,
    );
  }
}

async function runInBatches(context: RunContext, data: EncodedInput["data"], logger: Logger) {
  const { session, signature, n, k, batch } = context;
  const ort = await loadOnnxRuntime();
  const probability = new Float64Array(n);
  const logit = signature.logit === null ? null : new Float64Array(n);
  const fetches = [signature.probability.name, ...(signature.logit ? [signature.logit.name] : [])];
  const progress = progressReporter(`${context.label}: scoring`, n, logger);
  for (let start = 0; start < n; start += batch) {
    const rows = Math.min(batch, n - start);
    const slice = padRows(data.subarray(start * k, (start + rows) * k), rows, k, context);
    const tensor = new ort.Tensor(signature.inputElementType, slice, [slice.length / k, k]);
    const result = await runOnce(context, { [signature.inputName]: tensor }, fetches, start, rows);
    copyOutput(result, signature.probability.name, probability, start, rows, context);
    if (logit !== null) copyOutput(result, signature.logit!.name, logit, start, rows, context);
    progress(start + rows);
  }
  return { probability, logit };
}

async function runOnce(
  { session, label }: RunContext,
  feeds: InferenceSession.FeedsType,
  fetches: string[],
  start: number,
  rows: number,
): Promise<InferenceSession.ReturnType> {
  try {
    return await session.run(feeds, fetches);
  } catch (cause) {
    throw new InputError({
      file: label,
      problem: `onnxruntime failed on rows ${start + 1}–${start + rows} (${firstLine(cause)})`,
      fix: "the model loaded and its declared input and outputs fit, so the graph itself fails: check it in onnxruntime with the same input and re-export it",
      cause,
    });
  }
}

/** A fixed-batch model never sees a short batch: the last row is repeated, its outputs dropped. */
function padRows<T extends EncodedInput["data"]>(
  rows: T,
  count: number,
  k: number,
  context: RunContext,
): T {
  const { batch, signature } = context;
  if (signature.fixedBatch === null || count === batch) return rows;
  const padded = new (rows.constructor as new (length: number) => T)(batch * k);
  padded.set(rows as never);
  const lastRow = rows.subarray((count - 1) * k, count * k);
  for (let r = count; r < batch; r++) padded.set(lastRow as never, r * k);
  return padded;
}

function copyOutput(
  result: InferenceSession.ReturnType,
  name: string,
  target: Float64Array,
  start: number,
  rows: number,
  { label, batch, signature }: RunContext,
): void {
  const ranRows = signature.fixedBatch === null ? rows : batch;
  const values = result[name]?.data;
  const isFloat = values instanceof Float32Array || values instanceof Float64Array;
  if (!isFloat || values.length !== ranRows) {
    throw new InputError({
      file: label,
      problem: `output "${name}" returned ${values?.length ?? "no"} values for a run of ${ranRows} rows; one float per row was expected`,
      fix: `re-export the model so that "${name}" has shape [N, 1] or [N] and holds one value per patient`,
    });
  }
  for (let i = 0; i < rows; i++) target[start + i] = values[i];
}

function checkProbabilities(probability: Float64Array, name: string, label: string): Float64Array {
  const inUnitInterval = (p: number) => p >= 0 && p <= 1;
  const rows = failingRows(probability.length, (i) => !inUnitInterval(probability[i]));
  if (rows.length > 0) {
    throw new InputError({
      file: label,
      problem: `output "${name}" has ${rows.length} value(s) that are NaN or outside [0, 1]`,
      rows,
      fix: "the model must output probabilities: check that the final sigmoid is applied, that outputs.probability names the probability (not the logit), and that features are encoded as at development",
    });
  }
  return probability;
}
