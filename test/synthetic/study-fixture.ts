/**
 * Reading a generated demo study back the way a user would: the CSV tables through the
 * engine's CSV reader, the eligibility rules restated here from STUDY.md (not imported from the
 * generator, so the tests check the generator against the protocol, not against itself).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCsv } from "../../data-loaders/io/csv-parse.ts";

export type Row = Record<string, string>;

export function readTable(studyDir: string, centre: string): Row[] {
  const file = join(studyDir, "data", `${centre}.csv`);
  const { header, rows } = parseCsv(readFileSync(file, "utf8"), { file });
  return rows.map((cells) => Object.fromEntries(header.map((name, i) => [name, cells[i]])));
}

const NSCLC = [
  "adenocarcinoma",
  "squamous cell carcinoma",
  "large cell carcinoma",
  "adenosquamous carcinoma",
  "NSCLC not otherwise specified",
];

/** The protocol's exclusion reasons in protocol order, each as a check of one CSV row. */
export const PROTOCOL: [string, (row: Row) => boolean][] = [
  ["age-under-18", (r) => Number(r.age) < 18],
  ["histology-not-nsclc", (r) => !NSCLC.includes(r.histology)],
  ["sequence-missing", (r) => r.t1ce_available !== "1" || r.flair_available !== "1"],
  ["non-diagnostic-quality", (r) => r.image_quality !== "diagnostic"],
  ["driver-result-missing", (r) => r.egfr === "missing" || r.alk === "missing"],
  ["prior-intracranial-therapy", (r) => r.prior_intracranial_therapy === "1"],
];

export function reasonsFailed(row: Row): string[] {
  return PROTOCOL.filter(([, fails]) => fails(row)).map(([reason]) => reason);
}

export const isEligible = (row: Row) => reasonsFailed(row).length === 0;
