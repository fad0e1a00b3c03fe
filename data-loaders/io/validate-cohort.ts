/**
 * One pass over a cohort table that runs every input check in a fixed order and stops at the
 * first problem, so the build never starts computing on data that would fail halfway through.
 * It returns what the checks produced, so nothing is read or validated twice.
 */
import { InputError } from "../errors.ts";
import { type BinaryOutcome, binaryOutcome } from "./binary-outcome.ts";
import type { CohortTable } from "./cohort-table.ts";
import { textColumn } from "./column-access.ts";
import { deriveColumns } from "./derive-columns.ts";
import { type EncodedFeatures, encodeFeatures } from "./encode-features.ts";
import { type PredictionColumns, predictionColumns } from "./prediction-columns.ts";
import { pseudonymize } from "./pseudonymize.ts";
import { refuseMissingColumns } from "./study-columns.ts";
import type { CohortConfig, Study } from "./study-types.ts";
import { type SurvivalColumns, survivalColumns } from "./survival-columns.ts";

export interface ValidatedCohort {
  /** The table with the cohort's derived columns added. */
  table: CohortTable;
  /** Pseudonyms in table order, for anything published per patient (ids stay in `table` only). */
  pseudonyms: string[];
  outcome: BinaryOutcome;
  survival: SurvivalColumns | null;
  /** Encoded inputs of each model the engine runs, by model id. */
  features: Map<string, EncodedFeatures>;
  /** Stored predictions of each predictions-source model, by model id. */
  predictions: Map<string, PredictionColumns>;
  /** Each subgroup column's level per row (null = missing), by column name. */
  subgroups: Map<string, (string | null)[]>;
}

function refuseDuplicateIds(table: CohortTable): void {
  const ids = textColumn(table, table.idColumn, { purpose: "patient identifier" });
  const firstRow = new Map<string, number>();
  const rows: number[] = [];
  ids.forEach((id, i) => {
    const first = firstRow.get(id!);
    if (first === undefined) firstRow.set(id!, i + 1);
    else rows.push(first, i + 1);
  });
  if (rows.length === 0) return;
  const unique = [...new Set(rows)].sort((a, b) => a - b);
  throw new InputError({
    file: table.file,
    cohort: table.cohortId,
    column: table.idColumn,
    rows: unique,
    problem: "some patient identifiers occur more than once",
    fix: "keep one row per patient (one prediction and one outcome each); merge or remove the repeated rows",
  });
}

function refuseOneClass(table: CohortTable, cohort: CohortConfig, outcome: BinaryOutcome): void {
  if (outcome.nEvents > 0 && outcome.nEvents < outcome.nIncluded) return;
  const n = outcome.nIncluded;
  const which =
    n === 0
      ? "no patient has a known outcome"
      : outcome.nEvents === 0
        ? `none of the ${n} included patients is positive`
        : `all ${n} included patients are positive`;
  throw new InputError({
    file: table.file,
    cohort: cohort.id,
    problem: `the outcome has one class only: ${which}`,
    fix: "check the outcome column and its coding (and the horizon for time-based outcomes); discrimination and calibration need both positive and negative patients",
  });
}

function subgroupLevels(table: CohortTable, cohort: CohortConfig): Map<string, (string | null)[]> {
  const levels = new Map<string, (string | null)[]>();
  for (const subgroup of cohort.subgroups) {
    const purpose = `subgroup "${subgroup.label}"`;
    const values = textColumn(table, subgroup.column, { allowMissing: true, purpose });
    const undeclared = (value: string | null) => value !== null && !subgroup.levels.includes(value.trim());
    const rows = values.flatMap((value, i) => (undeclared(value) ? [i + 1] : []));
    if (rows.length > 0) {
      throw new InputError({
        file: table.file,
        cohort: cohort.id,
        column: subgroup.column,
        rows,
        problem: `subgroup "${subgroup.label}": ${rows.length} value${rows.length > 1 ? "s are" : " is"} not among the declared levels ${subgroup.levels.map((l) => `"${l}"`).join(", ")}`,
        fix: "add the missing level to the subgroup's levels in study.json, or correct the values",
      });
    }
    levels.set(subgroup.column, values.map((value) => value?.trim() ?? null));
  }
  return levels;
}

/**
 * Every input check for one cohort, on the table as readCohortTable returns it (derived columns
 * are added here), in this order: the table has rows; every column study.json
 * names exists (closest name suggested); derived columns; identifiers present and distinct
 * (rows listed, never ids); the binary outcome (0/1 or the declared coding, times ≥ 0) with both
 * classes present; survival time ≥ 0 and a valid event indicator; each model's inputs (no
 * missing or non-finite values) or stored predictions (within [0, 1], no NaN); subgroup values
 * within their declared levels.
 *
 * @throws InputError for the first failing check, naming file, column, cohort, rows and fix.
 * @example validateCohort(readCohortTable(study, gbsg), study, gbsg).outcome.nEvents // 285
 */
export function validateCohort(
  table: CohortTable,
  study: Study,
  cohort: CohortConfig,
): ValidatedCohort {
  if (table.nRows === 0) {
    throw new InputError({
      file: table.file,
      cohort: cohort.id,
      problem: "the table has no data rows",
      fix: "export the table again with one row per patient",
    });
  }
  refuseMissingColumns(study, cohort, table.columns.keys());
  const derived = deriveColumns(table, cohort);
  refuseDuplicateIds(derived);
  const outcome = binaryOutcome(derived, cohort);
  refuseOneClass(derived, cohort, outcome);
  const survival = cohort.survival === null ? null : survivalColumns(derived, cohort);
  const features = new Map<string, EncodedFeatures>();
  const predictions = new Map<string, PredictionColumns>();
  for (const model of study.models) {
    if (model.source.kind === "onnx") {
      features.set(model.id, encodeFeatures(derived, model, cohort));
    }
    else predictions.set(model.id, predictionColumns(derived, model));
  }
  const pseudonyms = pseudonymize(textColumn(derived, cohort.idColumn), cohort.id);
  const subgroups = subgroupLevels(derived, cohort);
  return { table: derived, pseudonyms, outcome, survival, features, predictions, subgroups };
}
