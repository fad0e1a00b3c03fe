/**
 * Builds the demonstration study's locked image models:
 *   npx tsx scripts/build-demo-models.ts [--study studies/dl-driverbm]
 *
 * Reads only the development cohort (role "development" in study.json: the NCC training split),
 * preprocesses its patients' images, fits each model's learned weights there
 * (data-loaders/model/image-models/fit.ts: the convolution filters and the attention projections
 * over sequence tokens are fixed by design; the feature standardisation, the lesion attention
 * vector and the logistic head are learned), writes the ONNX files into the study's model/
 * folder and records their SHA-256 in study.json. Run `npm run lock` afterwards.
 */
import { writeFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { resolveStudyDir } from "../data-loaders/artifacts/study-location.ts";
import { applyCohortSelection } from "../data-loaders/io/cohort-selection.ts";
import { readCohortTable } from "../data-loaders/io/cohort-table.ts";
import { imagePaths } from "../data-loaders/io/image-paths.ts";
import { binaryOutcome } from "../data-loaders/io/binary-outcome.ts";
import { loadStudy } from "../data-loaders/io/study-config.ts";
import type { PatchKind } from "../data-loaders/imaging/patches.ts";
import { stderrLogger } from "../data-loaders/log.ts";
import { sha256Bytes } from "../data-loaders/model/model-hash.ts";
import { imageArchitecture, type ImageModelId } from "../data-loaders/model/image-models/architectures.ts";
import { buildImageModel } from "../data-loaders/model/image-models/build-graph.ts";
import { fitImageModel } from "../data-loaders/model/image-models/fit.ts";
import { cohortPatches } from "../data-loaders/pipeline/image-patches.ts";
import { ensureGeneratedData } from "../data-loaders/synthetic/ensure-generated.ts";

/** study.json ids allow no "." (they name files and URLs), so the 2.5D model is "stack-2-5d". */
function architectureId(modelId: string): ImageModelId {
  return (modelId === "stack-2-5d" ? "stack-2.5d" : modelId) as ImageModelId;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { study: { type: "string" } } });
  const studyDir = resolveStudyDir(values.study ?? join("studies", "dl-driverbm"));
  await ensureGeneratedData(studyDir, stderrLogger);
  const study = loadStudy(studyDir);
  const development = study.cohorts.filter((c) => c.role === "development");
  if (development.length !== 1) throw new Error("exactly one development cohort must be named in study.json to fit on");
  const cohort = development[0];

  const selection = applyCohortSelection(readCohortTable(study, cohort), cohort);
  const outcome = binaryOutcome(selection.table, cohort).outcome;
  const images = imagePaths(study, cohort, selection.table);
  const kinds = [...new Set(study.models.map((m) => (m.source.kind === "onnx-image" ? m.source.patch : null)).filter(Boolean))] as PatchKind[];
  const patients = cohortPatches(studyDir, cohort.id, images, kinds, stderrLogger);
  stderrLogger.info(`fitting on ${cohort.id}: ${patients.length} patients, ${outcome.filter((y) => y === 1).length} positive`);

  const config = JSON.parse(readFileSync(join(studyDir, "study.json"), "utf8"));
  for (const model of study.models) {
    if (model.source.kind !== "onnx-image") continue;
    const source = model.source;
    const architecture = imageArchitecture(architectureId(model.id), { inputSequences: source.sequences });
    const training = patients.map((p, i) => ({ patches: p.patches.get(source.patch)!, lesions: p.lesions, outcome: outcome[i] as 0 | 1 }));
    const weights = await fitImageModel(architecture, training, { logger: stderrLogger });
    const bytes = buildImageModel(architecture, weights);
    writeFileSync(join(studyDir, source.file), bytes);
    const hash = sha256Bytes(bytes);
    config.models.find((m: { id: string }) => m.id === model.id).source.sha256 = hash;
    stderrLogger.info(`${model.id}: ${source.file} (${bytes.length} bytes), SHA-256 ${hash}`);
  }
  writeFileSync(join(studyDir, "study.json"), `${JSON.stringify(config, null, 2)}\n`);
  stderrLogger.info('models written; now lock them: npm run lock -- --study studies/dl-driverbm --reason "…"');
}

main().catch((error: unknown) => {
  process.stderr.write(`building the demonstration models stopped: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
