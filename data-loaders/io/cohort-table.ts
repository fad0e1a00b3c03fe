/**
 * Reading one cohort's table, CSV or Arrow IPC, into named columns of untyped cells. Typing
 * happens later, column by column, in the accessors of column-access.ts, where each use says
 * what it expects and bad values are refused with their row numbers.
 */
import { readFileSync } from "node:fs";
import { extname, join } from "node:path";
import { InputError } from "../errors.ts";
import { readArrowColumnNames, readArrowColumns } from "./arrow-table.ts";
import { parseCsv, parseCsvHeader } from "./csv-parse.ts";
import type { CohortConfig, Study } from "./study-types.ts";

/** One cell: CSV cells are text or null; Arrow cells keep their type. */
export type CellValue = string | number | boolean | null;

/**
 * text: CSV or Arrow utf8; date: "YYYY-MM-DD"; timestamp: "YYYY-MM-DD" at 00:00 UTC, else
 * full ISO text.
 */
export type ColumnType = "text" | "number" | "boolean" | "date" | "timestamp";

export interface Column {
  name: string;
  type: ColumnType;
  values: readonly CellValue[];
}

export interface CohortTable {
  /** Path relative to the study folder, as messages show it. */
  file: string;
  cohortId: string;
  /** The identifier column: kept as text, never printed in messages. */
  idColumn: string;
  nRows: number;
  columns: Map<string, Column>;
  /**
   * The 1-based data row number in the file of each row (the header is not counted), so that
   * messages about a filtered table still point at the file's rows; 1..nRows when read.
   */
  rowNumbers: readonly number[];
}

/**
 * The file's 1-based data row number of the table's row `index` (0-based), for messages.
 * @example rowNumber(selectRows(table, [4, 9]), 1) // 10
 */
export function rowNumber(table: CohortTable, index: number): number {
  return table.rowNumbers[index];
}

/**
 * The rows at the given 0-based positions, in the order given, with every column and the
 * file row numbers kept, so a later message names the rows of the file, not of the subset.
 *
 * @throws RangeError for a position that is not an integer in [0, nRows).
 * @example selectRows(table, [0, 2]).rowNumbers // [1, 3] for a table read from a file
 */
export function selectRows(table: CohortTable, keep: readonly number[]): CohortTable {
  for (const index of keep) {
    if (!Number.isInteger(index) || index < 0 || index >= table.nRows) {
      throw new RangeError(`row position ${index} is outside the table's ${table.nRows} rows`);
    }
  }
  const columns = new Map<string, Column>();
  for (const [name, column] of table.columns) {
    columns.set(name, { ...column, values: keep.map((index) => column.values[index]) });
  }
  const rowNumbers = keep.map((index) => table.rowNumbers[index]);
  return { ...table, nRows: keep.length, columns, rowNumbers };
}

/**
 * CSV cells that mean "missing": the empty cell (how Excel and pandas write a missing value)
 * and NA (R's write.csv), compared after trimming spaces. Anything else, including "NaN",
 * "N/A", "null" or ".", is kept as text and refused by the accessor that expected a number.
 */
export const MISSING_TOKENS: readonly string[] = ["", "NA"];

export function csvCell(text: string): string | null {
  return MISSING_TOKENS.includes(text.trim()) ? null : text;
}

function readBytes(study: Study, cohort: CohortConfig): Uint8Array {
  try {
    return readFileSync(join(study.dir, cohort.table));
  } catch (cause) {
    throw new InputError({
      file: cohort.table,
      cohort: cohort.id,
      problem: "the table file cannot be read",
      fix: `put the cohort's table at ${cohort.table} inside the study folder, or correct "table" in study.json`,
      cause,
    });
  }
}

function decodeUtf8(bytes: Uint8Array, file: string, cohort: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new InputError({
      file,
      cohort,
      problem: "the file is not valid UTF-8 text",
      fix: "save the CSV with UTF-8 encoding (Excel: CSV UTF-8)",
      cause,
    });
  }
}

