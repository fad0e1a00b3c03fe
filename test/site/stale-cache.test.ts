/**
 * Framework reuses a loader's cached output even when what the loader read has changed
 * (test/fixtures/cases/25-*). The build must notice a changed study table, model or engine
 * source and recompute; an unchanged rebuild must reuse the results.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { studyFingerprint } from "../../data-loaders/artifacts/fingerprint.ts";

const projectRoot = join(import.meta.dirname, "..", "..");
const embeddedStudy = join(projectRoot, "studies", "gbsg-external-validation");

function build(studyDir: string, outDir: string) {
  const run = spawnSync("npx", ["tsx", "scripts/build.ts", "--study", studyDir, "--out", outDir], { cwd: projectRoot, encoding: "utf8" });
  return { status: run.status, log: run.stderr };
}

/** The GBSG row of the published AUC table, read back from the built site's Arrow file. */
function publishedGbsgAuc(outDir: string): { n: number; auc: number } {
  const folder = join(outDir, "_file", "data");
  const file = readdirSync(folder).find((f) => /^auc\.[0-9a-f]+\.arrow$/.test(f));
  assert.ok(file, "the site publishes data/auc.arrow");
  const row = tableFromIPC(readFileSync(join(folder, file))).toArray().map((r) => r.toJSON()).find((r) => r.cohortId === "gbsg");
  return { n: row.n, auc: row.auc };
}

test("a changed external table is recomputed on the next build; an unchanged rebuild reuses the results", () => {
  const work = mkdtempSync(join(tmpdir(), "stale-cache-"));
  const study = join(work, "study");
  cpSync(embeddedStudy, study, { recursive: true });
  try {
    const first = build(study, join(work, "dist"));
    assert.equal(first.status, 0, first.log.slice(-3000));
    const before = publishedGbsgAuc(join(work, "dist"));
    assert.equal(before.n, 406);

    const again = build(study, join(work, "dist"));
    assert.equal(again.status, 0, again.log.slice(-3000));
    assert.doesNotMatch(again.log, /engine finished/, "an unchanged rebuild must not recompute");
    assert.deepEqual(publishedGbsgAuc(join(work, "dist")), before);

    // Drop the last 100 GBSG patients: the external table changed, so must the report.
    const csv = join(study, "data", "gbsg.csv");
    const lines = readFileSync(csv, "utf8").trimEnd().split("\n");
    writeFileSync(csv, `${lines.slice(0, lines.length - 100).join("\n")}\n`);
    const changed = build(study, join(work, "dist"));
    assert.equal(changed.status, 0, changed.log.slice(-3000));
    assert.match(changed.log, /engine finished/);
    const after = publishedGbsgAuc(join(work, "dist"));
    assert.ok(after.n < 406, `n after the change is ${after.n}`);
    assert.notEqual(after.auc, before.auc);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test("the fingerprint follows the study's files, the engine's source and the lock file of dependencies", () => {
  const work = mkdtempSync(join(tmpdir(), "fingerprint-"));
  try {
    const study = join(work, "study");
    const project = join(work, "project");
    mkdirSync(join(study, "model"), { recursive: true });
    mkdirSync(join(project, "data-loaders", "stats"), { recursive: true });
    writeFileSync(join(study, "study.json"), "{}");
    writeFileSync(join(study, "model", "m.onnx"), "model v1");
    writeFileSync(join(project, "data-loaders", "stats", "auc.ts"), "export const v = 1;");
    writeFileSync(join(project, "package-lock.json"), "{}");
    const base = studyFingerprint(study, project);
    assert.deepEqual(studyFingerprint(study, project), base, "stable when nothing changes");

    writeFileSync(join(study, "model", "m.onnx"), "model v2");
    const model = studyFingerprint(study, project);
    assert.notEqual(model.study, base.study);
    assert.equal(model.engine, base.engine);

    writeFileSync(join(project, "data-loaders", "stats", "auc.ts"), "export const v = 2;");
    const engine = studyFingerprint(study, project);
    assert.notEqual(engine.engine, model.engine);
    assert.notEqual(engine.combined, model.combined);

    writeFileSync(join(project, "package-lock.json"), '{"v":2}');
    assert.notEqual(studyFingerprint(study, project).engine, engine.engine);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
