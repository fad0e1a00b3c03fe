/**
 * Locks a study's models and thresholds on its development data, deliberately:
 *   npm run lock -- --reason "why" [--by "who"] [--study DIR]
 *
 * Records the SHA-256 of every model file and of the development table, the rules from
 * study.json and the thresholds they give, with who, when and why; a previous lock is kept in
 * `history`. Only the cohort named in `thresholds.chooseOn` is read: external cohorts cannot
 * influence a locked threshold.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { resolveStudyDir } from "../data-loaders/artifacts/study-location.ts";
import { loadStudy } from "../data-loaders/io/study-config.ts";
import { stderrLogger } from "../data-loaders/log.ts";
import { readLock, writeLock, type ThresholdLock } from "../data-loaders/locks/threshold-lock.ts";
import { chooseThresholds, currentLockState } from "../data-loaders/pipeline/locked-thresholds.ts";
import { prepareCohort } from "../data-loaders/pipeline/prepare-cohorts.ts";

function whoIsLocking(given: string | undefined): string {
  if (given) return given;
  try {
    return execFileSync("git", ["config", "user.name"], { encoding: "utf8" }).trim() || process.env.USER || "unknown";
  } catch {
    return process.env.USER ?? "unknown";
  }
}

/**
 * study.json declares each ONNX model's SHA-256; a deliberate re-lock updates those values in
 * place (only the hash strings change, the rest of the file is kept as written).
 */
function recordModelHashesInStudyFile(studyDir: string, models: readonly { id: string; sha256: string }[]): void {
  const file = join(studyDir, "study.json");
  let text = readFileSync(file, "utf8");
  const config = JSON.parse(text) as { models: { id: string; source: { kind: string; sha256?: string } }[] };
  for (const model of config.models) {
    const now = models.find((m) => m.id === model.id)?.sha256;
    if (model.source.kind === "predictions" || !now || model.source.sha256 === now) continue;
    text = text.replace(`"${model.source.sha256}"`, `"${now}"`);
    stderrLogger.info(`study.json: model ${model.id} SHA-256 updated to ${now}`);
  }
  writeFileSync(file, text);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { reason: { type: "string" }, by: { type: "string" }, study: { type: "string" } } });
  if (!values.reason || values.reason.trim().length < 3) {
    throw new Error('say why you lock, in at least three characters: npm run lock -- --study <study folder> --reason "initial lock before external validation"');
  }
  const study = loadStudy(resolveStudyDir(values.study));
  if (!study.thresholds) throw new Error("study.json defines no thresholds to lock (key \"thresholds\")");
  const development = study.cohorts.find((c) => c.id === study.thresholds!.chooseOn)!;
  const prepared = await prepareCohort(study, development, stderrLogger);
  const thresholds = chooseThresholds(study, prepared);
  const path = join(study.dir, study.thresholds.lockFile);
  const previous = existsSync(path) ? readLock(path, join(study.dir, "study.json")) : null;
  const state = currentLockState(study);
  const lock: ThresholdLock = {
    schema: "threshold-lock/1",
    lockedAt: new Date().toISOString(),
    lockedBy: whoIsLocking(values.by),
    reason: values.reason.trim(),
    models: state.models,
    thresholdModelId: state.thresholdModelId,
    chosenOn: state.chosenOn,
    rules: state.rules,
    thresholds,
    history: previous ? [...previous.history, { lockedAt: previous.lockedAt, lockedBy: previous.lockedBy, reason: previous.reason }] : [],
  };
  writeLock(path, lock);
  recordModelHashesInStudyFile(study.dir, state.models);
  for (const t of thresholds) {
    stderrLogger.info(`locked ${t.id}: probability >= ${t.probability} (sensitivity ${t.sensitivity.toFixed(3)}, specificity ${t.specificity.toFixed(3)} on ${development.id})`);
  }
  stderrLogger.info(`lock written to ${path}`);
}

main().catch((error: unknown) => {
  process.stderr.write(`lock stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
