/**
 * Which table columns a study needs from each cohort, with the study.json key path that asks
 * for each one, so a misnamed column is reported where it can be fixed.
 */
import { InputError } from "../errors.ts";
import { didYouMean } from "./closest-name.ts";
import { STUDY_FILE } from "./config-reader.ts";
import { isDatedEndpoint } from "./survival-config.ts";
import type { CohortConfig, DeriveSpec, Study, SurvivalEndpointSpec } from "./study-types.ts";

export interface ColumnUse {
  column: string;
  /** Key path in study.json, e.g. cohorts[1].outcome.events[0].time. */
  path: string;
  /** Set for the sources of a derived column: the derived name. */
  derivedName?: string;
}

function deriveSources(spec: DeriveSpec): [string, string][] {
  if ("copy" in spec) return [["copy", spec.copy]];
  if ("cut" in spec) return [["cut", spec.cut]];
  return [["daysBetween.from", spec.daysBetween.from], ["daysBetween.to", spec.daysBetween.to]];
}

function endpointUses(endpoint: SurvivalEndpointSpec, at: string): ColumnUse[] {
  if (!isDatedEndpoint(endpoint)) {
    return [
      { column: endpoint.time, path: `${at}.time` },
      { column: endpoint.event, path: `${at}.event` },
    ];
  }
  return [
    { column: endpoint.start, path: `${at}.start` },
    ...endpoint.events.map((column, j) => ({ column, path: `${at}.events[${j}]` })),
    { column: endpoint.lastFollowUp, path: `${at}.lastFollowUp` },
  ];
}

/** Rows are chosen before anything else is read, so these columns come first. */
function selectionUses(cohort: CohortConfig, at: string): ColumnUse[] {
  const uses: ColumnUse[] = [];
  if (cohort.filter) uses.push({ column: cohort.filter.column, path: `${at}.filter.column` });
  cohort.eligibility.forEach((criterion, j) => {
    const one = criterion.columns.length === 1;
    criterion.columns.forEach((column, k) => {
      const key = one ? "column" : `columns[${k}]`;
      uses.push({ column, path: `${at}.eligibility[${j}].${key}` });
    });
  });
  return uses;
}

function cohortUses(cohort: CohortConfig, at: string): ColumnUse[] {
  const uses: ColumnUse[] = [
    { column: cohort.idColumn, path: `${at}.idColumn` },
    ...selectionUses(cohort, at),
  ];
  const outcome = cohort.outcome;
  if (outcome.kind === "binary") {
    uses.push({ column: outcome.column, path: `${at}.outcome.column` });
  }
  else {
    outcome.events.forEach((e, j) => {
      uses.push(
        { column: e.event, path: `${at}.outcome.events[${j}].event` },
        { column: e.time, path: `${at}.outcome.events[${j}].time` },
      );
    });
  }
  // A one-element list reads like the single-object form, so its paths are written that way.
  const endpoints = cohort.survivalEndpoints;
  endpoints.forEach((endpoint, k) => {
    const where = endpoints.length === 1 ? `${at}.survival` : `${at}.survival[${k}]`;
    uses.push(...endpointUses(endpoint, where));
  });
  cohort.subgroups.forEach(
    (s, j) => uses.push({ column: s.column, path: `${at}.subgroups[${j}].column` }),
  );
  cohort.identifierColumns.forEach(
    (column, j) => uses.push({ column, path: `${at}.identifierColumns[${j}]` }),
  );
  return uses;
}

/** Every column the study reads from this cohort, derived-column sources first. */
export function columnsUsedBy(study: Study, cohort: CohortConfig): ColumnUse[] {
  const at = `cohorts[${study.cohorts.indexOf(cohort)}]`;
  const uses: ColumnUse[] = Object.entries(cohort.derive).flatMap(([name, spec]) =>
    deriveSources(spec).map(([key, column]) => ({
      column,
      path: `${at}.derive.${name}.${key}`,
      derivedName: name,
    })),
  );
  uses.push(...cohortUses(cohort, at));
  study.models.forEach((model, m) => {
    const source = model.source;
    if (source.kind === "predictions") {
      uses.push(
        { column: source.probabilityColumn, path: `models[${m}].source.probabilityColumn` },
      );
      if (source.logitColumn) {
        uses.push({ column: source.logitColumn, path: `models[${m}].source.logitColumn` });
      }
    }
    model.features.forEach(
      (f, j) => uses.push({ column: f.column, path: `models[${m}].features[${j}].column` }),
    );
  });
  study.table1.forEach(
    (variable, j) => uses.push({ column: variable.column, path: `table1[${j}].column` }),
  );
  return uses;
}

/**
 * The columns whose values identify a patient and must never be published: the id column,
 * the declared identifierColumns, and every calendar-date column the config reads (daysBetween
 * sources and the start, event and last follow-up dates of dated survival endpoints), each
 * once, in that order.
 * @example identifyingColumns(ncc) // ["patient_id", "surgery_date", "death_date", …]
 */
export function identifyingColumns(cohort: CohortConfig): string[] {
  const dates = Object.values(cohort.derive).flatMap((spec) =>
    "daysBetween" in spec ? [spec.daysBetween.from, spec.daysBetween.to] : [],
  );
  for (const endpoint of cohort.survivalEndpoints) {
    if (isDatedEndpoint(endpoint)) {
      dates.push(endpoint.start, ...endpoint.events, endpoint.lastFollowUp);
    }
  }
  return [...new Set([cohort.idColumn, ...cohort.identifierColumns, ...dates])];
}

/**
 * Checks that every column the study names exists in the cohort's table (or is derived before
 * it is used) and that no derived name shadows a table column.
 *
 * @throws InputError naming study.json, the key path, the table file and the closest column name.
 */
export function refuseMissingColumns(
  study: Study,
  cohort: CohortConfig,
  tableColumns: Iterable<string>,
): void {
  const available = new Set(tableColumns);
  const derivedAt = (name: string) => `cohorts[${study.cohorts.indexOf(cohort)}].derive.${name}`;
  for (const name of Object.keys(cohort.derive)) {
    if (available.has(name)) {
      throw new InputError({
        file: STUDY_FILE,
        cohort: cohort.id,
        column: name,
        problem: `${derivedAt(name)} would replace a column that ${cohort.table} already has`,
        fix: "give the derived column a new name, or drop the column from the table",
      });
    }
  }
  const derivedNames = new Set(Object.keys(cohort.derive));
  const derivedSoFar = new Set<string>();
  for (const use of columnsUsedBy(study, cohort)) {
    const derived = use.derivedName === undefined ? derivedNames : derivedSoFar;
    if (!available.has(use.column) && !derived.has(use.column)) {
      const candidates = [...available, ...derived];
      throw new InputError({
        file: STUDY_FILE,
        cohort: cohort.id,
        column: use.column,
        problem: `${use.path} names a column that ${cohort.table} does not have${didYouMean(use.column, candidates)}`,
        fix: `correct the name in study.json or in the table (the table has: ${[...available].slice(0, 12).join(", ")}${available.size > 12 ? ", …" : ""})`,
      });
    }
    if (use.derivedName !== undefined) derivedSoFar.add(use.derivedName);
  }
}
