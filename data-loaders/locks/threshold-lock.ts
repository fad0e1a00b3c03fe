/**
 * The lock file: what was fixed before any external cohort was looked at.
 *
 * It records the SHA-256 of every model file, the development table the thresholds were chosen
 * on, the rules from study.json and the chosen thresholds, with who locked them, when and why.
 * Every build checks the study against it and stops on any difference, naming what changed and
 * the command that re-locks deliberately (`npm run lock -- --reason "…"`), which keeps the
 * previous entries in `history`.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { InputError } from "../errors.ts";
import type { ChosenThreshold, ThresholdRule } from "./choose-thresholds.ts";

export interface LockedFile {
  id: string;
  file: string;
  sha256: string;
}

export interface LockEntry {
  lockedAt: string;
  lockedBy: string;
  reason: string;
}

export interface ThresholdLock extends LockEntry {
  schema: "threshold-lock/1";
  models: LockedFile[];
  /** The model whose probabilities the thresholds apply to. */
  thresholdModelId: string;
  chosenOn: LockedFile;
  rules: ThresholdRule[];
  thresholds: ChosenThreshold[];
  history: LockEntry[];
}

export const relockHint = 'if the change is deliberate, re-lock with `npm run lock -- --study <study folder> --reason "why"` (it records who, when and why in the lock file)';

export function readLock(path: string, studyFile: string): ThresholdLock {
  if (!existsSync(path)) {
    throw new InputError({
      file: studyFile,
      problem: `the threshold lock file ${path} does not exist, so nothing has been locked yet`,
      fix: 'lock the models and thresholds on the development data first: npm run lock -- --reason "initial lock"',
    });
  }
  const lock = JSON.parse(readFileSync(path, "utf8")) as ThresholdLock;
  if (lock.schema !== "threshold-lock/1") {
    throw new InputError({ file: path, problem: `unknown lock format "${lock.schema}"`, fix: relockHint });
  }
  return lock;
}

export function writeLock(path: string, lock: ThresholdLock): void {
  const staging = `${path}.partial`;
  writeFileSync(staging, `${JSON.stringify(lock, null, 2)}\n`);
  renameSync(staging, path);
}

/** What the build sees now, to compare with the lock. */
export interface CurrentState {
  models: LockedFile[];
  chosenOn: LockedFile;
  rules: ThresholdRule[];
  thresholdModelId: string;
}

/**
 * Throws InputError naming the first difference between the study as it is now and its lock:
 * a model file's hash, a model added or removed, the development table, the rules.
 */
export function verifyLock(lock: ThresholdLock, now: CurrentState, lockFile: string): void {
  const short = (hash: string) => hash.slice(0, 12);
  if (lock.chosenOn.id !== now.chosenOn.id || lock.chosenOn.sha256 !== now.chosenOn.sha256) {
    throw new InputError({
      file: now.chosenOn.file,
      cohort: now.chosenOn.id,
      problem: `the development data the thresholds were chosen on changed after locking (locked ${lock.chosenOn.id} ${short(lock.chosenOn.sha256)}…, now ${now.chosenOn.id} ${short(now.chosenOn.sha256)}…)`,
      fix: `restore the locked table, or ${relockHint}`,
    });
  }
  for (const model of now.models) {
    const locked = lock.models.find((m) => m.id === model.id);
    if (!locked) {
      throw new InputError({ file: lockFile, problem: `model "${model.id}" (${model.file}) is not in the lock`, fix: relockHint });
    }
    if (locked.sha256 !== model.sha256) {
      throw new InputError({
        file: model.file,
        problem: `model "${model.id}" changed after locking: SHA-256 was ${short(locked.sha256)}…, is now ${short(model.sha256)}…`,
        fix: `restore the locked model file, or ${relockHint}`,
      });
    }
  }
  const removed = lock.models.filter((m) => !now.models.some((n) => n.id === m.id));
  if (removed.length > 0) {
    throw new InputError({ file: lockFile, problem: `locked model "${removed[0].id}" is no longer in study.json`, fix: relockHint });
  }
  if (!isDeepStrictEqual(lock.rules, now.rules) || lock.thresholdModelId !== now.thresholdModelId) {
    throw new InputError({
      file: lockFile,
      problem: "the threshold rules (or the model they apply to) in study.json differ from the locked ones",
      fix: `put the locked rules back in study.json, or ${relockHint}`,
    });
  }
}
