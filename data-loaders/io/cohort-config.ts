/**
 * The `cohorts` section of study.json: each cohort's table, role, rows (filter and
 * eligibility), derived columns, binary outcome, survival endpoints, subgroups and images.
 */
import type {
  CohortConfig,
  DeriveSpec,
  HorizonEvent,
  OutcomeSpec,
  SubgroupSpec,
} from "./study-types.ts";
import {
  type ConfigNode,
  child,
  configError,
  has,
  readArray,
  readChoice,
  readNumber,
  readObject,
  readStudyPath,
  readString,
  refuseDuplicates,
  refuseUnordered,
  shown,
} from "./config-reader.ts";
import { readImages } from "./image-config.ts";
import { ID_PATTERN, ID_PATTERN_TEXT } from "./model-config.ts";
import { readEligibility, readFilter } from "./selection-config.ts";
import { readCoding, readSurvivalEndpoints } from "./survival-config.ts";

export { EVENT_CODINGS } from "./survival-config.ts";
export const COHORT_ROLES = ["development", "internal-validation", "external-test"] as const;
export const TABLE_EXTENSIONS = [".csv", ".arrow", ".feather"] as const;

function readCut(node: ConfigNode): DeriveSpec {
  readObject(node, ["cut", "breaks", "labels"]);
  const breaksNode = child(node, "breaks");
  const breaks = readArray(breaksNode, { minLength: 1 }).map((b) => readNumber(b));
  refuseUnordered(breaksNode, breaks);
  const labelsNode = child(node, "labels");
  const labels = readArray(labelsNode).map((label) => readString(label));
  if (labels.length !== breaks.length + 1) {
    configError(
      labelsNode.path,
      `has ${labels.length} labels for ${breaks.length} breaks; expected ${breaks.length + 1} (one per interval)`,
      "give one label per interval: below the first break, between breaks, above the last",
    );
  }
  refuseDuplicates(readArray(labelsNode), "label");
  return { cut: readString(child(node, "cut")), breaks, labels };
}

function readDerive(node: ConfigNode): DeriveSpec {
  readObject(node, [], ["copy", "cut", "breaks", "labels", "daysBetween"]);
  const kinds = ["copy", "cut", "daysBetween"].filter((key) => has(node, key));
  if (kinds.length !== 1) {
    configError(
      node.path,
      `uses ${kinds.length === 0 ? "no rule" : kinds.join(" and ")}; expected exactly one of copy, cut, daysBetween`,
      'write one rule, for example { "copy": "size" }',
    );
  }
  if (kinds[0] === "copy") {
    readObject(node, ["copy"]);
    return { copy: readString(child(node, "copy")) };
  }
  if (kinds[0] === "cut") return readCut(node);
  readObject(node, ["daysBetween"]);
  const between = child(node, "daysBetween");
  readObject(between, ["from", "to"]);
  const [from, to] = [readString(child(between, "from")), readString(child(between, "to"))];
  return { daysBetween: { from, to } };
}

function readDerives(node: ConfigNode): Record<string, DeriveSpec> {
  if (node.value === undefined) return {};
  // Derived names are the user's own, so every key is allowed; this only checks for an object.
  readObject(node, [], Object.keys((node.value as object) ?? {}));
  const derive: Record<string, DeriveSpec> = {};
  for (const name of Object.keys(node.value as object)) {
    derive[name] = readDerive(child(node, name));
  }
  return derive;
}

function readOutcomeValue(node: ConfigNode, fallback: number): string | number {
  if (node.value === undefined) return fallback;
  const { value } = node;
  if (typeof value === "number" || (typeof value === "string" && value !== "")) return value;
  return configError(
    node.path,
    `is ${shown(node.value)}; expected a number or a non-empty text value`,
    "write the outcome value as it appears in the table, for example 1 or \"Poor\"",
  );
}

function readOutcome(node: ConfigNode): OutcomeSpec {
  readObject(node, ["kind"], ["column", "positive", "negative", "horizonDays", "events"]);
  const kind = readChoice(child(node, "kind"), ["binary", "event-within-horizon"] as const);
  if (kind === "binary") {
    readObject(node, ["kind", "column"], ["positive", "negative"]);
    const positive = readOutcomeValue(child(node, "positive"), 1);
    const negative = readOutcomeValue(child(node, "negative"), 0);
    if (positive === negative) {
      configError(
        child(node, "negative").path,
        `equals "positive" (${shown(positive)})`,
        "give the value that marks a negative patient",
      );
    }
    return { kind, column: readString(child(node, "column")), positive, negative };
  }
  readObject(node, ["kind", "horizonDays", "events"]);
  const events = readArray(child(node, "events"), { minLength: 1 }).map((event): HorizonEvent => {
    readObject(event, ["event", "time"], ["coding"]);
    return {
      event: readString(child(event, "event")),
      time: readString(child(event, "time")),
      coding: readCoding(event),
    };
  });
  const horizonDays = readNumber(child(node, "horizonDays"), { above: 0, unit: "days" });
  return { kind, horizonDays, events };
}

function readSubgroup(node: ConfigNode): SubgroupSpec {
  readObject(node, ["column", "label", "levels"]);
  const levels = readArray(child(node, "levels"), { minLength: 1 });
  refuseDuplicates(levels, "level");
  for (const level of levels) {
    if (typeof level.value !== "string") {
      configError(
        level.path,
        `is ${shown(level.value)}; expected the level as text`,
        `write it in quotes, for example "${String(level.value)}"`,
      );
    }
  }
  return {
    column: readString(child(node, "column")),
    label: readString(child(node, "label")),
    levels: levels.map((level) => level.value as string),
  };
}

export function readCohort(node: ConfigNode): CohortConfig {
  readObject(
    node,
    ["id", "label", "role", "table", "idColumn", "outcome"],
    ["derive", "survival", "subgroups", "identifierColumns", "filter", "eligibility", "images"],
  );
  const identifierColumns = has(node, "identifierColumns") ? readArray(child(node, "identifierColumns")) : [];
  const subgroups = has(node, "subgroups") ? readArray(child(node, "subgroups")) : [];
  refuseDuplicates(subgroups.map((subgroup) => child(subgroup, "column")), "subgroup column");
  const survivalEndpoints = readSurvivalEndpoints(child(node, "survival"));
  return {
    id: readString(child(node, "id"), { pattern: ID_PATTERN, patternText: ID_PATTERN_TEXT }),
    label: readString(child(node, "label")),
    role: readChoice(child(node, "role"), COHORT_ROLES),
    table: readStudyPath(child(node, "table"), TABLE_EXTENSIONS),
    idColumn: readString(child(node, "idColumn")),
    derive: readDerives(child(node, "derive")),
    outcome: readOutcome(child(node, "outcome")),
    survival: survivalEndpoints[0] ?? null,
    survivalEndpoints,
    filter: readFilter(child(node, "filter")),
    eligibility: readEligibility(child(node, "eligibility")),
    images: readImages(child(node, "images")),
    subgroups: subgroups.map(readSubgroup),
    identifierColumns: identifierColumns.map((column) => readString(column)),
  };
}

export function readCohorts(node: ConfigNode): CohortConfig[] {
  const nodes = readArray(node, { minLength: 1 });
  refuseDuplicates(nodes.map((cohort) => child(cohort, "id")), "cohort id");
  return nodes.map(readCohort);
}
