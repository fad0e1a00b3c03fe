/**
 * The model's input matrix, built from a cohort table exactly as the locked model's encoding
 * rules say. Nothing is guessed: a missing or unreadable input stops the build with the
 * feature, column and rows, because an imputed value would be a prediction the model never made.
 */
import { InputError } from "../errors.ts";
import { type CohortTable, rowNumber } from "./cohort-table.ts";
import { numericColumn, textColumn } from "./column-access.ts";
import { naturalLog } from "./natural-log.ts";
import type { CohortConfig, FeatureSpec, ModelConfig } from "./study-types.ts";

export interface EncodedFeatures {
  /** Feature names in model order (the matrix's columns). */
  names: string[];
  /** Row-major n × k: row i holds patient i's features in `names` order. */
  matrix: Float64Array;
  n: number;
  k: number;
}

function refuseUnknownLevels(
  table: CohortTable,
  feature: FeatureSpec,
  values: readonly (string | number)[],
  purpose: string,
): void {
  if (feature.levels === undefined) return;
  const rows: number[] = [];
  values.forEach((value, i) => {
    if (!feature.levels!.includes(value)) rows.push(rowNumber(table, i));
  });
  if (rows.length === 0) return;
  throw new InputError({
    file: table.file,
    cohort: table.cohortId,
    column: feature.column,
    rows,
    problem: `${purpose}: ${rows.length} value${rows.length > 1 ? "s are" : " is"} not among the declared levels ${feature.levels.map((l) => JSON.stringify(l)).join(", ")}`,
    fix: "correct the values (spelling, units), or add the level to the feature's levels in study.json if the model defines it",
  });
}

/**
 * 1 where the value equals `equals`, else 0. Numbers compare as numbers ("3.0" equals 3); text
 * compares after trimming surrounding spaces, as subgroup levels and outcome values do.
 */
function indicator(table: CohortTable, feature: FeatureSpec, purpose: string): Float64Array {
  const values: (string | number)[] =
    typeof feature.equals === "number"
      ? Array.from(numericColumn(table, feature.column, { purpose }))
      : textColumn(table, feature.column, { purpose }).map((text) => text!.trim());
  refuseUnknownLevels(table, feature, values, purpose);
  return Float64Array.from(values, (value) => (value === feature.equals ? 1 : 0));
}

function transformed(table: CohortTable, feature: FeatureSpec, purpose: string): Float64Array {
  const values = numericColumn(table, feature.column, { purpose });
  const cap = feature.capAt;
  const capped = cap === undefined ? values : values.map((x) => Math.min(x, cap));
  if (feature.transform === undefined) return capped;
  const shift = feature.transform === "log1p" ? 1 : 0;
  const rows: number[] = [];
  capped.forEach((x, i) => x + shift > 0 || rows.push(rowNumber(table, i)));
  if (rows.length > 0) {
    const domain = shift === 1 ? "value + 1 must be above 0" : "the value must be above 0";
    throw new InputError({
      file: table.file,
      cohort: table.cohortId,
      column: feature.column,
      rows,
      problem: `${purpose}: ${rows.length} value${rows.length > 1 ? "s are" : " is"} outside the domain of ${feature.transform} (${domain})`,
      fix: "correct these values; the model's transform is not defined for them",
    });
  }
  // ln(value + 1) is computed as R's log(value + 1) is: the sum first, then the logarithm.
  return capped.map((x) => naturalLog(x + shift));
}

/** One feature's values for every row. */
export function encodeFeature(table: CohortTable, feature: FeatureSpec): Float64Array {
  const purpose = `feature "${feature.name}"`;
  if (feature.equals !== undefined) return indicator(table, feature, purpose);
  return transformed(table, feature, purpose);
}

/**
 * Encodes a cohort for a model run by the engine: for each feature in model order, the number
 * as it is, an indicator (1 if the value equals `equals`, else 0), or min(value, capAt) followed
 * by the transform (log1p: ln(1 + value), computed as the nearest double to R's log(value + 1);
 * log: ln(value)). Derived columns must be added first (deriveColumns).
 *
 * @throws InputError naming the feature, column, cohort and rows for a missing column, missing
 *   or non-numeric values, NaN/Infinity, values outside a declared level list, or values outside
 *   the transform's domain; never imputes.
 * @example encodeFeatures(gbsg, model, cohort).matrix.slice(0, 9) // 49, 0, 0, 0, 0, 2, 0, 0, 0
 */
export function encodeFeatures(
  table: CohortTable,
  model: ModelConfig,
  cohort: CohortConfig,
): EncodedFeatures {
  if (model.features.length === 0) {
    throw new InputError({
      cohort: cohort.id,
      problem: `model "${model.id}" has no features to encode (its predictions come from table columns)`,
      fix: 'use an "onnx" source with a features list, or read its predictions with predictionColumns',
    });
  }
  const n = table.nRows;
  const k = model.features.length;
  const matrix = new Float64Array(n * k);
  model.features.forEach((feature, j) => {
    const values = encodeFeature(table, feature);
    for (let i = 0; i < n; i++) matrix[i * k + j] = values[i];
  });
  return { names: model.features.map((feature) => feature.name), matrix, n, k };
}
