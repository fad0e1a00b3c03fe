/**
 * Where the study folder and the caches are. The study comes from `--study DIR` on the build
 * command or the STUDY_DIR environment variable, and otherwise is the embedded example study.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The study the report is built on when none is named: the synthetic MRI demonstration. */
export const defaultStudyDir = join(projectRoot, "studies", "dl-driverbm");

export const cacheRoot = join(projectRoot, ".cache");

/** Absolute path of the study folder, checked to exist and to hold a study.json. */
export function resolveStudyDir(requested: string | undefined = process.env.STUDY_DIR): string {
  const dir = resolve(requested && requested.length > 0 ? requested : defaultStudyDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new Error(`study folder ${dir} does not exist; pass an existing folder with --study DIR or STUDY_DIR`);
  }
  if (!existsSync(join(dir, "study.json"))) {
    throw new Error(`study folder ${dir} has no study.json; see README.md, "The study input contract"`);
  }
  return dir;
}
