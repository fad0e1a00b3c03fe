/**
 * Strict reading of study.json, one key path at a time. Each reader either returns a value of
 * the expected type or throws an InputError that names study.json, the key path
 * (`cohorts[1].outcome.horizonDays`), what was found, what was expected and how to fix it.
 */
import { isAbsolute, posix } from "node:path";
import { InputError } from "../errors.ts";
import { didYouMean } from "./closest-name.ts";

export const STUDY_FILE = "study.json";

/** A JSON value and where it sits in study.json. */
export interface ConfigNode {
  value: unknown;
  path: string;
}

/** Throws the InputError for a config value at `path`. */
export function configError(path: string, problem: string, fix: string): never {
  throw new InputError({ file: STUDY_FILE, problem: `${path} ${problem}`, fix });
}

/** A short rendering of a found value for messages (config values, never patient data). */
export function shown(value: unknown): string {
  if (value === undefined) return "missing";
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

export function child(node: ConfigNode, key: string | number): ConfigNode {
  const path =
    typeof key === "number" ? `${node.path}[${key}]` : node.path ? `${node.path}.${key}` : key;
  const value = (node.value as Record<string, unknown> | unknown[])[key as never];
  return { value, path };
}

/**
 * Reads an object and refuses keys outside `required` ∪ `optional`, so a typo such as
 * "horizonDay" is reported instead of being ignored.
 */
export function readObject(node: ConfigNode, required: string[], optional: string[] = []): void {
  const { value, path } = node;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    configError(
      path || "the top level",
      `is ${shown(value)}; expected an object`,
      "write a JSON object { ... } here",
    );
  }
  const allowed = [...required, ...optional];
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      const where = path ? `${path}.${key}` : key;
      configError(
        where,
        `is not a known key${didYouMean(key, allowed)}`,
        `use one of: ${allowed.join(", ")}`,
      );
    }
  }
  for (const key of required) {
    if (!(key in value)) {
      configError(
        child(node, key).path,
        "is missing",
        `add "${key}" (required keys here: ${required.join(", ")})`,
      );
    }
  }
}

export function has(node: ConfigNode, key: string): boolean {
  return (node.value as Record<string, unknown>)[key] !== undefined;
}

export function readString(
  node: ConfigNode,
  options: { pattern?: RegExp; patternText?: string } = {},
): string {
  const { value, path } = node;
  if (typeof value !== "string" || value.trim() === "") {
    configError(
      path,
      `is ${shown(value)}; expected a non-empty string`,
      "write a text value in double quotes",
    );
  }
  if (options.pattern && !options.pattern.test(value)) {
    configError(
      path,
      `is ${shown(value)}; expected ${options.patternText}`,
      `change it to ${options.patternText}`,
    );
  }
  return value;
}

export function readChoice<T extends string>(node: ConfigNode, choices: readonly T[]): T {
  const { value, path } = node;
  if (typeof value !== "string" || !choices.includes(value as T)) {
    const hint = typeof value === "string" ? didYouMean(value, choices) : "";
    configError(
      path,
      `is ${shown(value)}${hint}; expected one of ${choices.map((c) => `"${c}"`).join(", ")}`,
      "use one of the listed values exactly",
    );
  }
  return value as T;
}

export interface NumberRule {
  integer?: boolean;
  min?: number;
  max?: number;
  /** A strict lower bound (value > above). */
  above?: number;
  /** A strict upper bound (value < below). */
  below?: number;
  unit?: string;
}

function describeRule(rule: NumberRule): string {
  const parts = [rule.integer ? "an integer" : "a finite number"];
  if (rule.min !== undefined) parts.push(`>= ${rule.min}`);
  if (rule.above !== undefined) parts.push(`> ${rule.above}`);
  if (rule.max !== undefined) parts.push(`<= ${rule.max}`);
  if (rule.below !== undefined) parts.push(`< ${rule.below}`);
  if (rule.unit) parts.push(`(${rule.unit})`);
  return parts.join(" ");
}

