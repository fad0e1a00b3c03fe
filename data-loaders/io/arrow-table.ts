/**
 * Arrow IPC files (.arrow, .feather version 2) read into plain JavaScript values, so nothing
 * downstream meets a BigInt: pandas, polars and DuckDB write integer columns as Int64, which
 * apache-arrow hands out as BigInt, and `1n === 1` is false (an unconverted event column would
 * count no events at all).
 */
import { DataType, Type, tableFromIPC, type Field, type Vector } from "apache-arrow";
import { InputError } from "../errors.ts";
import type { CellValue, Column, ColumnType } from "./cohort-table.ts";

const DAY_MS = 86_400_000;

interface ArrowContext {
  file: string;
  cohort: string;
  idColumn: string;
}

/**
 * An Int64/Uint64 value as a number when it is a safe integer (|v| <= 2^53 − 1); otherwise its
 * exact decimal text, which every numeric accessor refuses with the row numbers, so no
 * precision is lost silently and an unused column does not stop the build.
 */
export function bigIntCell(value: bigint): number | string {
  const number = Number(value);
  return Number.isSafeInteger(number) && BigInt(number) === value ? number : value.toString();
}

/** An Arrow date or timestamp (milliseconds since 1970-01-01 UTC) as ISO text. */
function dateCell(milliseconds: number): string {
  const iso = new Date(milliseconds).toISOString();
  return milliseconds % DAY_MS === 0 ? iso.slice(0, 10) : iso;
}

function columnType(field: Field): ColumnType | null {
  const type = DataType.isDictionary(field.type) ? field.type.dictionary : field.type;
  switch (type.typeId) {
    case Type.Int:
    case Type.Float:
      return "number";
    case Type.Bool:
      return "boolean";
    case Type.Utf8:
    case Type.LargeUtf8:
    case Type.Null:
      return "text";
    case Type.Date:
      return "date";
    case Type.Timestamp:
      return "timestamp";
    default:
      return null;
  }
}

function cellOf(raw: unknown, type: ColumnType, isId: boolean): CellValue {
  if (raw === null || raw === undefined) return null;
  if (typeof raw === "bigint") return isId ? raw.toString() : bigIntCell(raw);
  if (isId) return String(raw);
  if (type === "date" || type === "timestamp") return dateCell(raw as number);
  return raw as CellValue;
}

function readColumn(field: Field, vector: Vector, context: ArrowContext): Column {
  const type = columnType(field);
  const where = { file: context.file, cohort: context.cohort, column: field.name };
  if (type === null) {
    throw new InputError({
      ...where,
      problem: `the column has Arrow type ${String(field.type)}, which this reader does not take`,
      fix: "cast it to a double, integer, boolean, utf8, date32 or timestamp column before writing the file, or drop it",
    });
  }
  const isId = field.name === context.idColumn;
  const values: CellValue[] = new Array(vector.length);
  for (let i = 0; i < vector.length; i++) {
    try {
      values[i] = cellOf(vector.get(i), type, isId);
    } catch (cause) {
      throw new InputError({
        ...where,
        rows: [i + 1],
        problem: `the value cannot be read as ${String(field.type)}`,
        fix: "rewrite the column with values inside the type's range",
        cause,
      });
    }
  }
  return { name: field.name, type: isId ? "text" : type, values };
}

function decodeArrow(bytes: Uint8Array, context: ArrowContext) {
  try {
    return tableFromIPC(bytes);
  } catch (cause) {
    throw new InputError({
      file: context.file,
      cohort: context.cohort,
      problem: "the file is not a readable Arrow IPC file (Feather version 1 is not read)",
      fix: "write it with an Arrow IPC writer (pyarrow.feather.write_feather, arrow::write_feather, DuckDB COPY … (FORMAT arrow)), or save the table as CSV",
      cause,
    });
  }
}

/** The column names of an Arrow IPC file. @throws InputError if it is not Arrow IPC. */
export function readArrowColumnNames(bytes: Uint8Array, context: ArrowContext): string[] {
  return decodeArrow(bytes, context).schema.fields.map((field) => field.name);
}

/**
 * Reads every column of an Arrow IPC file (file or stream format). Int64 values become numbers
 * when safe and exact text otherwise; the id column always becomes text; dates become ISO text
 * "YYYY-MM-DD" (UTC calendar days); timestamps at 00:00 UTC likewise, others full ISO text.
 *
 * @throws InputError when the bytes are not Arrow IPC, a column has an unsupported type
 *   (decimal, list, struct, binary…) or duplicate names.
 */
export function readArrowColumns(
  bytes: Uint8Array,
  context: ArrowContext,
): { nRows: number; columns: Column[] } {
  const table = decodeArrow(bytes, context);
  const columns = table.schema.fields.map(
    (field, index) => readColumn(field, table.getChildAt(index)!, context),
  );
  return { nRows: table.numRows, columns };
}
