import { test } from "node:test";
import assert from "node:assert/strict";
import { closestName, didYouMean, editDistance } from "../../data-loaders/io/closest-name.ts";

test("editDistance counts insertions, deletions and substitutions, ignoring case", () => {
  assert.equal(editDistance("rfstime", "rfs_time"), 1);
  assert.equal(editDistance("Status", "status"), 0);
  assert.equal(editDistance("", "abc"), 3);
  assert.equal(editDistance("kitten", "sitting"), 3);
});

test("closestName suggests typos and shortened names, and nothing for unrelated names", () => {
  assert.equal(closestName("rfs_time", ["pid", "rfstime", "status"]), "rfstime");
  assert.equal(closestName("external", ["development", "internal-validation", "external-test"]), "external-test");
  assert.equal(closestName("cap", ["name", "capAt", "transform"]), "capAt");
  assert.equal(closestName("zzz", ["pid", "rfstime"]), undefined);
  assert.equal(closestName("x", []), undefined);
});

test("didYouMean formats the suggestion for a message, or says nothing", () => {
  assert.equal(didYouMean("idColum", ["id", "idColumn"]), ' (did you mean "idColumn"?)');
  assert.equal(didYouMean("qqq", ["id"]), "");
});
