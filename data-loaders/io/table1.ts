/**
 * Table 1: the characteristics of a cohort's patients, one block per variable the study lists
 * in `table1`. Continuous variables get the median with quartiles and the mean with standard
 * deviation; categorical ones the count and percentage of each level. Missing values are
 * counted, never imputed, and percentages are of the patients with a value.
 */
import { InputError } from "../errors.ts";
import { quantilesType7 } from "../stats/quantile.ts";
import { type CohortTable, rowNumber } from "./cohort-table.ts";
import { numericColumn, textColumn } from "./column-access.ts";
import type { CohortConfig, Study, Table1Spec } from "./study-types.ts";

export interface ContinuousSummary {
  column: string;
  label: string;
  kind: "continuous";
  /** Patients with a value. */
  n: number;
  missing: number;
  median: number | null;
  firstQuartile: number | null;
  thirdQuartile: number | null;
  mean: number | null;
  /** Sample standard deviation, divisor n − 1. */
  standardDeviation: number | null;
  notEstimableReason: string | null;
}

export interface LevelCount {
  level: string;
  n: number;
  /** 100 × n / (patients with a value); null when no patient has a value. */
  percentage: number | null;
}

export interface CategoricalSummary {
  column: string;
  label: string;
  kind: "categorical";
  /** Patients with a value. */
  n: number;
  missing: number;
  /** Every declared level in display order, zero counts kept. */
  levels: LevelCount[];
}

export type Table1Row = ContinuousSummary | CategoricalSummary;

/** Mean with one correction pass, as R's mean() refines its first sum / n. */
function mean(values: Float64Array): number {
  let sum = 0;
  for (const x of values) sum += x;
  const first = sum / values.length;
  let correction = 0;
  for (const x of values) correction += x - first;
  return first + correction / values.length;
}

function standardDeviation(values: Float64Array, center: number): number {
  let squares = 0;
  for (const x of values) squares += (x - center) ** 2;
  return Math.sqrt(squares / (values.length - 1));
}

function continuous(table: CohortTable, spec: Table1Spec): ContinuousSummary {
  const purpose = `Table 1 "${spec.label}"`;
  const all = numericColumn(table, spec.column, { allowMissing: true, purpose });
  const values = all.filter((x) => !Number.isNaN(x));
  const base = { column: spec.column, label: spec.label, kind: "continuous" as const };
  const counts = { n: values.length, missing: all.length - values.length };
  if (values.length === 0) {
    return {
      ...base,
      ...counts,
      median: null,
      firstQuartile: null,
      thirdQuartile: null,
      mean: null,
      standardDeviation: null,
      notEstimableReason: "no patient has a value",
    };
  }
  const [median, firstQuartile, thirdQuartile] = quantilesType7(values, [0.5, 0.25, 0.75]);
  const center = mean(values);
  const single = values.length === 1;
  return {
    ...base,
    ...counts,
    median,
    firstQuartile,
    thirdQuartile,
    mean: center,
    standardDeviation: single ? null : standardDeviation(values, center),
    notEstimableReason: single ? "the standard deviation needs at least two values" : null,
  };
}

function categorical(
  table: CohortTable,
  spec: Extract<Table1Spec, { kind: "categorical" }>,
): CategoricalSummary {
  const purpose = `Table 1 "${spec.label}"`;
  const values = textColumn(table, spec.column, { allowMissing: true, purpose }).map(
    (value) => value?.trim() ?? null,
  );
  const rows = values.flatMap((value, i) =>
    value !== null && !spec.levels.includes(value) ? [rowNumber(table, i)] : [],
  );
  if (rows.length > 0) {
    throw new InputError({
      file: table.file,
      cohort: table.cohortId,
      column: spec.column,
      rows,
      problem: `${purpose}: ${rows.length} value${rows.length > 1 ? "s are" : " is"} not among the declared levels ${spec.levels.map((l) => `"${l}"`).join(", ")}`,
      fix: "add the level to the variable's levels in study.json, or correct the values (spelling, case)",
    });
  }
  const n = values.filter((value) => value !== null).length;
  const levels = spec.levels.map((level) => {
    const count = values.filter((value) => value === level).length;
    return { level, n: count, percentage: n === 0 ? null : (100 * count) / n };
  });
  const missing = values.length - n;
  return { column: spec.column, label: spec.label, kind: "categorical", n, missing, levels };
}

/**
 * Table 1 for one cohort, on the rows given (normally its eligible rows), one entry per
 * variable of `study.table1` in order. Continuous: n with a value, missing count, median and
 * first/third quartiles by R's default type-7 quantile (quantile(x, type = 7)), mean and
 * standard deviation with divisor n − 1 (R's mean() and sd()); with one value the standard
 * deviation is null, with none every statistic is null, each with a notEstimableReason.
 * Categorical: for each declared level its count and percentage of the patients with a value
 * (missing ones are counted apart), text compared after trimming spaces.
 *
 * @throws InputError naming file, column, cohort and file row numbers for a categorical value
 *   outside the declared levels, or a continuous column holding text, NaN or infinity.
 * @example table1Rows(table, study, cohort)[0]
 * // { column: "age", kind: "continuous", n: 4, missing: 1, median: 55, firstQuartile: 47.5, … }
 */
export function table1Rows(table: CohortTable, study: Study, cohort: CohortConfig): Table1Row[] {
  // Messages name the cohort the summary is for, even for a table shared by several cohorts.
  const rows = table.cohortId === cohort.id ? table : { ...table, cohortId: cohort.id };
  return study.table1.map((spec) =>
    spec.kind === "continuous" ? continuous(rows, spec) : categorical(rows, spec),
  );
}
