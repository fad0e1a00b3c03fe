/**
 * Holm's adjustment and the AUC heterogeneity test against R (golden values printed by
 * test/golden/r/holm-heterogeneity.R, kept in holm-heterogeneity.json beside it).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { aucHeterogeneity } from "../../data-loaders/stats/auc-heterogeneity.ts";
import { holmAdjust } from "../../data-loaders/stats/holm.ts";
import { subgroupAuc } from "../../data-loaders/stats/subgroup-auc.ts";
import { assertAllClose, assertClose, CLOSED_FORM } from "../assert-close.ts";
import { loadReferenceCsv } from "../golden/reference/load.ts";

const golden = JSON.parse(readFileSync(join(import.meta.dirname, "..", "golden", "r", "holm-heterogeneity.json"), "utf8"));

test("Holm's adjustment equals R's p.adjust(method = 'holm'), ties included", () => {
  assertAllClose(holmAdjust(golden.holm.p) as number[], golden.holm.adjusted, 1e-15, "Holm");
});

test("AUC heterogeneity (Cochran's Q over DeLong variances) equals R on every GBSG subgroup variable", () => {
  const rows = loadReferenceCsv("gbsg_validation").filter((r) => r.y !== "");
  const lp = rows.map((r) => Number(r.lp));
  const y = rows.map((r) => Number(r.y));
  for (const expected of golden.heterogeneity) {
    const levels = rows.map((r) => r[expected.variable]);
    const perLevel = subgroupAuc(lp, y, levels, "<").filter((row) => !row.isOverall);
    const result = aucHeterogeneity(perLevel);
    assert.equal(result.levelsUsed, expected.levels_used, expected.variable);
    assert.equal(result.df, expected.df);
    assertClose(result.q, expected.q, CLOSED_FORM, `${expected.variable} Q`);
    assertClose(result.pValue, expected.p_value, CLOSED_FORM, `${expected.variable} p`);
  }
});