export function readNumber(node: ConfigNode, rule: NumberRule = {}): number {
  const { value, path } = node;
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (!rule.integer || Number.isInteger(value)) &&
    (rule.min === undefined || value >= rule.min) &&
    (rule.max === undefined || value <= rule.max) &&
    (rule.above === undefined || value > rule.above) &&
    (rule.below === undefined || value < rule.below);
  if (!ok) {
    const quoted = typeof value === "string";
    const fix = quoted ? "write the number without quotes" : `write ${describeRule(rule)}`;
    configError(path, `is ${shown(value)}; expected ${describeRule(rule)}`, fix);
  }
  return value as number;
}

export function readBoolean(node: ConfigNode): boolean {
  if (typeof node.value !== "boolean") {
    configError(
      node.path,
      `is ${shown(node.value)}; expected true or false`,
      "write true or false without quotes",
    );
  }
  return node.value;
}

/** Reads an array and returns its elements as nodes. */
export function readArray(node: ConfigNode, options: { minLength?: number } = {}): ConfigNode[] {
  const { value, path } = node;
  const minLength = options.minLength ?? 0;
  if (!Array.isArray(value) || value.length < minLength) {
    const elements = `${minLength} element${minLength > 1 ? "s" : ""}`;
    const expected = minLength > 0 ? `an array with at least ${elements}` : "an array";
    configError(path, `is ${shown(value)}; expected ${expected}`, `write ${expected} in [ ... ]`);
  }
  return value.map((_, i) => child(node, i));
}

/** Refuses the second occurrence of a value (ids, feature names, levels). */
export function refuseDuplicates(nodes: ConfigNode[], what: string): void {
  const seen = new Map<unknown, string>();
  for (const node of nodes) {
    const first = seen.get(node.value);
    if (first !== undefined) {
      configError(
        node.path,
        `repeats the ${what} ${shown(node.value)} already used at ${first}`,
        `give each ${what} a distinct value`,
      );
    }
    seen.set(node.value, node.path);
  }
}

/** Refuses an array that is not strictly increasing (cut breaks, quantile probabilities, times). */
export function refuseUnordered(node: ConfigNode, values: number[]): void {
  for (let i = 1; i < values.length; i++) {
    if (!(values[i] > values[i - 1])) {
      configError(
        `${node.path}[${i}]`,
        `is ${values[i]}, not above the previous value ${values[i - 1]}; expected strictly increasing values`,
        "sort the values and remove repeats",
      );
    }
  }
}

/** A relative path normalised to "/" separators, refused when it leaves the study folder. */
function readInsideStudy(node: ConfigNode): string {
  const text = readString(node);
  const normalized = posix.normalize(text.replaceAll("\\", "/"));
  const outside = normalized === ".." || normalized.startsWith("../");
  if (isAbsolute(text) || /^[A-Za-z]:/.test(text) || outside) {
    configError(
      node.path,
      `is ${shown(text)}; expected a path inside the study folder`,
      "copy or link the file into the study folder and give its path relative to study.json",
    );
  }
  return normalized;
}

/**
 * Reads a file path relative to the study folder. Absolute paths and paths that climb out of
 * the folder are refused so that a study folder is complete on its own and every message can
 * name files relative to it.
 */
export function readStudyPath(node: ConfigNode, extensions: readonly string[]): string {
  const normalized = readInsideStudy(node);
  if (!extensions.some((extension) => normalized.toLowerCase().endsWith(extension))) {
    configError(
      node.path,
      `is ${shown(node.value)}; expected a file ending in ${extensions.join(", ")}`,
      "point to a file of one of these kinds",
    );
  }
  return normalized;
}

/**
 * Reads a folder path relative to the study folder (same rule as readStudyPath), without a
 * trailing "/".
 */
export function readStudyFolder(node: ConfigNode): string {
  const normalized = readInsideStudy(node).replace(/\/+$/, "");
  if (normalized === "" || normalized === ".") {
    configError(
      node.path,
      `is ${shown(node.value)}; expected a folder inside the study folder, not the folder itself`,
      'give the folder that holds the images, for example "images/ncc"',
    );
  }
  return normalized;
}

/** Reads a value to compare cells with: a number, or non-empty text. */
export function readCellValue(node: ConfigNode, example: string): string | number {
  const { value } = node;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "") return value;
  return configError(
    node.path,
    `is ${shown(value)}; expected a number or a non-empty text value`,
    `write the value as it appears in the table, for example ${example}`,
  );
}
