/**
 * The engine's results cache: one folder per study fingerprint under `.cache/report/`, holding
 * every result table as `<name>.arrow` and a manifest. A folder is complete or absent: it is
 * written under a temporary name and renamed, so a failed or interrupted computation never
 * leaves half a report to be published later.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { resultTableToArrow, type ResultTable } from "./arrow-table.ts";

export interface ResultsManifest {
  fingerprint: string;
  tables: string[];
  documents: string[];
  createdAt: string;
}

/** Everything one computation produces: Arrow tables and small JSON documents. */
export interface StudyResults {
  tables: ResultTable[];
  documents: Record<string, unknown>;
}

export function resultsDir(cacheRoot: string, fingerprint: string): string {
  return join(cacheRoot, "report", fingerprint);
}

export function readManifest(dir: string): ResultsManifest | null {
  const path = join(dir, "manifest.json");
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as ResultsManifest) : null;
}

/** Writes all tables of one computation, atomically. */
export function storeResults(dir: string, fingerprint: string, results: StudyResults): void {
  const { tables, documents } = results;
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const table of tables) writeFileSync(join(staging, `${table.name}.arrow`), resultTableToArrow(table));
  for (const [name, content] of Object.entries(documents)) {
    writeFileSync(join(staging, `${name}.json`), `${JSON.stringify(content, null, 2)}\n`);
  }
  const manifest: ResultsManifest = {
    fingerprint,
    tables: tables.map((t) => t.name),
    documents: Object.keys(documents),
    createdAt: new Date().toISOString(),
  };
  writeFileSync(join(staging, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
}

/** The bytes of one stored table (`kind` "arrow") or document (`kind` "json"). */
export function readResult(dir: string, name: string, kind: "arrow" | "json" = "arrow"): Uint8Array {
  const manifest = readManifest(dir);
  const names = kind === "arrow" ? manifest?.tables : manifest?.documents;
  if (!names || !names.includes(name)) {
    throw new Error(`the results in ${dir} hold no ${kind} "${name}"; run the build again (npm run build)`);
  }
  return readFileSync(join(dir, `${name}.${kind}`));
}
