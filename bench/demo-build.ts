/**
 * Speed of the demonstration study's build, step by step: `npx tsx bench/demo-build.ts`.
 *
 * Prints the time of generating the synthetic study, preprocessing every cohort's images into
 * lesion patches, running each locked image model (lesions per second), computing the
 * statistics (inference cached), then a cold build of the whole report and a second build with
 * nothing changed. The builds run in a private copy of the project (node_modules linked) with
 * empty caches, so the developer's caches are neither used nor touched.
 * Targets on this 2-core machine: cold build under 90 s, unchanged rebuild under 15 s.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { studyFingerprint } from "../data-loaders/artifacts/fingerprint.ts";
import { projectRoot } from "../data-loaders/artifacts/study-location.ts";
import { readCohortTable } from "../data-loaders/io/cohort-table.ts";
import { loadStudy } from "../data-loaders/io/study-config.ts";
import { validateCohort } from "../data-loaders/io/validate-cohort.ts";
import type { PatchKind } from "../data-loaders/imaging/patches.ts";
import { silentLogger } from "../data-loaders/log.ts";
import { runImageModel } from "../data-loaders/model/run-image-model.ts";
import { cohortPatches, type PatientLesionPatches } from "../data-loaders/pipeline/image-patches.ts";
import { runStudy } from "../data-loaders/pipeline/run-study.ts";
import { generateDemoStudy } from "../data-loaders/synthetic/generate-demo-study.ts";

const seconds = (since: number) => (performance.now() - since) / 1000;
const line = (what: string, value: string) => console.log(`${what.padEnd(46)} ${value}`);

const work = mkdtempSync(join(tmpdir(), "demo-bench-"));
try {
  // 1. Generation (clinical tables, images, manifest), into a fresh folder.
  const studyDir = join(work, "study");
  cpSync(join(projectRoot, "studies", "dl-driverbm"), studyDir, { recursive: true, filter: (s) => !s.includes(`${join("dl-driverbm", "images")}`) });
  let started = performance.now();
  await generateDemoStudy({ outDir: studyDir, seed: 20260501 });
  line("generation (tables + images)", `${seconds(started).toFixed(2)} s`);

  // 2. Preprocessing, per cohort and in all.
  const study = loadStudy(studyDir);
  const kinds = [...new Set(study.models.map((m) => (m.source.kind === "onnx-image" ? m.source.patch : "3d")))] as PatchKind[];
  const patches = new Map<string, PatientLesionPatches[]>();
  started = performance.now();
  for (const cohort of study.cohorts) {
    const validated = validateCohort(readCohortTable(study, cohort), study, cohort);
    patches.set(cohort.id, cohortPatches(studyDir, cohort.id, validated.images ?? [], kinds, silentLogger));
  }
  const all = [...patches.values()].flat();
  const lesions = all.reduce((sum, p) => sum + p.lesions, 0);
  const preprocessing = seconds(started);
  line("preprocessing (read NIfTI, patches 3d/2.5d/2d)", `${preprocessing.toFixed(2)} s for ${all.length} patients, ${lesions} lesions (${(lesions / preprocessing).toFixed(0)} lesions/s)`);

  // 3. Inference, per model over every cohort.
  let inference = 0;
  for (const model of study.models) {
    if (model.source.kind !== "onnx-image") continue;
    const source = model.source;
    const inputs = all.map((p) => ({ patches: p.patches.get(source.patch)!, lesions: p.lesions, row: p.row }));
    const shape = all[0].shapes.get(source.patch)!.slice(1);
    const run = await runImageModel(source.file, inputs, shape, { input: source.input, probability: source.outputs.probability, logit: source.outputs.logit }, silentLogger, studyDir);
    inference += run.seconds;
    line(`inference ${model.id}`, `${run.seconds.toFixed(2)} s (${run.lesionsPerSecond.toFixed(0)} lesions/s)`);
  }
  line("inference, all models", `${inference.toFixed(2)} s`);

  // 4. Statistics: the whole engine with inference already cached (second call).
  const fingerprint = studyFingerprint(studyDir, projectRoot);
  await runStudy(studyDir, { logger: silentLogger, fingerprint });
  started = performance.now();
  await runStudy(studyDir, { logger: silentLogger, fingerprint });
  line("statistics (B = 2000; inference cached)", `${seconds(started).toFixed(2)} s`);

  // 5. Whole builds in a private copy of the project with empty caches.
  const project = join(work, "project");
  mkdirSync(project);
  for (const entry of ["data-loaders", "scripts", "src", "observablehq.config.ts", "package.json", "package-lock.json", "tsconfig.json", "studies"]) {
    cpSync(join(projectRoot, entry), join(project, entry), { recursive: true, filter: (s) => !s.includes(".observablehq") && !s.includes(join("dl-driverbm", "images")) });
  }
  symlinkSync(join(projectRoot, "node_modules"), join(project, "node_modules"));
  const build = () => {
    const begun = performance.now();
    const run = spawnSync("npx", ["tsx", "scripts/build.ts", "--out", join(work, "dist")], { cwd: project, encoding: "utf8", env: { ...process.env, STUDY_DIR: "" } });
    if (run.status !== 0) throw new Error(`build failed:\n${run.stderr.slice(-2000)}`);
    return seconds(begun);
  };
  const cold = build();
  line("cold build (generation … site)", `${cold.toFixed(1)} s (target < 90 s: ${cold < 90 ? "met" : "NOT met"})`);
  const warm = build();
  line("second build, nothing changed", `${warm.toFixed(1)} s (target < 15 s: ${warm < 15 ? "met" : "NOT met"})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
