/**
 * Which rows of a table are the cohort's eligible patients, and the counts of the flow diagram
 * (STARD/TRIPOD style): rows in the file, rows of this cohort (its `filter`), then each
 * exclusion criterion in protocol order, each row counted once under the first criterion it
 * fails, and the eligible rows that every later check and statistic uses.
 */
import type { CellValue, CohortTable } from "./cohort-table.ts";
import { selectRows } from "./cohort-table.ts";
import { cellNumber, cellText, numericColumn, requireColumn, textColumn } from "./column-access.ts";
import type {
  CohortConfig,
  CohortFilter,
  EligibilityCriterion,
  EligibilityRule,
} from "./study-types.ts";

export interface ExclusionCount {
  reason: string;
  count: number;
}

export interface CohortFlow {
  /** Data rows in the table file. */
  tableRows: number;
  /** Rows the cohort's filter leaves out (rows of other cohorts sharing the file). */
  notInCohort: number;
  inCohort: number;
  /** Every criterion in protocol order, zero counts kept. */
  excluded: ExclusionCount[];
  eligible: number;
}

export interface CohortSelection {
  /** The eligible rows, with the file's row numbers kept. */
  table: CohortTable;
  flow: CohortFlow;
}

/** Numbers compare as numbers ("3.0" equals 3); text compares after trimming spaces. */
function matches(value: CellValue, wanted: string | number): boolean {
  if (typeof wanted === "number") return cellNumber(value) === wanted;
  return cellText(value)?.trim() === wanted;
}

function filterPositions(table: CohortTable, filter: CohortFilter | null): number[] {
  const all = Array.from({ length: table.nRows }, (_, index) => index);
  if (filter === null) return all;
  const column = requireColumn(table, filter.column, "cohort filter");
  return all.filter((index) => matches(column.values[index], filter.equals));
}

function comparesNumbers(rule: EligibilityRule): boolean {
  if (rule.atLeast !== undefined || rule.atMost !== undefined) return true;
  const values = [rule.equals, ...(rule.in ?? []), ...(rule.notIn ?? [])];
  return values.some((value) => typeof value === "number");
}

/** A missing value can only be eligible under a rule that says what it must not be. */
function missingPasses(rule: EligibilityRule): boolean {
  const positive = [rule.atLeast, rule.atMost, rule.equals, rule.in, rule.notMissing];
  return positive.every((condition) => condition === undefined);
}

function valuePasses(value: string | number, rule: EligibilityRule): boolean {
  if (rule.atLeast !== undefined && !((value as number) >= rule.atLeast)) return false;
  if (rule.atMost !== undefined && !((value as number) <= rule.atMost)) return false;
  if (rule.equals !== undefined && value !== rule.equals) return false;
  if (rule.in !== undefined && !rule.in.includes(value)) return false;
  return rule.notIn === undefined || !rule.notIn.includes(value);
}

function columnPasses(
  table: CohortTable,
  column: string,
  criterion: EligibilityCriterion,
): boolean[] {
  const { rule } = criterion;
  const purpose = `eligibility "${criterion.reason}"`;
  if (comparesNumbers(rule)) {
    const numbers = numericColumn(table, column, { allowMissing: true, purpose });
    return Array.from(numbers, (x) =>
      Number.isNaN(x) ? missingPasses(rule) : valuePasses(x, rule),
    );
  }
  const texts = textColumn(table, column, { allowMissing: true, purpose });
  return texts.map((text) =>
    text === null ? missingPasses(rule) : valuePasses(text.trim(), rule),
  );
}

/**
 * For each row of `table`, whether it meets the criterion: every listed column must pass.
 * @throws InputError when a column the rule compares as numbers holds text, NaN or infinity.
 * @example meetsCriterion(table, { reason: "Age under 18", columns: ["age"], rule: { atLeast: 18 } })
 * // [true, false, true] for ages 45, 17 and 18
 */
export function meetsCriterion(table: CohortTable, criterion: EligibilityCriterion): boolean[] {
  const meets = new Array<boolean>(table.nRows).fill(true);
  for (const column of criterion.columns) {
    columnPasses(table, column, criterion).forEach((passes, i) => {
      if (!passes) meets[i] = false;
    });
  }
  return meets;
}

/**
 * The cohort's eligible rows and its flow counts. First the filter keeps the rows whose
 * column equals the filter's value (missing values do not match); then each eligibility
 * criterion, in the order study.json lists them, removes the rows that fail it and counts them
 * under its reason, so a row failing several criteria is counted once, under the first. Each
 * criterion reads only the rows still in play, so a value that cannot be read in a row already
 * excluded does not stop the build. A cohort without filter and eligibility gets its table
 * back unchanged.
 *
 * Rules: a rule states what an eligible value looks like (atLeast, atMost, equals, in, notIn,
 * notMissing; all stated conditions must hold). A missing value passes only a rule made of
 * notIn alone. Numbers compare as numbers (so "3.0" equals 3 and TRUE is 1), text after
 * trimming spaces, case-sensitively.
 *
 * @throws InputError naming the file, column, cohort and file row numbers when a filter or
 *   criterion column is missing, or a column compared as numbers holds text, NaN or infinity.
 * @example applyCohortSelection(table, cohort).flow
 * // { tableRows: 6, notInCohort: 2, inCohort: 4,
 * //   excluded: [{ reason: "Age under 18", count: 1 }], eligible: 3 }
 */
export function applyCohortSelection(table: CohortTable, cohort: CohortConfig): CohortSelection {
  const filter = cohort.filter ?? null;
  const criteria = cohort.eligibility ?? [];
  let positions = filterPositions(table, filter);
  const flow: CohortFlow = {
    tableRows: table.nRows,
    notInCohort: table.nRows - positions.length,
    inCohort: positions.length,
    excluded: [],
    eligible: 0,
  };
  for (const criterion of criteria) {
    const meets = meetsCriterion(selectRows(table, positions), criterion);
    const kept = positions.filter((_, i) => meets[i]);
    flow.excluded.push({ reason: criterion.reason, count: positions.length - kept.length });
    positions = kept;
  }
  flow.eligible = positions.length;
  const unchanged = filter === null && criteria.length === 0;
  return { table: unchanged ? table : selectRows(table, positions), flow };
}
