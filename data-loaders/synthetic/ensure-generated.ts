/**
 * Makes the demonstration study's generated files on first use. The images are too large for
 * git, so a fresh clone has only the clinical tables and `generator-manifest.json`; when the
 * images folder is absent, the generator runs again with the manifest's seed
 * and scale (deterministic, so the tables it rewrites are byte-identical) and the result is
 * checked against the manifest's digest.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { listFiles } from "../artifacts/fingerprint.ts";
import type { Logger } from "../log.ts";
import { generateDemoStudy } from "./generate-demo-study.ts";

interface ManifestHead {
  seed: number;
  scale: number;
  images: { files: number; digestOfUncompressedNifti: string };
}

/**
 * True when the study folder was made by the generator and has no images folder at all (a
 * fresh clone). A folder that exists but differs from the manifest is left alone: a missing
 * or extra patient must reach the input checks and stop the build, not be silently repaired.
 */
export function needsGeneration(studyDir: string): boolean {
  if (!existsSync(join(studyDir, "generator-manifest.json"))) return false;
  const imagesDir = join(studyDir, "images");
  return !existsSync(imagesDir) || listFiles(imagesDir).length === 0;
}

export async function ensureGeneratedData(studyDir: string, logger: Logger): Promise<void> {
  if (!needsGeneration(studyDir)) return;
  const expected = JSON.parse(readFileSync(join(studyDir, "generator-manifest.json"), "utf8")) as ManifestHead;
  logger.info(`generating the synthetic study's images (seed ${expected.seed}); they are not kept in git`);
  const started = performance.now();
  const made = (await generateDemoStudy({ outDir: studyDir, seed: expected.seed, scale: expected.scale })) as unknown as ManifestHead;
  if (made.images.digestOfUncompressedNifti !== expected.images.digestOfUncompressedNifti) {
    throw new Error(
      `the regenerated images differ from generator-manifest.json (digest ${made.images.digestOfUncompressedNifti.slice(0, 12)}…, expected ${expected.images.digestOfUncompressedNifti.slice(0, 12)}…); the generator changed since the manifest was written: regenerate with npx tsx scripts/generate-demo-study.ts and commit the manifest`,
    );
  }
  logger.info(`generated ${made.images.files} image files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
