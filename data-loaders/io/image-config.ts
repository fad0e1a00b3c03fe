/**
 * Where each cohort's MRI files are (`cohorts[i].images`) and the study's list of sequences
 * (`imaging`), read strictly like every other key of study.json.
 */
import type { CohortImages, ImagingConfig } from "./study-types.ts";
import { didYouMean } from "./closest-name.ts";
import {
  type ConfigNode,
  child,
  configError,
  readArray,
  readObject,
  readStudyFolder,
  readString,
  refuseDuplicates,
} from "./config-reader.ts";

export const DEFAULT_IMAGE_PATTERN = "{id}/{name}.nii.gz";
/** Sequence and mask names become file names, so they are kept to safe characters. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const NAME_TEXT = "letters, digits, '_' and '-' (for example \"t1ce\")";
const NIFTI_EXTENSIONS = [".nii.gz", ".nii"];

function readName(node: ConfigNode): string {
  return readString(node, { pattern: NAME_PATTERN, patternText: NAME_TEXT });
}

/** Reads a list of sequence names: at least one, distinct, each a safe file name. */
export function readSequenceNames(node: ConfigNode): string[] {
  const nodes = readArray(node, { minLength: 1 });
  const names = nodes.map(readName);
  refuseDuplicates(nodes, "sequence");
  return names;
}

function countOf(text: string, part: string): number {
  return text.split(part).length - 1;
}

function readPattern(node: ConfigNode): string {
  if (node.value === undefined) return DEFAULT_IMAGE_PATTERN;
  const pattern = readString(node);
  const fix = `write a relative path such as "${DEFAULT_IMAGE_PATTERN}"`;
  const problem = (what: string) =>
    configError(node.path, `is ${JSON.stringify(pattern)}; ${what}`, fix);
  if (countOf(pattern, "{id}") !== 1 || countOf(pattern, "{name}") !== 1) {
    problem("expected {id} and {name} exactly once each");
  }
  const leftover = pattern.replace("{id}", "").replace("{name}", "");
  if (/[{}\\]/.test(leftover)) {
    problem("expected no placeholder other than {id} and {name}, and no '\\'");
  }
  const segments = pattern.split("/");
  if (pattern.startsWith("/") || segments.some((s) => s === "" || s === "." || s === "..")) {
    problem("expected a path inside the image folder, without empty, '.' or '..' parts");
  }
  if (!NIFTI_EXTENSIONS.some((extension) => pattern.toLowerCase().endsWith(extension))) {
    problem("expected a NIfTI file name ending in .nii.gz or .nii");
  }
  return pattern;
}

/** Reads `images`: `{ folder, pattern?, sequences, mask }`, or null when absent. */
export function readImages(node: ConfigNode): CohortImages | null {
  if (node.value === undefined || node.value === null) return null;
  readObject(node, ["folder", "sequences", "mask"], ["pattern"]);
  const sequences = readSequenceNames(child(node, "sequences"));
  const mask = readName(child(node, "mask"));
  if (sequences.includes(mask)) {
    configError(
      child(node, "mask").path,
      `is "${mask}", which is also listed as a sequence`,
      "give the lesion mask its own file name",
    );
  }
  return {
    folder: readStudyFolder(child(node, "folder")),
    pattern: readPattern(child(node, "pattern")),
    sequences,
    mask,
  };
}

/** Reads the study-level `imaging`: `{ sequences }`, or null when absent. */
export function readImaging(node: ConfigNode): ImagingConfig | null {
  if (node.value === undefined || node.value === null) return null;
  readObject(node, ["sequences"]);
  return { sequences: readSequenceNames(child(node, "sequences")) };
}

/**
 * Refuses a sequence that the study's `imaging.sequences` does not list, suggesting the
 * closest listed name.
 */
export function refuseUnknownSequences(
  node: ConfigNode,
  sequences: readonly string[],
  imaging: ImagingConfig | null,
): void {
  if (imaging === null) return;
  sequences.forEach((sequence, j) => {
    if (imaging.sequences.includes(sequence)) return;
    configError(
      `${node.path}[${j}]`,
      `is "${sequence}"${didYouMean(sequence, imaging.sequences)}, which imaging.sequences does not list (${imaging.sequences.join(", ")})`,
      "use the study's sequence names, or add the sequence to imaging.sequences",
    );
  });
}
