/**
 * The feature matrix as the model will see it: checked once (size, finite values), then held in
 * the element type the model declares. Any conversion happens here, once, and is described in
 * words so that the report can say which precision the model was given.
 */
import { InputError, failingRows } from "../errors.ts";
import type { ModelSignature } from "./model-signature.ts";

export interface EncodedInput {
  data: Float32Array | Float64Array | BigInt64Array;
  /** The one conversion applied to the features, or null when they are passed as they are. */
  conversion: string | null;
}

/**
 * Checks a row-major n × k feature matrix.
 *
 * @throws RangeError when n or k is not a valid count, the length is not n × k, or a value is
 *   NaN or ±Infinity (the message gives up to five 1-based row numbers).
 */
export function checkFeatureMatrix(matrix: Float64Array, n: number, k: number): void {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(k) || k < 1) {
    throw new RangeError(
      `rows must be an integer >= 0 and features an integer >= 1, got n = ${n}, k = ${k}`,
    );
  }
  if (matrix.length !== n * k) {
    throw new RangeError(
      `the feature matrix has ${matrix.length} values but n × k = ${n} × ${k} = ${n * k}; pass it row-major, one row per patient`,
    );
  }
  const rows = failingRows(n, (i) => !everyInRow(matrix, i, k, Number.isFinite));
  if (rows.length > 0) {
    throw new RangeError(
      `the feature matrix holds NaN or ±Infinity in ${rows.length} row(s) (rows ${rows.slice(0, 5).join(", ")}); a model cannot score them: impute or exclude missing values when encoding, before inference`,
    );
  }
}

/**
 * Holds the features in the model's declared input type: float64 as given; float32 through one
 * explicit `Float32Array.from`; int64 as a `BigInt64Array`, only when every value is a whole
 * number.
 *
 * @throws InputError naming the model and the input when int64 is declared but a feature is not
 *   a whole number (caught here, before onnxruntime would reject the tensor).
 */
export function encodeFeatures(
  matrix: Float64Array,
  k: number,
  signature: ModelSignature,
  label: string,
): EncodedInput {
  const type = signature.inputElementType;
  if (type === "float64") return { data: matrix, conversion: null };
  if (type === "float32") {
    return {
      data: Float32Array.from(matrix),
      conversion: `float64 features converted once to float32 (Float32Array.from), the model's declared input type`,
    };
  }
  const whole = (i: number) => everyInRow(matrix, i, k, Number.isSafeInteger);
  const rows = failingRows(matrix.length / k, (i) => !whole(i));
  if (rows.length > 0) {
    throw new InputError({
      file: label,
      problem: `input "${signature.inputName}" is declared int64 but the encoded features are not all whole numbers`,
      rows,
      fix: `re-export the model with a float input "${signature.inputName}" (float32 or float64), or encode these features as whole numbers`,
    });
  }
  return {
    data: BigInt64Array.from(matrix, (v) => BigInt(v)),
    conversion: `whole-number features converted once to int64 (BigInt64Array), the model's declared input type`,
  };
}

function everyInRow(matrix: Float64Array, row: number, k: number, test: (v: number) => boolean) {
  for (let j = row * k; j < (row + 1) * k; j++) if (!test(matrix[j])) return false;
  return true;
}
