import { test } from "node:test";
import assert from "node:assert/strict";
import { InputError } from "../../data-loaders/errors.ts";
import { parseCsv, parseCsvHeader } from "../../data-loaders/io/csv-parse.ts";

const where = { file: "data/t.csv", cohort: "demo" };

/** Asserts an InputError whose message contains every fragment. */
function refuses(run: () => unknown, ...fragments: (string | RegExp)[]): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InputError, `expected InputError, got ${error}`);
    for (const f of fragments) assert.match(error.message, typeof f === "string" ? new RegExp(f.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : f);
    return true;
  });
}

test("RFC 4180: quoted fields keep commas, doubled quotes and line breaks as text", () => {
  const text = 'id,note,p\n"001","a, b",0.5\n002,"say ""hi""",0.25\n003,"two\nlines",1\n';
  const { header, rows } = parseCsv(text, where);
  assert.deepEqual(header, ["id", "note", "p"]);
  assert.deepEqual(rows, [["001", "a, b", "0.5"], ["002", 'say "hi"', "0.25"], ["003", "two\nlines", "1"]]);
});

test("a byte-order mark is dropped and CRLF, LF and CR all end a record", () => {
  const crlf = parseCsv("\uFEFFid,y\r\n1,0\r\n2,1\r\n", where);
  assert.deepEqual(crlf.header, ["id", "y"]);
  assert.deepEqual(crlf.rows, [["1", "0"], ["2", "1"]]);
  assert.deepEqual(parseCsv("id,y\r1,0\r2,1", where).rows, crlf.rows);
});

test("trailing blank lines are ignored; a missing final newline is fine; empty fields stay empty text", () => {
  assert.deepEqual(parseCsv("id,y\n1,\n\n\n", where).rows, [["1", ""]]);
  assert.deepEqual(parseCsv("id,y\n1,0", where).rows, [["1", "0"]]);
  assert.deepEqual(parseCsv('id,y\n"",""\n', where).rows, [["", ""]]);
});

test("a header with no data rows parses to zero rows (the table reader refuses it)", () => {
  assert.deepEqual(parseCsv("id,y\n", where), { header: ["id", "y"], rows: [] });
});

test("an empty file or one holding only a byte-order mark and spaces is refused", () => {
  refuses(() => parseCsv("", where), "data/t.csv", 'cohort "demo"', "empty", "Fix:");
  refuses(() => parseCsv("\uFEFF \n", where), "empty");
});

test("rows with a different field count are refused with their 1-based data row numbers", () => {
  refuses(() => parseCsv("id,y\n1,0\n2,1,extra\n3\n4,1\n", where), "2 data rows have a different number of fields than the header's 2", "(rows 2, 3)", "quote fields that contain commas");
});

test("an interior blank line is a short row and is refused, not skipped", () => {
  refuses(() => parseCsv("id,y\n1,0\n\n2,1\n", where), "(row 2)");
});

test("an unclosed quote names the data row where it opened", () => {
  refuses(() => parseCsv('id,y\n1,0\n2,"1\n3,0\n', where), "a quoted field opened in data row 2 is never closed");
});

test("a quote inside an unquoted field and text after a closing quote are refused", () => {
  refuses(() => parseCsv('id,y\n1,ab"c\n', where), 'data row 1 has a double quote inside unquoted field 2');
  refuses(() => parseCsv('id,y\n1,"ab"c\n', where), "data row 1 has text after the closing quote of field 2");
});

test("a file separated by semicolons or tabs is recognised and refused with the separator named", () => {
  refuses(() => parseCsv("id;y\n1;0\n", where), "separated by semicolons", "comma-separated");
  refuses(() => parseCsv("id\ty\n1\t0\n", where), "separated by tabs");
});

test("parseCsvHeader reads only the header record, quoted or not", () => {
  assert.deepEqual(parseCsvHeader('"id","index_date"\r\n"00123",2021-03-01\r\n', where), ["id", "index_date"]);
  refuses(() => parseCsvHeader("", where), "empty");
});
