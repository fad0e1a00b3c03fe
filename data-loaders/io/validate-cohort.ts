/**
 * One pass over a cohort table that runs every input check in a fixed order and stops at the
 * first problem, so the build never starts computing on data that would fail halfway through.
 * It returns what the checks produced, so nothing is read or validated twice.
 */
import { InputError } from "../errors.ts";
import { type BinaryOutcome, binaryOutcome } from "./binary-outcome.ts";
import { type CohortFlow, applyCohortSelection } from "./cohort-selection.ts";
import { type CohortTable, rowNumber } from "./cohort-table.ts";
import { textColumn } from "./column-access.ts";
import { deriveColumns } from "./derive-columns.ts";
import { type EncodedFeatures, encodeFeatures } from "./encode-features.ts";
import { type PatientImages, imagePaths } from "./image-paths.ts";
import { type PredictionColumns, predictionColumns } from "./prediction-columns.ts";
import { pseudonymize } from "./pseudonymize.ts";
import { refuseMissingColumns } from "./study-columns.ts";
import type { CohortConfig, Study } from "./study-types.ts";
import type { SurvivalColumns } from "./survival-columns.ts";
import { type SurvivalEndpoint, survivalEndpoints } from "./survival-endpoints.ts";
import { type Table1Row, table1Rows } from "./table1.ts";

export interface ValidatedCohort {
  /**
   * The cohort's eligible rows with its derived columns added; `rowNumbers` gives each row's
   * place in the file. Every other field is in this table's row order.
   */
  table: CohortTable;
  /** Rows in the file, in the cohort (filter), excluded per reason, eligible. */
  flow: CohortFlow;
  /** Pseudonyms in table order, for anything published per patient (ids stay in `table` only). */
  pseudonyms: string[];
  outcome: BinaryOutcome;
  /** The first survival endpoint (as cohort.survival), or null. */
  survival: SurvivalColumns | null;
  /** Every survival endpoint, in study.json order. */
  survivalEndpoints: SurvivalEndpoint[];
  /** Table 1 of the eligible patients, one entry per variable of study.table1. */
  table1: Table1Row[];
  /** Each eligible patient's image files, when the cohort declares images; else null. */
  images: PatientImages[] | null;
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
    if (first === undefined) firstRow.set(id!, rowNumber(table, i));
    else rows.push(first, rowNumber(table, i));
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
    const rows = values.flatMap((value, i) => (undeclared(value) ? [rowNumber(table, i)] : []));
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

function refuseEmptySelection(table: CohortTable, cohort: CohortConfig, flow: CohortFlow): void {
  if (flow.inCohort === 0 && cohort.filter !== null) {
    throw new InputError({
      file: table.file,
      cohort: cohort.id,
      column: cohort.filter.column,
      problem: `no row of the table has the cohort's filter value ${JSON.stringify(cohort.filter.equals)}`,
      fix: "correct the filter's column or value in study.json (text is compared exactly, case included, after trimming spaces)",
    });
  }
  if (flow.eligible > 0) return;
  const counts = flow.excluded.filter((e) => e.count > 0).map((e) => `${e.reason}: ${e.count}`);
  throw new InputError({
    file: table.file,
    cohort: cohort.id,
    problem: `none of the ${flow.inCohort} patients of the cohort is eligible (${counts.join("; ")})`,
    fix: "check the eligibility rules in study.json (each states what an eligible value looks like) and the columns they read",
  });
}

/** Each model's encoded inputs or stored predictions; image models are read from images. */
function modelInputs(table: CohortTable, study: Study, cohort: CohortConfig) {
  const features = new Map<string, EncodedFeatures>();
  const predictions = new Map<string, PredictionColumns>();
  for (const model of study.models) {
    if (model.source.kind === "onnx") features.set(model.id, encodeFeatures(table, model, cohort));
    else if (model.source.kind === "predictions") {
      predictions.set(model.id, predictionColumns(table, model));
    }
  }
  return { features, predictions };
}

/**
 * Every input check for one cohort, on the table as readCohortTable returns it, in this order:
 * the table has rows; every column study.json names exists (closest name suggested); derived
 * columns are added; the cohort's rows are selected (filter, then eligibility criteria in
 * protocol order, see applyCohortSelection) and at least one is eligible; then, on the
 * eligible rows only: identifiers present and distinct (rows listed, never ids); the binary
 * outcome (0/1 or the declared coding, times ≥ 0) with both classes present; each survival
 * endpoint (time ≥ 0 and a valid event indicator, or dates with the data cut-off); each
 * model's inputs (no missing or non-finite values) or stored predictions (within [0, 1], no
 * NaN); subgroup values within their declared levels; Table 1 values within their levels; each
 * patient's image files. Row numbers in every message are the file's.
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
  const selection = applyCohortSelection(deriveColumns(table, cohort), cohort);
  refuseEmptySelection(table, cohort, selection.flow);
  const eligible = selection.table;
  refuseDuplicateIds(eligible);
  const outcome = binaryOutcome(eligible, cohort);
  refuseOneClass(eligible, cohort, outcome);
  const endpoints = survivalEndpoints(eligible, cohort, study);
  const first = endpoints[0];
  const survival = first === undefined ? null : { time: first.time, event: first.event };
  const { features, predictions } = modelInputs(eligible, study, cohort);
  const pseudonyms = pseudonymize(textColumn(eligible, cohort.idColumn), cohort.id);
  const subgroups = subgroupLevels(eligible, cohort);
  const table1 = table1Rows(eligible, study, cohort);
  const images = cohort.images === null ? null : imagePaths(study, cohort, eligible);
  return {
    table: eligible,
    flow: selection.flow,
    pseudonyms,
    outcome,
    survival,
    survivalEndpoints: endpoints,
    table1,
    images,
    features,
    predictions,
    subgroups,
  };
}
