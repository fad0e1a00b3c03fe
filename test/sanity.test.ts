import { test } from "node:test";
import assert from "node:assert/strict";
import { loadReference } from "./golden/reference/load.ts";

test("the R reference set is present and names its versions", () => {
  const roc = loadReference("roc");
  assert.equal(roc.meta.n, 113);
  assert.match(roc.meta.versions.R, /^R version 4\.2\.2/);
});
