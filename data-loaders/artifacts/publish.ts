/**
 * What a thin loader calls: make sure the results for the current study fingerprint exist
 * (computing them once if not) and write one table's Arrow bytes to stdout.
 */
import { existsSync } from "node:fs";
import { stderrLogger, type Logger } from "../log.ts";
import { ensureGeneratedData } from "../synthetic/ensure-generated.ts";
import { studyFingerprint } from "./fingerprint.ts";
import { readManifest, readResult, resultsDir, storeResults } from "./results-cache.ts";
import { cacheRoot, projectRoot, resolveStudyDir } from "./study-location.ts";

/** Computes (or finds) every result table for a study; returns the folder that holds them. */
export async function ensureResults(studyDir: string, logger: Logger = stderrLogger): Promise<string> {
  // A generated study makes its large files (images) on first use, before they are hashed.
  await ensureGeneratedData(studyDir, logger);
  const fingerprint = studyFingerprint(studyDir, projectRoot);
  const dir = resultsDir(cacheRoot, fingerprint.combined);
  if (existsSync(dir) && readManifest(dir)?.fingerprint === fingerprint.combined) return dir;
  const { runStudy } = await import("../pipeline/run-study.ts");
  const results = await runStudy(studyDir, { logger, fingerprint });
  storeResults(dir, fingerprint.combined, results);
  return dir;
}

/** Writes the named result table of the current study to stdout (the loader's output). */
export async function publishArtifact(name: string, kind: "arrow" | "json" = "arrow"): Promise<void> {
  // REPORT_RESULTS_DIR serves a results folder made elsewhere (page development, tests).
  const dir = process.env.REPORT_RESULTS_DIR ?? (await ensureResults(resolveStudyDir()));
  process.stdout.write(readResult(dir, name, kind));
}
