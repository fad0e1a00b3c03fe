/**
 * No stale numbers. Framework reuses a loader's cached output even when what the loader read
 * has changed (test/fixtures/cases/25-*). The build fingerprints every input (study tables,
 * models, lock file, config, the engine's own source) and recomputes when one changes; Framework
 * cache entries are replaced exactly when their content changed. The matrix changes one kind of
 * input at a time and reads the numbers back from the built Arrow files.
 *
 * The project is copied to a temporary folder (node_modules linked) so that an engine edit and
 * Framework's cache stay private to the test.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tableFromIPC } from "apache-arrow";
import { studyFingerprint } from "../../data-loaders/artifacts/fingerprint.ts";
import { editCsv, editJson, embeddedStudy, projectRoot } from "./study-fixture.ts";

let work = "";
let project = "";
let study = "";
let out = "";

before(() => {
  work = mkdtempSync(join(tmpdir(), "stale-matrix-"));
  project = join(work, "project");
  study = join(work, "study");
  out = join(work, "dist");
  mkdirSync(project);
  for (const entry of ["data-loaders", "scripts", "src", "observablehq.config.ts", "package.json", "package-lock.json", "tsconfig.json"]) {
    cpSync(join(projectRoot, entry), join(project, entry), { recursive: true, filter: (source) => !source.includes(".observablehq") });
  }
  symlinkSync(join(projectRoot, "node_modules"), join(project, "node_modules"));
  cpSync(embeddedStudy, study, { recursive: true });
});

after(() => rmSync(work, { recursive: true, force: true }));

function build(): string {
  const run = spawnSync("npx", ["tsx", "scripts/build.ts", "--study", study, "--out", out], { cwd: project, encoding: "utf8", env: { ...process.env, STUDY_DIR: "" } });
  assert.equal(run.status, 0, run.stderr.slice(-3000));
  return run.stderr;
}

/** The rows of one published table, read from the built site. */
function published(name: string): Record<string, unknown>[] {
  const folder = join(out, "_file", "data");
  const file = readdirSync(folder).find((f) => f.startsWith(`${name}.`) && f.endsWith(".arrow"));
  assert.ok(file, `the site publishes data/${name}.arrow`);
  return tableFromIPC(readFileSync(join(folder, file))).toArray().map((row) => row.toJSON());
}

const gbsgAuc = () => published("auc").find((r) => r.cohortId === "gbsg")!;
const refreshed = (log: string) => (log.match(/cached pages data refreshed: (.*)/)?.[1] ?? "").split(", ").filter(Boolean);

test("stale-cache matrix: each kind of input change reaches the published numbers; an unchanged rebuild reuses everything", () => {
  build();
  const first = gbsgAuc();
  assert.equal(first.n, 406);

  // Unchanged: nothing is recomputed and no Framework cache entry is replaced.
  const unchanged = build();
  assert.doesNotMatch(unchanged, /engine finished/);
  assert.deepEqual(refreshed(unchanged), []);
  assert.deepEqual(gbsgAuc(), first);

  // Config: another seed moves the bootstrap intervals only; the Kaplan-Meier tables stay cached.
  editJson(join(study, "study.json"), (json) => void (json.seed = 7));
  const seed = build();
  assert.match(seed, /engine finished/);
  assert.ok(refreshed(seed).includes("auc") && !refreshed(seed).includes("km-curve"), `refreshed: ${refreshed(seed)}`);
  assert.notEqual(gbsgAuc().bootstrapCiLower, first.bootstrapCiLower);
  assert.equal(gbsgAuc().auc, first.auc);

  // Study table: 100 fewer external patients.
  editCsv(join(study, "data", "gbsg.csv"), (_, rows) => void rows.splice(rows.length - 100, 100));
  build();
  const fewer = gbsgAuc();
  assert.ok((fewer.n as number) < 406);
  assert.notEqual(fewer.auc, first.auc);

  // Lock file and model: a deliberately re-locked model with another age weight changes the ranking.
  const reference = JSON.parse(readFileSync(join(projectRoot, "test", "golden", "reference", "locked_model.json"), "utf8"));
  const relock = spawnSync("npx", ["tsx", "-e", `
    import { writeLogisticModel } from "./data-loaders/model/write-onnx.ts";
    import { writeFileSync } from "node:fs";
    const c = ${JSON.stringify(reference.model.coefficients.map((t: { estimate: number }) => t.estimate))};
    writeFileSync(${JSON.stringify(join(study, "model", "rotterdam-logistic.onnx"))}, writeLogisticModel({ coefficients: c.slice(1).map((v, i) => (i === 0 ? 0.05 : v)), intercept: c[0], featureNames: c.slice(1).map((_, i) => "x" + i), inputName: "features", elementType: "double", batch: "dynamic", producer: "stale-matrix" }));
  `], { cwd: project, encoding: "utf8" });
  assert.equal(relock.status, 0, relock.stderr);
  const lock = spawnSync("npx", ["tsx", "scripts/lock.ts", "--study", study, "--reason", "matrix: new model"], { cwd: project, encoding: "utf8" });
  assert.equal(lock.status, 0, lock.stderr);
  const thresholdsBefore = published("locked-thresholds").map((t) => t.probability);
  build();
  assert.notEqual(gbsgAuc().auc, fewer.auc);
  assert.notDeepEqual(published("locked-thresholds").map((t) => t.probability), thresholdsBefore);

  // Engine source: an edit to the engine (here the z of every 95% Wald interval) is recomputed.
  const before = gbsgAuc();
  const constants = join(project, "data-loaders", "stats", "binomial-interval.ts");
  writeFileSync(constants, readFileSync(constants, "utf8").replace("export const Z_95 = 1.959963984540054;", "export const Z_95 = 2.5758293035489;"));
  const engine = build();
  assert.match(engine, /engine finished/);
  const after = gbsgAuc();
  assert.equal(after.auc, before.auc);
  assert.ok((after.ciLower as number) < (before.ciLower as number), "a wider z gives a wider DeLong interval");
});

test("the fingerprint follows the study's files, the engine's source and the dependency lock file", () => {
  const dir = mkdtempSync(join(tmpdir(), "fingerprint-"));
  try {
    const s = join(dir, "study");
    const p = join(dir, "project");
    mkdirSync(join(s, "model"), { recursive: true });
    mkdirSync(join(p, "data-loaders", "stats"), { recursive: true });
    writeFileSync(join(s, "study.json"), "{}");
    writeFileSync(join(s, "model", "m.onnx"), "model v1");
    writeFileSync(join(p, "data-loaders", "stats", "auc.ts"), "export const v = 1;");
    writeFileSync(join(p, "package-lock.json"), "{}");
    const base = studyFingerprint(s, p);
    assert.deepEqual(studyFingerprint(s, p), base, "stable when nothing changes");
    writeFileSync(join(s, "model", "m.onnx"), "model v2");
    const model = studyFingerprint(s, p);
    assert.notEqual(model.study, base.study);
    assert.equal(model.engine, base.engine);
    writeFileSync(join(p, "data-loaders", "stats", "auc.ts"), "export const v = 2;");
    const engine = studyFingerprint(s, p);
    assert.notEqual(engine.engine, model.engine);
    assert.notEqual(engine.combined, model.combined);
    writeFileSync(join(p, "package-lock.json"), '{"v":2}');
    assert.notEqual(studyFingerprint(s, p).engine, engine.engine);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