function refuseBadNames(names: string[], file: string, cohort: string): void {
  const seen = new Set<string>();
  names.forEach((name, index) => {
    if (name.trim() === "") {
      throw new InputError({
        file,
        cohort,
        problem: `header field ${index + 1} is empty`,
        fix: "give every column a name in the header row",
      });
    }
    if (seen.has(name)) {
      throw new InputError({
        file,
        cohort,
        column: name,
        problem: "two columns have this name",
        fix: "rename one of them so every column name is distinct",
      });
    }
    seen.add(name);
  });
}

function csvColumns(
  text: string,
  file: string,
  cohort: string,
): { nRows: number; columns: Column[] } {
  const { header, rows } = parseCsv(text, { file, cohort });
  const columns = header.map(
    (name, j): Column => ({ name, type: "text", values: rows.map((row) => csvCell(row[j])) }),
  );
  return { nRows: rows.length, columns };
}

interface TableContext {
  file: string;
  cohort: string;
  idColumn: string;
}

function assembleTable(context: TableContext, nRows: number, columns: Column[]): CohortTable {
  const { file, cohort } = context;
  if (columns.length === 0) {
    throw new InputError({
      file,
      cohort,
      problem: "the file has no columns",
      fix: "export the cohort's table with its columns and one row per patient",
    });
  }
  refuseBadNames(columns.map((column) => column.name), file, cohort);
  if (nRows === 0) {
    throw new InputError({
      file,
      cohort,
      problem: "the file has a header but no data rows",
      fix: "export the table again with one row per patient",
    });
  }
  const byName = new Map(columns.map((column) => [column.name, column]));
  const rowNumbers = Array.from({ length: nRows }, (_, index) => index + 1);
  return { file, cohortId: cohort, idColumn: context.idColumn, nRows, columns: byName, rowNumbers };
}

/**
 * A cohort table from CSV text already in memory, read exactly as readCohortTable reads a .csv
 * file (same parser, missing tokens and checks); `file` is only used in messages.
 * @example cohortTableFromCsv("id,y\n00123,1\n", { file: "t.csv", cohort: "c", idColumn: "id" })
 * // { nRows: 1, columns: id → ["00123"], y → ["1"], … }
 */
export function cohortTableFromCsv(text: string, context: TableContext): CohortTable {
  const { nRows, columns } = csvColumns(text, context.file, context.cohort);
  return assembleTable(context, nRows, columns);
}

function isArrowFile(file: string): boolean {
  return [".arrow", ".feather"].includes(extname(file).toLowerCase());
}

/**
 * Reads the cohort's table named in study.json. CSV: RFC 4180, header row, comma separator,
 * UTF-8 with optional byte-order mark, CRLF or LF; every cell is raw text, or null when it is
 * one of MISSING_TOKENS. Arrow IPC (.arrow/.feather): typed cells, Int64 converted safely (see
 * arrow-table.ts). Ids are never converted: "00123" stays "00123".
 *
 * @throws InputError naming file and cohort when the file is missing, empty, has a header but no
 *   data rows, is not UTF-8, is malformed CSV/Arrow, or repeats a column name.
 * @example readCohortTable(study, study.cohorts[1]).nRows // 686 for GBSG
 */
export function readCohortTable(study: Study, cohort: CohortConfig): CohortTable {
  const file = cohort.table;
  const bytes = readBytes(study, cohort);
  const context = { file, cohort: cohort.id, idColumn: cohort.idColumn };
  if (isArrowFile(file)) {
    const { nRows, columns } = readArrowColumns(bytes, context);
    return assembleTable(context, nRows, columns);
  }
  return cohortTableFromCsv(decodeUtf8(bytes, file, cohort.id), context);
}

/**
 * The column names of a cohort's table, read from the CSV header or the Arrow schema; used by
 * loadStudy to check that every column study.json names exists.
 * @throws InputError as readCohortTable does for an unreadable, empty or malformed file.
 */
export function readTableColumnNames(study: Study, cohort: CohortConfig): string[] {
  const bytes = readBytes(study, cohort);
  const context = { file: cohort.table, cohort: cohort.id, idColumn: cohort.idColumn };
  if (isArrowFile(cohort.table)) return readArrowColumnNames(bytes, context);
  return parseCsvHeader(decodeUtf8(bytes, cohort.table, cohort.id), context);
}
