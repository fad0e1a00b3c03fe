/**
 * Builds the static report: `npm run build [-- --study DIR] [-- --out DIR]`.
 *
 * 1. Computes every result table for the study (or reuses them when the study fingerprint is
 *    unchanged), stopping on the first input error.
 * 2. Writes exactly those entries of Framework's loader cache whose content no longer matches,
 *    because `observable build` never re-runs a loader that has cached output.
 * 3. Runs `observable build` into a temporary folder, checks what it wrote (no external hosts,
 *    no identifiers) and only then replaces the output folder. On any failure the output
 *    folder is removed, so nothing half-written or stale is left to publish.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ensureResults } from "../data-loaders/artifacts/publish.ts";
import { readManifest } from "../data-loaders/artifacts/results-cache.ts";
import { checkPublishedSite } from "../data-loaders/artifacts/site-check.ts";
import { projectRoot, resolveStudyDir } from "../data-loaders/artifacts/study-location.ts";
import { stderrLogger } from "../data-loaders/log.ts";
import { publishedIdentifiers } from "../data-loaders/pipeline/published-identifiers.ts";

const frameworkCache = join(projectRoot, "src", ".observablehq", "cache", "data");

/**
 * Brings Framework's loader cache in line with the fresh results: every table whose cached copy
 * is missing or differs is written there (atomically), and entries the results no longer hold
 * are removed. Framework then serves exactly the fresh bytes without spawning one loader
 * process per table; the loaders still serve `observable preview`.
 */
function syncFrameworkCache(resultsDirectory: string): string[] {
  const manifest = readManifest(resultsDirectory);
  if (!manifest) return [];
  mkdirSync(frameworkCache, { recursive: true });
  const fresh = [...manifest.tables.map((t) => `${t}.arrow`), ...manifest.documents.map((d) => `${d}.json`)];
  const changed: string[] = [];
  for (const file of fresh) {
    const bytes = readFileSync(join(resultsDirectory, file));
    const cached = join(frameworkCache, file);
    if (existsSync(cached) && readFileSync(cached).equals(bytes)) continue;
    writeFileSync(`${cached}.${process.pid}`, bytes);
    renameSync(`${cached}.${process.pid}`, cached);
    changed.push(file.replace(/\.(arrow|json)$/, ""));
  }
  for (const file of readdirSync(frameworkCache)) {
    if (/\.(arrow|json)$/.test(file) && !fresh.includes(file)) rmSync(join(frameworkCache, file));
  }
  return changed;
}

const { values } = parseArgs({
  options: { study: { type: "string" }, out: { type: "string" }, preview: { type: "boolean" } },
});
const outDir = resolve(values.out ?? join(projectRoot, "dist"));
// This build's own temporary folder; a concurrent build has another (the pid differs).
const staging = `${outDir}.building-${process.pid}`;

async function main(): Promise<void> {
  const studyDir = resolveStudyDir(values.study ?? process.env.STUDY_DIR);
  process.env.STUDY_DIR = studyDir;
  process.env.ORT_DISABLE_TELEMETRY = "1";
  process.env.OBSERVABLE_TELEMETRY_DISABLE = "true";

  const started = Date.now();
  const results = await ensureResults(studyDir, stderrLogger);
  const refreshed = syncFrameworkCache(results);
  stderrLogger.info(
    `results ready in ${((Date.now() - started) / 1000).toFixed(1)} s` +
      (refreshed.length > 0 ? `; cached pages data refreshed: ${refreshed.join(", ")}` : ""),
  );

  const framework = join(projectRoot, "node_modules", ".bin", "observable");
  if (values.preview) {
    spawnSync(framework, ["preview"], { stdio: "inherit", cwd: projectRoot, env: process.env });
    return;
  }
  rmSync(staging, { recursive: true, force: true });
  const build = spawnSync(framework, ["build"], {
    stdio: "inherit",
    cwd: projectRoot,
    env: { ...process.env, REPORT_OUTPUT: staging },
  });
  if (build.status !== 0) throw new Error(`observable build failed (exit ${build.status ?? build.signal})`);
  checkPublishedSite(staging, publishedIdentifiers(studyDir));
  rmSync(outDir, { recursive: true, force: true });
  renameSync(staging, outDir);
  stderrLogger.info(`report written to ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

main().catch((error: unknown) => {
  rmSync(staging, { recursive: true, force: true });
  rmSync(outDir, { recursive: true, force: true });
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`\nbuild stopped: ${message}\nNothing was published (${outDir} removed).\n`);
  process.exitCode = 1;
});
