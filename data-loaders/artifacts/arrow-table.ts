/**
 * Writes the engine's result tables as Arrow IPC files, the format every page reads.
 *
 * A result table is a list of plain row objects whose values are numbers, strings, booleans or
 * null. Column types are declared, never guessed from the first row: Float64 for numbers (NaN is
 * refused; "not estimable" is null), Utf8 for text, Bool for flags. Integers are written as
 * Float64 too, so pages never meet BigInt values (see test/fixtures/cases/21-*).
 */
import { Bool, Float64, Schema, Table, Utf8, Vector, tableToIPC, vectorFromArray } from "apache-arrow";

export type CellValue = number | string | boolean | null;
export type ColumnType = "number" | "string" | "boolean";
export type ResultRow = Record<string, CellValue>;

export interface ResultTable {
  /** File stem: the loader `src/data/<name>.arrow.ts` publishes it as `data/<name>.arrow`. */
  name: string;
  /** Column names in order, with their type. */
  columns: Record<string, ColumnType>;
  rows: ResultRow[];
  /** Shown on the page and kept in the Arrow schema metadata (seed, conventions). */
  metadata?: Record<string, string>;
}

const arrowTypes = { number: () => new Float64(), string: () => new Utf8(), boolean: () => new Bool() };

/** Encodes a result table as an Arrow IPC file (the random-access "file" format). */
export function resultTableToArrow(table: ResultTable): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const [column, type] of Object.entries(table.columns)) {
    const values = table.rows.map((row, index) => checkedCell(table, column, type, row[column], index));
    vectors[column] = vectorFromArray(values, arrowTypes[type]());
  }
  const plain = new Table(vectors);
  const metadata = new Map(Object.entries(table.metadata ?? {}));
  const withMetadata = new Table(new Schema(plain.schema.fields, metadata), plain.batches);
  return tableToIPC(withMetadata, "file");
}

function checkedCell(table: ResultTable, column: string, type: ColumnType, value: unknown, index: number): CellValue {
  if (value === null || value === undefined) return null;
  const ok =
    (type === "number" && typeof value === "number" && !Number.isNaN(value)) ||
    (type === "string" && typeof value === "string") ||
    (type === "boolean" && typeof value === "boolean");
  if (!ok) {
    throw new TypeError(
      `result table "${table.name}", column "${column}", row ${index + 1}: expected a ${type} or null, got ${String(value)}; a statistic that is not estimable must be null, not NaN`,
    );
  }
  return value as CellValue;
}
