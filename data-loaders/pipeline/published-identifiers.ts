/**
 * The strings that must never appear in the published site: every distinctive value of each
 * cohort's id column and every value of the columns study.json declares as identifying (names,
 * record numbers, calendar dates). An id is distinctive when it has six characters or more, or
 * four or more with a letter: shorter numeric ids ("132", "1575") occur by chance inside
 * hashes and numbers of any site, so they cannot be searched for and are protected by
 * pseudonymisation alone.
 */
import { readCohortTable } from "../io/cohort-table.ts";
import { identifyingColumns } from "../io/study-columns.ts";
import { loadStudy } from "../io/study-config.ts";

export function publishedIdentifiers(studyDir: string): string[] {
  const study = loadStudy(studyDir);
  const found = new Set<string>();
  for (const cohort of study.cohorts) {
    const table = readCohortTable(study, cohort);
    const identifying = identifyingColumns(cohort);
    for (const name of identifying) {
      for (const value of table.columns.get(name)?.values ?? []) {
        const text = value === null || value === undefined ? "" : String(value);
        if (name === cohort.idColumn ? isDistinctive(text) : text.length > 0) found.add(text);
      }
    }
  }
  return [...found];
}

function isDistinctive(id: string): boolean {
  return id.length >= 6 || (id.length >= 4 && /[A-Za-z]/.test(id));
}
