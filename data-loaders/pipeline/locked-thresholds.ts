/**
 * Applies the threshold lock at build time. The lock is read and checked against the study as
 * it is now (model files, the development table, the rules), then the thresholds are chosen
 * again on the development cohort with the current engine and must come out identical: a
 * difference means the numbers behind the lock moved, and the build stops. External cohorts are
 * never passed to this module.
 */
import { join } from "node:path";
import { sha256OfFile } from "../artifacts/fingerprint.ts";
import { InputError } from "../errors.ts";
import type { Study } from "../io/study-types.ts";
import { chooseThreshold, type ChosenThreshold } from "../locks/choose-thresholds.ts";
import { readLock, relockHint, verifyLock, type CurrentState, type LockedFile, type ThresholdLock } from "../locks/threshold-lock.ts";
import type { PreparedCohort } from "./prepare-cohorts.ts";

/** The model whose probabilities the thresholds apply to: the primary one. */
export function thresholdModelId(study: Study): string {
  return (study.models.find((m) => m.primary) ?? study.models[0]).id;
}

/** Hashes of the files the lock protects, as they are now. */
export function currentLockState(study: Study): CurrentState {
  if (!study.thresholds) throw new Error("the study defines no thresholds");
  const chooseOn = study.cohorts.find((c) => c.id === study.thresholds!.chooseOn)!;
  const models: LockedFile[] = study.models.map((model) =>
    model.source.kind === "predictions"
      ? { id: model.id, file: `${chooseOn.table} (column ${model.source.probabilityColumn})`, sha256: sha256OfFile(join(study.dir, chooseOn.table)) }
      : { id: model.id, file: model.source.file, sha256: sha256OfFile(join(study.dir, model.source.file)) },
  );
  return {
    models,
    chosenOn: { id: chooseOn.id, file: chooseOn.table, sha256: sha256OfFile(join(study.dir, chooseOn.table)) },
    rules: study.thresholds.rules.map((rule) => ({ ...rule })),
    thresholdModelId: thresholdModelId(study),
  };
}

/** Chooses every configured threshold on the development cohort (used to lock and to verify). */
export function chooseThresholds(study: Study, development: PreparedCohort): ChosenThreshold[] {
  const modelId = thresholdModelId(study);
  const predictions = development.predictions.find((p) => p.model.id === modelId)!;
  const included = Array.from(development.outcome.outcome.keys()).filter((i) => development.outcome.outcome[i] !== -1);
  const probability = included.map((i) => predictions.probability[i]);
  const outcome = included.map((i) => development.outcome.outcome[i]);
  return study.thresholds!.rules.map((rule) => chooseThreshold(probability, outcome, rule));
}

/** Reads and verifies the lock; returns the locked thresholds and the lock itself. */
export function lockedThresholds(study: Study, development: PreparedCohort): { lock: ThresholdLock; thresholds: ChosenThreshold[] } {
  const lockPath = join(study.dir, study.thresholds!.lockFile);
  const lock = readLock(lockPath, join(study.dir, "study.json"));
  verifyLock(lock, currentLockState(study), study.thresholds!.lockFile);
  const again = chooseThresholds(study, development);
  for (const locked of lock.thresholds) {
    const now = again.find((t) => t.id === locked.id);
    if (!now || now.probability !== locked.probability) {
      throw new InputError({
        file: study.thresholds!.lockFile,
        cohort: development.cohort.id,
        problem: `threshold "${locked.id}" was locked at ${locked.probability} but the same rule on the same development data now gives ${now?.probability}; the engine or the model's predictions changed`,
        fix: `find what changed the development predictions; ${relockHint}`,
      });
    }
  }
  return { lock, thresholds: lock.thresholds };
}
