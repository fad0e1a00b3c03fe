import { test } from "node:test";
import assert from "node:assert/strict";
import { pseudonymize } from "../../data-loaders/io/pseudonymize.ts";

test("pseudonyms are <cohort>-NNNN in table order, four digits at least", () => {
  assert.deepEqual(pseudonymize(["00123", "00124", "00125"], "gbsg"), ["gbsg-0001", "gbsg-0002", "gbsg-0003"]);
});

test("pseudonyms depend only on the number and order of rows, never on the identifier text", () => {
  const a = pseudonymize(["MRN-1", "MRN-2"], "anhui");
  const b = pseudonymize(["X", "Y"], "anhui");
  assert.deepEqual(a, b);
  for (const pseudonym of a) assert.ok(!pseudonym.includes("MRN"));
});

test("width grows past 9999 rows so pseudonyms stay distinct and sortable", () => {
  const many = pseudonymize(new Array(12_345).fill(""), "c");
  assert.equal(many[0], "c-00001");
  assert.equal(many[12_344], "c-12345");
  assert.equal(new Set(many).size, 12_345);
});

test("an empty cohort gives no pseudonyms; an empty cohort id is refused", () => {
  assert.deepEqual(pseudonymize([], "gbsg"), []);
  assert.throws(() => pseudonymize(["1"], ""), RangeError);
});
