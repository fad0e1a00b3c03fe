/**
 * Which table columns a study needs from each cohort, with the study.json key path that asks
 * for each one, so a misnamed column is reported where it can be fixed.
 */
import { InputError } from "../errors.ts";
import { didYouMean } from "./closest-name.ts";
import { STUDY_FILE } from "./config-reader.ts";
import type { CohortConfig, DeriveSpec, Study } from "./study-types.ts";

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

function cohortUses(cohort: CohortConfig, at: string): ColumnUse[] {
  const uses: ColumnUse[] = [{ column: cohort.idColumn, path: `${at}.idColumn` }];
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
  if (cohort.survival) {
    uses.push(
      { column: cohort.survival.time, path: `${at}.survival.time` },
      { column: cohort.survival.event, path: `${at}.survival.event` },
    );
  }
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
  return uses;
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
