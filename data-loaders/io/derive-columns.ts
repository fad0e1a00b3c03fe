/**
 * Columns computed from others before the table is used, as a cohort's `derive` block says:
 * a renamed copy, numbers grouped into labelled intervals, or days between two dates. This is
 * how two cohorts that recorded the same thing differently (tumour size as a category in one
 * and in millimetres in the other) are put on one footing without editing the source tables.
 */
import { InputError } from "../errors.ts";
import type { CellValue, CohortTable, Column } from "./cohort-table.ts";
import { dateColumn, numericColumn, requireColumn } from "./column-access.ts";
import type { CohortConfig, DeriveSpec } from "./study-types.ts";

/**
 * The label of the right-closed interval holding `value`: (−∞, b1] → labels[0],
 * (b1, b2] → labels[1], …, (bk, ∞) → labels[k], as R's
 * cut(x, c(-Inf, breaks, Inf), right = TRUE).
 * @example cutLabel(20, [20, 50], ["<=20", "20-50", ">50"]) // "<=20"
 */
export function cutLabel(
  value: number,
  breaks: readonly number[],
  labels: readonly string[],
): string {
  let interval = 0;
  while (interval < breaks.length && value > breaks[interval]) interval++;
  return labels[interval];
}

function derive(table: CohortTable, name: string, spec: DeriveSpec): Column {
  const purpose = `derived column "${name}"`;
  if ("copy" in spec) {
    const source = requireColumn(table, spec.copy, purpose);
    return { name, type: source.type, values: source.values };
  }
  if ("cut" in spec) {
    const numbers = numericColumn(table, spec.cut, { allowMissing: true, purpose });
    const values = Array.from(
      numbers,
      (x): CellValue => (Number.isNaN(x) ? null : cutLabel(x, spec.breaks, spec.labels)),
    );
    return { name, type: "text", values };
  }
  const from = dateColumn(table, spec.daysBetween.from, { allowMissing: true, purpose });
  const to = dateColumn(table, spec.daysBetween.to, { allowMissing: true, purpose });
  const values = Array.from(
    to,
    (end, i): CellValue => (Number.isNaN(end) || Number.isNaN(from[i]) ? null : end - from[i]),
  );
  return { name, type: "number", values };
}

/**
 * A new table with the cohort's derived columns added, in the order study.json lists them (a
 * rule may use a column derived before it). Missing source values give missing derived values;
 * whoever reads the derived column decides whether missing is allowed.
 *
 * @throws InputError when a derived name already exists in the table, or a source column is
 *   missing or holds values its rule cannot read (text in a cut, a malformed date).
 * @example deriveColumns(table, cohort).columns.get("size_category")?.values[0] // "<=20"
 */
export function deriveColumns(table: CohortTable, cohort: CohortConfig): CohortTable {
  const columns = new Map(table.columns);
  for (const [name, spec] of Object.entries(cohort.derive)) {
    if (columns.has(name)) {
      throw new InputError({
        file: table.file,
        cohort: table.cohortId,
        column: name,
        problem: "a derived column has the name of a column the table already has",
        fix: `rename it in the "derive" block of cohort "${cohort.id}" in study.json, or drop the column from the table`,
      });
    }
    columns.set(name, derive({ ...table, columns }, name, spec));
  }
  return { ...table, columns };
}
