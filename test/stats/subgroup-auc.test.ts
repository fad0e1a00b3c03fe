import { test } from "node:test";
import assert from "node:assert/strict";
import { subgroupAuc, type SubgroupAucRow } from "../../data-loaders/stats/subgroup-auc.ts";
import { assertClose } from "../assert-close.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";

const EXACT = 1e-12;
const reference = loadReference("subgroups");
const cohort = loadReferenceCsv("gbsg_validation").filter((row) => row.y !== "");
const y = cohort.map((row) => Number(row.y));
const VARIABLES = ["meno", "grade", "hormon", "size_category", "nodes_group"];

interface ReferenceRow {
  variable: string;
  level: string;
  n: number;
  n_events: number;
  n_non_events: number;
  auc: number | "NA";
  delong_variance?: number;
  delong_ci95?: { lower: number; upper: number };
}

function assertMatchesReference(actual: SubgroupAucRow, expected: ReferenceRow, label: string) {
  assert.equal(actual.n, expected.n, `${label} n`);
  assert.equal(actual.events, expected.n_events, `${label} events`);
  assert.equal(actual.nonEvents, expected.n_non_events, `${label} non-events`);
  assertClose(actual.auc, expected.auc, EXACT, `${label} auc`);
  if (expected.auc === "NA") return;
  assertClose(actual.variance, expected.delong_variance!, EXACT, `${label} variance`);
  assertClose(actual.standardError, Math.sqrt(expected.delong_variance!), EXACT, `${label} se`);
  assertClose(actual.ciLower, expected.delong_ci95!.lower, EXACT, `${label} ciLower`);
  assertClose(actual.ciUpper, expected.delong_ci95!.upper, EXACT, `${label} ciUpper`);
}

// The reference ranks p = 1/(1 + e^-lp); lp is the score column we use. Both orders must agree.
for (const column of ["lp", "p"]) {
  const scores = cohort.map((row) => Number(row[column]));
  for (const variable of VARIABLES) {
    test(`GBSG by ${variable} (score ${column}): n, events, AUC and DeLong CI per level equal pROC's`, () => {
      const expected: ReferenceRow[] = reference.rows.filter((r: ReferenceRow) => r.variable === variable);
      const levels = cohort.map((row) => row[variable]);
      const rows = subgroupAuc(scores, y, levels, "<", { levelOrder: expected.map((r) => r.level) });
      assert.equal(rows.length, expected.length + 1);
      assertMatchesReference(rows[0], reference.rows[0], `${variable} overall`);
      assert.ok(rows[0].isOverall);
      expected.forEach((want, i) => {
        assert.equal(rows[i + 1].level, want.level);
        assertMatchesReference(rows[i + 1], want, `${variable} = ${want.level}`);
      });
    });
  }
}

test("GBSG nodes_group 0 has no patients: kept with n = 0 and a reason, not dropped", () => {
  const scores = cohort.map((row) => Number(row.lp));
  const rows = subgroupAuc(scores, y, cohort.map((row) => row.nodes_group), "<", { levelOrder: ["0", "1-3", "4+"] });
  const empty = rows.find((row) => row.level === "0")!;
  assert.deepEqual(
    [empty.n, empty.events, empty.nonEvents, empty.auc, empty.ciLower, empty.notEstimableReason],
    [0, 0, 0, null, null, "no patients"],
  );
});

test("a one-class level keeps its row with a reason; levels not in levelOrder follow in data order", () => {
  const rows = subgroupAuc(
    [0.9, 0.8, 0.2, 0.6, 0.4, 0.3, 0.1, 0.7],
    [1, 1, 0, 1, 0, 1, 0, 0],
    ["A", "A", "B", "B", "B", "B", "C", "D"],
    "<",
    { levelOrder: ["B", "A"] },
  );
  assert.deepEqual(rows.map((r) => r.level), [null, "B", "A", "C", "D"]);
  assert.equal(rows[2].auc, null);
  assert.equal(rows[2].notEstimableReason, "no non-events (outcome 0)");
  assert.equal(rows[3].notEstimableReason, "no events (outcome 1)");
  assert.equal(rows[1].auc, 3 / 4);
});

test("rows with a missing level count in the overall row and get their own row (level null)", () => {
  const rows = subgroupAuc([0.1, 0.9, 0.4, 0.6], [0, 1, 0, 1], ["A", "A", null, null], "<");
  assert.deepEqual(rows.map((r) => [r.level, r.isOverall, r.n]), [[null, true, 4], ["A", false, 2], [null, false, 2]]);
});

test("a level with a single event has an AUC but no DeLong CI, and says why", () => {
  const [, row] = subgroupAuc([0.1, 0.5, 0.9], [0, 0, 1], ["A", "A", "A"], "<");
  assert.equal(row.auc, 1);
  assert.equal(row.ciLower, null);
  assert.match(row.notEstimableReason ?? "", /at least 2 cases/);
});

test("all scores tied within a level: AUC 1/2, CI (1/2, 1/2)", () => {
  const [, row] = subgroupAuc([3, 3, 3, 3], [0, 1, 0, 1], ["A", "A", "A", "A"], "<");
  assert.deepEqual([row.auc, row.ciLower, row.ciUpper], [0.5, 0.5, 0.5]);
});

test("empty input: an overall row with n = 0 and the listed levels, all not estimable", () => {
  const rows = subgroupAuc([], [], [], "<", { levelOrder: ["A"] });
  assert.deepEqual(rows.map((r) => [r.level, r.n, r.auc, r.notEstimableReason]), [[null, 0, null, "no patients"], ["A", 0, null, "no patients"]]);
});

test("the direction is the caller's in every level, never re-picked (a reversed level shows AUC < 1/2)", () => {
  const rows = subgroupAuc([0.9, 0.1, 0.1, 0.9], [1, 0, 1, 0], ["A", "A", "B", "B"], "<");
  assert.equal(rows[2].auc, 0);
});

test("NaN scores, levels of the wrong length and unknown directions are refused", () => {
  assert.throws(() => subgroupAuc([NaN, 0.2], [0, 1], ["A", "A"], "<"), /not finite/);
  assert.throws(() => subgroupAuc([0.1, 0.2], [0, 1], ["A"], "<"), /differ in length/);
  assert.throws(() => subgroupAuc([0.1, 0.2], [0, 1], ["A", "A"], "?" as "<"), /direction/);
});
