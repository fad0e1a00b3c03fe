/**
 * The strings that must never appear in the published site: every value of each cohort's id
 * column (when at least four characters long, so that short numeric ids do not match ordinary
 * numbers in the site's code) and every value of the columns study.json declares as
 * identifying (names, record numbers, calendar dates).
 */
import { readCohortTable } from "../io/cohort-table.ts";
import { loadStudy } from "../io/study-config.ts";

export function publishedIdentifiers(studyDir: string): string[] {
  const study = loadStudy(studyDir);
  const found = new Set<string>();
  for (const cohort of study.cohorts) {
    const table = readCohortTable(study, cohort);
    const identifying = [cohort.idColumn, ...((cohort as { identifierColumns?: string[] }).identifierColumns ?? [])];
    for (const name of identifying) {
      for (const value of table.columns.get(name)?.values ?? []) {
        const text = value === null || value === undefined ? "" : String(value);
        if (text.length >= 4 || (name !== cohort.idColumn && text.length > 0)) found.add(text);
      }
    }
  }
  return [...found];
}
