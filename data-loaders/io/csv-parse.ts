/**
 * A strict RFC 4180 reader: comma-separated, fields optionally in double quotes (a quote inside
 * written as ""), records ending in CRLF, LF or CR, a header record first. Nothing is typed
 * here: every field comes back as the text written in the file, so "00123" stays "00123" and
 * "TRUE" stays "TRUE"; the typed accessors decide what a value means.
 */
import { InputError } from "../errors.ts";

export interface CsvRecords {
  header: string[];
  /** Data records as text, in file order; row r (1-based) is rows[r - 1]. */
  rows: string[][];
}

interface Where {
  file: string;
  cohort?: string;
}

function recordName(index: number): string {
  return index === 0 ? "the header" : `data row ${index}`;
}

function readQuoted(
  text: string,
  start: number,
  record: number,
  where: Where,
): { field: string; end: number } {
  const parts: string[] = [];
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) {
      throw new InputError({
        ...where,
        problem: `a quoted field opened in ${recordName(record)} is never closed`,
        fix: 'close the field with a double quote, and write a quote inside a field as two quotes ("")',
      });
    }
    parts.push(text.slice(from, quote));
    if (text[quote + 1] !== '"') return { field: parts.join('"'), end: quote + 1 };
    from = quote + 2;
  }
}

function isRecordEnd(text: string, i: number): boolean {
  return i >= text.length || text[i] === "\n" || text[i] === "\r";
}

/** Reads one record starting at `start`; returns its fields and where the next record starts. */
function readRecord(
  text: string,
  start: number,
  record: number,
  where: Where,
): { fields: string[]; next: number } {
  const fields: string[] = [];
  let i = start;
  for (;;) {
    if (text[i] === '"') {
      const { field, end } = readQuoted(text, i, record, where);
      if (!isRecordEnd(text, end) && text[end] !== ",") {
        throw new InputError({
          ...where,
          problem: `${recordName(record)} has text after the closing quote of field ${fields.length + 1}`,
          fix: "quote the whole field, or remove the characters after the closing quote",
        });
      }
      fields.push(field);
      i = end;
    } else {
      let j = i;
      while (!isRecordEnd(text, j) && text[j] !== ",") j++;
      const field = text.slice(i, j);
      if (field.includes('"')) {
        throw new InputError({
          ...where,
          problem: `${recordName(record)} has a double quote inside unquoted field ${fields.length + 1}`,
          fix: 'put the field in double quotes and write the inner quote as ""',
        });
      }
      fields.push(field);
      i = j;
    }
    if (text[i] !== ",") break;
    i++;
  }
  if (text[i] === "\r") i++;
  if (text[i] === "\n") i++;
  return { fields, next: i };
}

/** The text after an optional byte-order mark; refuses a file with nothing in it. */
function withoutByteOrderMark(text: string, where: Where): string {
  const body = text.startsWith("\uFEFF") ? text.slice(1) : text;
  if (body.trim() === "") {
    throw new InputError({
      ...where,
      problem: "the file is empty (no header row)",
      fix: "export the table with a header row naming each column, then one row per patient",
    });
  }
  return body;
}

/**
 * Splits CSV text into a header and data records. A leading byte-order mark is dropped; blank
 * lines at the end of the file are ignored; a blank line elsewhere is a record with one empty
 * field, refused as a short row when the table has more than one column.
 *
 * @throws InputError for an empty file, a file separated by ';' or tabs, an unclosed quote, a
 *   stray quote, or records whose field count differs from the header's (rows listed).
 */
export function parseCsv(text: string, where: Where): CsvRecords {
  const body = withoutByteOrderMark(text, where);
  const records: string[][] = [];
  for (let i = 0; i < body.length; ) {
    const { fields, next } = readRecord(body, i, records.length, where);
    records.push(fields);
    i = next;
  }
  const isBlank = (record: string[]) => record.length === 1 && record[0] === "";
  while (records.length > 1 && isBlank(records.at(-1)!)) records.pop();
  const [header, ...rows] = records;
  const otherSeparator = [";", "\t"].find((s) => header.length === 1 && header[0].includes(s));
  if (otherSeparator !== undefined) {
    const name = otherSeparator === ";" ? "semicolons" : "tabs";
    throw new InputError({
      ...where,
      problem: `the header is a single field containing ${name}, so the file seems to be separated by ${name}, not commas`,
      fix: "save the table as comma-separated values (CSV with ',' between fields)",
    });
  }
  const badRows: number[] = [];
  rows.forEach((row, r) => row.length !== header.length && badRows.push(r + 1));
  if (badRows.length > 0) {
    const example = rows[badRows[0] - 1].length;
    throw new InputError({
      ...where,
      problem: `${badRows.length} data row${badRows.length > 1 ? "s have" : " has"} a different number of fields than the header's ${header.length} (the first has ${example})`,
      rows: badRows,
      fix: "quote fields that contain commas, remove stray separators, and make every row have one field per column",
    });
  }
  return { header, rows };
}

/**
 * The header record alone, for checking a study's column names without reading every row.
 * @throws InputError for an empty file or a malformed header.
 */
export function parseCsvHeader(text: string, where: Where): string[] {
  const body = withoutByteOrderMark(text, where);
  return readRecord(body, 0, 0, where).fields;
}
