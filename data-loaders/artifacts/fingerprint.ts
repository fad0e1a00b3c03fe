/**
 * Fingerprints of everything a report's numbers depend on.
 *
 * Framework reuses a loader's cached output whenever it exists, even when the study tables, the
 * model or the engine code behind it changed (test/fixtures/cases/25-*). The build therefore
 * hashes those inputs itself and recomputes whenever the hash differs: the study folder (config,
 * cohort tables, models, threshold lock), the engine's own source and the locked dependency
 * versions.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** SHA-256 of one file, hex. */
export function sha256OfFile(path: string): string {
  return createHash("sha256").update(readFileSync(path)).digest("hex");
}

/** Every regular file below `dir` (hidden entries and node_modules skipped), sorted. */
export function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string) => {
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      if (entry.name.startsWith(".") || entry.name === "node_modules") continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  if (statSync(dir).isDirectory()) walk(dir);
  return files.sort();
}

/**
 * Hash of a set of files, keyed by their path relative to `base`, so that renaming a file
 * changes the fingerprint as well as editing it.
 */
export function fingerprintFiles(files: readonly string[], base: string): string {
  const hash = createHash("sha256");
  for (const file of [...files].sort()) {
    hash.update(relative(base, file).split(sep).join("/"));
    hash.update("\0");
    hash.update(sha256OfFile(file));
    hash.update("\n");
  }
  return hash.digest("hex");
}

export interface StudyFingerprint {
  /** Hash of all below; names the results cache folder. */
  combined: string;
  study: string;
  engine: string;
}

/**
 * Fingerprint of one build: the whole study folder, the engine source (`data-loaders/`) and
 * `package-lock.json` (a library upgrade may change numbers).
 */
export function studyFingerprint(studyDir: string, projectRoot: string): StudyFingerprint {
  const study = fingerprintFiles(listFiles(studyDir), studyDir);
  const engineFiles = [...listFiles(join(projectRoot, "data-loaders")), join(projectRoot, "package-lock.json")];
  const engine = fingerprintFiles(engineFiles, projectRoot);
  const combined = createHash("sha256").update(`${study}:${engine}`).digest("hex");
  return { combined, study, engine };
}
