/**
 * External cohorts never choose anything: locking the same study with entirely different
 * external data gives the same thresholds, and the lock command scores only the development
 * cohort named in study.json (the others are only checked to exist, with study.json).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { copyEmbeddedStudy, editCsv, runScript } from "../site/study-fixture.ts";

const lockedThresholds = (study: string) =>
  JSON.parse(readFileSync(join(study, "thresholds.lock.json"), "utf8")).thresholds;

test("swapping in different external data cannot change a locked threshold", () => {
  const { work, study } = copyEmbeddedStudy();
  try {
    const first = runScript("scripts/lock.ts", ["--study", study, "--reason", "first"]);
    assert.equal(first.status, 0, first.log);
    const before = lockedThresholds(study);

    // Every external patient gets the opposite outcome and the extreme opposite covariates.
    editCsv(join(study, "data", "gbsg.csv"), (header, rows) => {
      const at = (name: string) => header.indexOf(name);
      for (const row of rows) {
        row[at("status")] = row[at("status")] === "1" ? "0" : "1";
        row[at("nodes")] = String(50 - Number(row[at("nodes")]) % 50);
      }
    });
    const second = runScript("scripts/lock.ts", ["--study", study, "--reason", "second"]);
    assert.equal(second.status, 0, second.log);
    assert.deepEqual(lockedThresholds(study), before);
    assert.doesNotMatch(second.log, /gbsg/, "the lock command scores only the development cohort");

    const lock = JSON.parse(readFileSync(join(study, "thresholds.lock.json"), "utf8"));
    assert.deepEqual(lock.history.map((h: { reason: string }) => h.reason).slice(-1), ["first"]);
    assert.equal(lock.reason, "second");
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
