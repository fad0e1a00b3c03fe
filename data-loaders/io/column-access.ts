/**
 * Typed access to a cohort table's columns. This is the boundary: every value the statistics
 * see passes one of these accessors, which refuses what it cannot read with an InputError that
 * names the file, column, cohort, up to five 1-based data rows and the fix. Identifier values
 * are never printed; other offending values are shown (at most three) to help find them.
 */
import { InputError } from "../errors.ts";
import { didYouMean } from "./closest-name.ts";
import { type CellValue, type CohortTable, type Column, rowNumber } from "./cohort-table.ts";
import type { EventCoding } from "./study-types.ts";

const NUMBER_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER_TEXT = /^[+-]?\d+$/;
const NON_FINITE_TEXT: ReadonlyMap<string, number> = new Map([
  ["NaN", NaN], ["Inf", Infinity], ["+Inf", Infinity], ["-Inf", -Infinity],
  ["Infinity", Infinity], ["+Infinity", Infinity], ["-Infinity", -Infinity],
]);
/** Logical text as R's write.csv and others write it, mapped explicitly (not by truthiness). */
const LOGICAL_TEXT: ReadonlyMap<string, number> = new Map([
  ["TRUE", 1], ["FALSE", 0], ["true", 1], ["false", 0],
]);

/** A column's failing rows (the file's 1-based data rows) and a few of the values found there. */
interface Failures {
  rows: number[];
  values: CellValue[];
}

function failures(): Failures {
  return { rows: [], values: [] };
}

function record(list: Failures, table: CohortTable, index: number, value: CellValue): void {
  list.rows.push(rowNumber(table, index));
  const shownAlready = list.values.length >= 3 || list.values.includes(value);
  if (value !== null && !shownAlready) list.values.push(value);
}

