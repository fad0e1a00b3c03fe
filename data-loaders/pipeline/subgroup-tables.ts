/**
 * AUC with DeLong 95% CI in each level of each configured subgroup variable, every level kept
 * (an empty or one-class level is reported as not estimable, never dropped). In publication
 * mode, levels with fewer patients than the configured minimum show no numbers. Each variable
 * also gets Cochran's Q test of heterogeneity of the AUC across its levels (exploratory).
 */
import type { ResultRow, ResultTable } from "../artifacts/arrow-table.ts";
import { aucHeterogeneity } from "../stats/auc-heterogeneity.ts";
import { subgroupAuc } from "../stats/subgroup-auc.ts";
import { keys, type ScoredCohort } from "./scored-cohort.ts";

function rows(s: ScoredCohort, minimumCellCount: number): ResultRow[] {
  return s.cohort.subgroups.flatMap((spec) => {
    const levels = s.subgroupLevels.get(spec.column) ?? [];
    return subgroupAuc(s.score, s.outcome, levels, s.direction, { levelOrder: spec.levels })
      .filter((row) => !row.isOverall)
      .map((row) => {
        const suppressed = row.n > 0 && row.n < minimumCellCount;
        return {
          ...keys(s), variable: spec.column, variableLabel: spec.label, level: row.level ?? "missing",
          n: suppressed ? null : row.n, events: suppressed ? null : row.events,
          auc: suppressed ? null : row.auc, ciLower: suppressed ? null : row.ciLower, ciUpper: suppressed ? null : row.ciUpper,
          notEstimableReason: suppressed ? `fewer than ${minimumCellCount} patients (suppressed)` : row.notEstimableReason,
          suppressed,
        };
      });
  });
}

function heterogeneityRows(s: ScoredCohort): ResultRow[] {
  return s.cohort.subgroups.map((spec) => {
    const levels = s.subgroupLevels.get(spec.column) ?? [];
    const perLevel = subgroupAuc(s.score, s.outcome, levels, s.direction, { levelOrder: spec.levels }).filter((row) => !row.isOverall);
    const test = aucHeterogeneity(perLevel);
    return {
      ...keys(s), variable: spec.column, variableLabel: spec.label, q: test.q, df: test.df, pValue: test.pValue,
      levelsUsed: test.levelsUsed, levelsLeftOut: test.levelsLeftOut, notEstimableReason: test.notEstimableReason,
    };
  });
}

export function subgroupTables(scored: readonly ScoredCohort[], minimumCellCount: number): ResultTable[] {
  return [
    {
      name: "subgroups",
      columns: {
        modelId: "string", cohortId: "string", variable: "string", variableLabel: "string", level: "string", n: "number",
        events: "number", auc: "number", ciLower: "number", ciUpper: "number", notEstimableReason: "string", suppressed: "boolean",
      },
      rows: scored.flatMap((s) => rows(s, minimumCellCount)),
    },
    {
      name: "subgroup-heterogeneity",
      columns: {
        modelId: "string", cohortId: "string", variable: "string", variableLabel: "string", q: "number", df: "number",
        pValue: "number", levelsUsed: "number", levelsLeftOut: "number", notEstimableReason: "string",
      },
      rows: scored.flatMap(heterogeneityRows),
    },
  ];
}
