/**
 * Inference results cached per model and per input: the key is the SHA-256 of the model file,
 * of every image file the cohort's eligible patients use (and their order), and of the
 * preprocessing and inference source. A changed image, model or preprocessing rule therefore
 * re-runs inference; a change elsewhere (a seed, a page, a threshold rule) does not.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fingerprintFiles, listFiles, sha256OfFile } from "../artifacts/fingerprint.ts";
import { cacheRoot, projectRoot } from "../artifacts/study-location.ts";
import type { PatientImages } from "../io/image-paths.ts";
import type { CohortConfig, ModelConfig, Study } from "../io/study-types.ts";
import type { Logger } from "../log.ts";

export interface CachedScores {
  probability: Float64Array;
  logit: Float64Array;
}

function inputKey(study: Study, model: ModelConfig, images: readonly PatientImages[]): string {
  if (model.source.kind !== "onnx-image") throw new Error(`model ${model.id} is not an image model`);
  const hash = createHash("sha256");
  hash.update(sha256OfFile(join(study.dir, model.source.file)));
  hash.update(JSON.stringify(model.source));
  for (const patient of images) {
    for (const path of [...patient.sequences.values(), patient.mask]) hash.update(`${path}:${sha256OfFile(join(study.dir, path))}\n`);
  }
  const engine = [...listFiles(join(projectRoot, "data-loaders", "imaging")), join(projectRoot, "data-loaders", "model", "run-image-model.ts")];
  hash.update(fingerprintFiles(engine, projectRoot));
  return hash.digest("hex");
}

export async function cachedInference(
  study: Study,
  cohort: CohortConfig,
  model: ModelConfig,
  images: readonly PatientImages[],
  compute: () => Promise<CachedScores>,
  logger: Logger,
): Promise<CachedScores> {
  const dir = join(cacheRoot, "inference");
  const path = join(dir, `${inputKey(study, model, images)}.json`);
  if (existsSync(path)) {
    const stored = JSON.parse(readFileSync(path, "utf8")) as { probability: number[]; logit: number[] };
    logger.info(`${cohort.id}: model ${model.id} predictions reused (same model and images)`);
    return { probability: Float64Array.from(stored.probability), logit: Float64Array.from(stored.logit) };
  }
  const scores = await compute();
  mkdirSync(dir, { recursive: true });
  // JSON keeps every double exactly (shortest round-trip form); written then renamed.
  writeFileSync(`${path}.partial`, JSON.stringify({ probability: [...scores.probability], logit: [...scores.logit] }));
  renameSync(`${path}.partial`, path);
  return scores;
}