/** " (found -1, -3)" with at most three distinct values, or "" for the identifier column. */
function found(table: CohortTable, column: string, list: Failures): string {
  if (column === table.idColumn || list.values.length === 0) return "";
  const texts = list.values.map((value) => {
    const text = typeof value === "string" ? JSON.stringify(value) : String(value);
    return text.length > 24 ? `${text.slice(0, 21)}...` : text;
  });
  return ` (found ${texts.join(", ")})`;
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function fail(
  table: CohortTable,
  column: string,
  list: Failures,
  problem: string,
  fix: string,
  purpose?: string,
): never {
  throw new InputError({
    file: table.file,
    cohort: table.cohortId,
    column,
    rows: list.rows,
    problem: `${purpose ? `${purpose}: ` : ""}${problem}${found(table, column, list)}`,
    fix,
  });
}

/**
 * The named column, or an InputError suggesting the closest existing name.
 * @example requireColumn(table, "rfs_time")
 * // throws: … column "rfs_time": the table has no such column (did you mean "rfstime"?) …
 */
export function requireColumn(table: CohortTable, name: string, purpose?: string): Column {
  const column = table.columns.get(name);
  if (column !== undefined) return column;
  throw new InputError({
    file: table.file,
    cohort: table.cohortId,
    column: name,
    problem: `${purpose ? `${purpose}: ` : ""}the table has no such column${didYouMean(name, table.columns.keys())}`,
    fix: "rename the column in the table, or correct the column name in study.json",
  });
}

/** A cell as a number; undefined if it is not numeric; "unsafe" for integers beyond 2^53 − 1. */
export function cellNumber(value: CellValue): number | null | undefined | "unsafe" {
  if (value === null) return null;
  if (typeof value === "number") return value;
  if (typeof value === "boolean") return value ? 1 : 0;
  const text = value.trim();
  if (LOGICAL_TEXT.has(text)) return LOGICAL_TEXT.get(text);
  if (NON_FINITE_TEXT.has(text)) return NON_FINITE_TEXT.get(text);
  if (!NUMBER_TEXT.test(text)) return undefined;
  const number = Number(text);
  return INTEGER_TEXT.test(text) && !Number.isSafeInteger(number) ? "unsafe" : number;
}

export interface NumericOptions {
  /** Refuse ±Infinity (default true). NaN is always refused. */
  finite?: boolean;
  min?: number;
  max?: number;
  integer?: boolean;
  /** Return NaN for missing cells instead of refusing them; the caller must count them. */
  allowMissing?: boolean;
  /** What the column is used for, e.g. 'feature "age"' or "follow-up time"; starts the message. */
  purpose?: string;
  /** How to fix values below `min` or above `max`. */
  rangeFix?: string;
}

const NUMERIC_CHECKS = [
  "missing",
  "notNumber",
  "unsafe",
  "nonFinite",
  "notInteger",
  "belowMin",
  "aboveMax",
] as const;
type NumericCheck = (typeof NUMERIC_CHECKS)[number];

function classifyNumber(
  number: ReturnType<typeof cellNumber>,
  options: NumericOptions,
): NumericCheck | null {
  if (number === null) return options.allowMissing ? null : "missing";
  if (number === undefined) return "notNumber";
  if (number === "unsafe") return "unsafe";
  if (Number.isNaN(number)) return "nonFinite";
  if (options.finite !== false && !Number.isFinite(number)) return "nonFinite";
  if (options.integer && !Number.isInteger(number)) return "notInteger";
  if (options.min !== undefined && number < options.min) return "belowMin";
  if (options.max !== undefined && number > options.max) return "aboveMax";
  return null;
}

function numericMessage(
  check: NumericCheck,
  count: number,
  options: NumericOptions,
): [string, string] {
  const range = options.rangeFix ?? "correct these values at the source";
  const values = plural(count, "value is", "values are");
  const messages: Record<NumericCheck, [string, string]> = {
    missing: [
      `${values} missing (empty or NA)`,
      "fill in the values, or remove these patients from the table and count them in the study's flow diagram; values are never imputed",
    ],
    notNumber: [
      `${values} not a number`,
      "write plain numbers with a decimal point (for example 12.5), without units, spaces inside or thousands separators",
    ],
    unsafe: [
      `${plural(count, "integer is", "integers are")} beyond ±(2^53 − 1) and cannot be held exactly as a double`,
      "store identifiers as text (or name the column as idColumn) and measurements as double or 32-bit integers",
    ],
    nonFinite: [
      `${values} NaN or infinite`,
      "replace them with the measured value, or leave the cell empty if the value is missing",
    ],
    notInteger: [
      `${values} not a whole number`,
      "this column must hold whole numbers (counts); correct these values",
    ],
    belowMin: [`${values} below ${options.min}`, range],
    aboveMax: [`${values} above ${options.max}`, range],
  };
  return messages[check];
}

/**
 * A column as doubles. Text is parsed strictly (decimal point, optional exponent; TRUE/FALSE as
 * 1/0 as R's as.numeric does; "Inf"/"NaN" recognised so they can be refused by name); missing
 * cells are refused unless `allowMissing`, in which case they are NaN.
 *
 * @throws InputError for a missing column, missing values, text that is not a number, integers
 *   beyond ±(2^53 − 1), NaN or ±Infinity (unless finite: false), non-integers when `integer`,
 *   and values outside [min, max]; the first failing check is reported with all its rows.
 * @example numericColumn(table, "rfstime", { min: 0 }) // Float64Array of follow-up days
 */
export function numericColumn(
  table: CohortTable,
  name: string,
  options: NumericOptions = {},
): Float64Array {
  const column = requireColumn(table, name, options.purpose);
  const result = new Float64Array(column.values.length);
  const entries = NUMERIC_CHECKS.map((check) => [check, failures()]);
  const lists = Object.fromEntries(entries) as Record<NumericCheck, Failures>;
  column.values.forEach((value, i) => {
    const number = cellNumber(value);
    const check = classifyNumber(number, options);
    if (check !== null) record(lists[check], table, i, value);
    result[i] = typeof number === "number" ? number : NaN;
  });
  for (const check of NUMERIC_CHECKS) {
    if (lists[check].rows.length === 0) continue;
    const [problem, fix] = numericMessage(check, lists[check].rows.length, options);
    fail(table, name, lists[check], problem, fix, options.purpose);
  }
  return result;
}

export interface BinaryOptions {
  coding?: EventCoding;
  purpose?: string;
}

function binaryValue(value: CellValue, coding: EventCoding): 0 | 1 | undefined {
  const number = cellNumber(value);
  if (coding === "1=censored,2=event") {
    const logicalText = typeof value === "string" && LOGICAL_TEXT.has(value.trim());
    if (typeof value === "boolean" || logicalText) return undefined;
    return number === 1 ? 0 : number === 2 ? 1 : undefined;
  }
  return number === 0 ? 0 : number === 1 ? 1 : undefined;
}

/**
 * An event or outcome indicator as 0/1. Default coding accepts 0/1 (also written 0.0/1.0),
 * logical TRUE/FALSE and the text "TRUE"/"FALSE"/"true"/"false", each mapped explicitly;
 * "1=censored,2=event" (R's Surv convention, as survival::lung) accepts 1 and 2 only.
 *
 * @throws InputError for a missing column or missing values; for a 1/2-coded column when the
 *   coding was not declared (recode or declare it); for any other value, such as a duration
 *   passed as the event column, listing the rows and a few of the values.
 * @example binaryColumn(table, "status") // Uint8Array [0, 1, 0, …]
 */
export function binaryColumn(
  table: CohortTable,
  name: string,
  options: BinaryOptions = {},
): Uint8Array {
  const coding = options.coding ?? "0=censored,1=event";
  const column = requireColumn(table, name, options.purpose);
  const result = new Uint8Array(column.values.length);
  const [missing, wrong] = [failures(), failures()];
  let onlyOneOrTwo = true;
  column.values.forEach((value, i) => {
    if (value === null) return record(missing, table, i, value);
    const mapped = binaryValue(value, coding);
    if (mapped === undefined) record(wrong, table, i, value);
    else result[i] = mapped;
    const number = cellNumber(value);
    if (number !== 1 && number !== 2) onlyOneOrTwo = false;
  });
  if (missing.rows.length > 0) {
    fail(
      table,
      name,
      missing,
      `${plural(missing.rows.length, "value is", "values are")} missing (empty or NA)`,
      "fill in the indicator for every patient, or remove these patients and count them in the flow diagram",
      options.purpose,
    );
  }
  if (wrong.rows.length === 0) return result;
  if (coding === "0=censored,1=event" && onlyOneOrTwo) {
    fail(
      table,
      name,
      wrong,
      "the values are 1 and 2 only, which looks like the coding 1 = censored, 2 = event (as R's survival::lung), not 0/1",
      // A binary outcome declares its coding with positive/negative; an event column with coding.
      options.purpose === "outcome"
        ? 'recode the column to 0 = negative, 1 = positive, or declare the coding in this cohort\'s "outcome" in study.json: "positive": 2, "negative": 1'
        : 'recode the column to 0 = no event, 1 = event, or declare "coding": "1=censored,2=event" for this column in study.json',
      options.purpose,
    );
  }
  const expected =
    coding === "0=censored,1=event" ? "0/1 or TRUE/FALSE" : "1 (censored) or 2 (event)";
  fail(
    table,
    name,
    wrong,
    `${plural(wrong.rows.length, "value is", "values are")} not ${expected}`,
    "this column must be an event indicator (1 = event, 0 = no event); check that the time and event columns are not swapped and that it is not a count or a duration",
    options.purpose,
  );
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whole days from 1970-01-01 to an ISO calendar date, or undefined if the text is not one. */
export function isoDateToDays(text: string): number | undefined {
  const match = ISO_DATE.exec(text.trim());
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.UTC works on the proleptic Gregorian calendar without any time zone; the round trip
  // refuses dates such as 2021-02-30 that it would otherwise roll over into March.
  const milliseconds = Date.UTC(year, month - 1, day);
  const check = new Date(milliseconds);
  const sameDay =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month - 1 &&
    check.getUTCDate() === day;
  return sameDay ? milliseconds / 86_400_000 : undefined;
}

/**
 * A column of calendar dates as whole days since 1970-01-01. Only ISO 8601 dates YYYY-MM-DD
 * (CSV text, Arrow date32/date64, or Arrow timestamps at 00:00 UTC) are read, as plain UTC
 * calendar days: the result never depends on the machine's time zone, so a difference of two
 * dates is a whole number of days in every zone, across daylight-saving changes.
 *
 * @throws InputError for a missing column, missing values (unless allowMissing: NaN), and any
 *   value that is not a valid ISO date (other formats such as 03/01/2021 are ambiguous).
 * @example dateColumn(table, "event_date")[0] - dateColumn(table, "index_date")[0] // 30
 */
export function dateColumn(
  table: CohortTable,
  name: string,
  options: { allowMissing?: boolean; purpose?: string } = {},
): Float64Array {
  const column = requireColumn(table, name, options.purpose);
  const result = new Float64Array(column.values.length);
  const [missing, wrong] = [failures(), failures()];
  column.values.forEach((value, i) => {
    const days = typeof value === "string" ? isoDateToDays(value) : undefined;
    if (value === null && !options.allowMissing) record(missing, table, i, value);
    else if (value !== null && days === undefined) record(wrong, table, i, value);
    result[i] = days ?? NaN;
  });
  if (missing.rows.length > 0) {
    fail(
      table,
      name,
      missing,
      `${plural(missing.rows.length, "date is", "dates are")} missing (empty or NA)`,
      "fill in the dates, or remove these patients and count them in the flow diagram",
      options.purpose,
    );
  }
  if (wrong.rows.length > 0) {
    fail(
      table,
      name,
      wrong,
      `${plural(wrong.rows.length, "value is", "values are")} not an ISO calendar date YYYY-MM-DD`,
      "write dates as YYYY-MM-DD (for example 2021-03-01), without a time of day",
      options.purpose,
    );
  }
  return result;
}

/** A cell as text: numbers in their shortest form ("3"), logicals as R writes them (TRUE/FALSE). */
export function cellText(value: CellValue): string | null {
  if (value === null) return null;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  return String(value);
}

/**
 * A column as text for categories and identifiers; null where missing.
 * @throws InputError for a missing column, or missing values unless allowMissing.
 * @example textColumn(table, "pid")[0] // "00123" (text exactly as in the file)
 */
export function textColumn(
  table: CohortTable,
  name: string,
  options: { allowMissing?: boolean; purpose?: string } = {},
): (string | null)[] {
  const column = requireColumn(table, name, options.purpose);
  const missing = failures();
  const result = column.values.map((value, i) => {
    if (value === null && !options.allowMissing) record(missing, table, i, value);
    return cellText(value);
  });
  if (missing.rows.length > 0) {
    fail(
      table,
      name,
      missing,
      `${plural(missing.rows.length, "value is", "values are")} missing (empty or NA)`,
      "fill in every value, or remove these patients and count them in the flow diagram",
      options.purpose,
    );
  }
  return result;
}
