/**
 * The second path users have: predictions made elsewhere, given as a column of each cohort
 * table. The engine runs no model, locks thresholds on the development predictions and
 * computes every table; a missing prediction is left out of every statistic and counted.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { resultTableToArrow } from "../../data-loaders/artifacts/arrow-table.ts";
import { studyFingerprint } from "../../data-loaders/artifacts/fingerprint.ts";
import { memoryLogger } from "../../data-loaders/log.ts";
import { runStudy } from "../../data-loaders/pipeline/run-study.ts";
import { editCsv, predictionsStudy, runScript } from "../site/study-fixture.ts";

const root = join(import.meta.dirname, "..", "..");

test("a predictions-only study locks, builds every table, and excludes and counts a missing prediction", async () => {
  const { work, study } = predictionsStudy();
  try {
    const lock = runScript("scripts/lock.ts", ["--study", study, "--reason", "test"]);
    assert.equal(lock.status, 0, lock.log);
    editCsv(join(study, "data", "ext.csv"), (header, rows) => void (rows[4][header.indexOf("p")] = ""));
    const logger = memoryLogger();
    const results = await runStudy(study, { logger, fingerprint: studyFingerprint(study, root) });
    const table = (name: string) => results.tables.find((t) => t.name === name)!.rows;
    const ext = table("auc").find((r) => r.cohortId === "ext")!;
    assert.equal(ext.n, 39, "one of 40 patients has no prediction");
    assert.ok((ext.auc as number) > 0.5 && (ext.auc as number) <= 1);
    assert.equal(table("cohorts").find((r) => r.cohortId === "ext")!.excludedMissingPrediction, 1);
    const counts = table("threshold-counts").find((r) => r.cohortId === "ext")!;
    assert.equal(counts.n, 39, "every statistic uses the same 39 patients");
    assert.ok(logger.lines.some((line) => /no prediction for 1 of 40 patients/.test(line)));
    assert.equal(table("models")[0].sourceKind, "predictions");
    // Every table is publishable: the missing prediction is a null, never a NaN (case 04 B).
    for (const t of results.tables) assert.ok(resultTableToArrow(t).byteLength > 0, t.name);
    const missing = table("predictions").filter((r) => r.cohortId === "ext" && r.probability === null);
    assert.equal(missing.length, 1);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
