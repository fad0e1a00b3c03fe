/**
 * The study-level `table1` key: which columns describe the patients of every cohort (Table 1 of
 * the paper), each summarised as a continuous or a categorical variable.
 */
import type { Table1Spec } from "./study-types.ts";
import {
  type ConfigNode,
  child,
  configError,
  has,
  readArray,
  readChoice,
  readObject,
  readString,
  refuseDuplicates,
} from "./config-reader.ts";

const KINDS = ["continuous", "categorical"] as const;

function readLevels(node: ConfigNode): string[] {
  const levels = readArray(node, { minLength: 1 });
  for (const level of levels) {
    if (typeof level.value !== "string" || level.value.trim() === "") {
      configError(
        level.path,
        `is ${JSON.stringify(level.value)}; expected the level as non-empty text`,
        `write it in quotes as the table writes it, for example "${String(level.value)}"`,
      );
    }
  }
  refuseDuplicates(levels, "level");
  return levels.map((level) => level.value as string);
}

function readVariable(node: ConfigNode): Table1Spec {
  readObject(node, ["column", "label", "kind"], ["levels"]);
  const column = readString(child(node, "column"));
  const label = readString(child(node, "label"));
  const kind = readChoice(child(node, "kind"), KINDS);
  if (kind === "categorical") {
    if (!has(node, "levels")) {
      configError(
        child(node, "levels").path,
        "is missing; a categorical variable lists every level in display order",
        'add "levels", for example ["female", "male"]',
      );
    }
    return { column, label, kind, levels: readLevels(child(node, "levels")) };
  }
  if (has(node, "levels")) {
    configError(
      child(node, "levels").path,
      "is only meaningful for a categorical variable",
      'remove "levels", or set "kind": "categorical"',
    );
  }
  return { column, label, kind };
}

/** Reads `table1`: variables in display order, each column once; [] when absent. */
export function readTable1(node: ConfigNode): Table1Spec[] {
  if (node.value === undefined) return [];
  const nodes = readArray(node, { minLength: 1 });
  const variables = nodes.map(readVariable);
  refuseDuplicates(nodes.map((variable) => child(variable, "column")), "Table 1 column");
  return variables;
}
