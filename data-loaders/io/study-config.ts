/**
 * Loading a study folder: study.json read strictly (unknown keys, wrong types and impossible
 * combinations refused with the key path and a fix), paths resolved against the folder, files
 * and the columns each cohort must provide checked before any computation starts.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { InputError } from "../errors.ts";
import { readCohorts } from "./cohort-config.ts";
import { readImaging, refuseUnknownSequences } from "./image-config.ts";
import { readTableColumnNames } from "./cohort-table.ts";
import {
  type ConfigNode,
  STUDY_FILE,
  child,
  configError,
  has,
  readArray,
  readBoolean,
  readChoice,
  readNumber,
  readObject,
  readStudyPath,
  readString,
  refuseDuplicates,
  refuseUnordered,
} from "./config-reader.ts";
import { readModels } from "./model-config.ts";
import { refuseMissingColumns } from "./study-columns.ts";
import { readDataCutoff } from "./survival-config.ts";
import { readTable1 } from "./table1-config.ts";
import type {
  CohortConfig,
  ImagingConfig,
  ModelConfig,
  PublicationConfig,
  RiskGroupsConfig,
  Study,
  StudyConfig,
  SurvivalAnalysisConfig,
  ThresholdsConfig,
} from "./study-types.ts";

export const THRESHOLD_RULES = [
  "highest-threshold-with-sensitivity-at-least",
  "lowest-threshold-with-specificity-at-least",
] as const;
const DIRECTIONS = [
  "higher-score-more-likely-positive",
  "lower-score-more-likely-positive",
] as const;
const CHOOSING_ROLES: readonly string[] = ["development", "internal-validation"];

function readThresholds(node: ConfigNode, cohorts: CohortConfig[]): ThresholdsConfig | null {
  if (node.value === undefined || node.value === null) return null;
  readObject(node, ["chooseOn", "lockFile", "rules"]);
  const chooseOn = child(node, "chooseOn");
  const cohort = cohorts.find((c) => c.id === chooseOn.value);
  if (cohort === undefined) {
    configError(
      chooseOn.path,
      `is ${JSON.stringify(chooseOn.value)}, which is not a cohort id`,
      `use the id of a development or internal-validation cohort (${cohorts.map((c) => c.id).join(", ")})`,
    );
  }
  if (!CHOOSING_ROLES.includes(cohort.role)) {
    configError(
      chooseOn.path,
      `is "${cohort.id}", an ${cohort.role} cohort; thresholds may only be chosen on development or internal-validation data`,
      "choose thresholds on the development cohort and lock them before the external cohorts are evaluated",
    );
  }
  const rules = readArray(child(node, "rules"), { minLength: 1 });
  refuseDuplicates(rules.map((rule) => child(rule, "id")), "threshold rule id");
  return {
    chooseOn: cohort.id,
    lockFile: readStudyPath(child(node, "lockFile"), [".json"]),
    rules: rules.map((rule) => {
      readObject(rule, ["id", "label", "rule", "value"]);
      return {
        id: readString(child(rule, "id")),
        label: readString(child(rule, "label")),
        rule: readChoice(child(rule, "rule"), THRESHOLD_RULES),
        value: readNumber(child(rule, "value"), { above: 0, max: 1 }),
      };
    }),
  };
}

function readCuts(
  node: ConfigNode,
  key: "probabilities" | "thresholds",
): { cuts: number[]; labels: string[] } {
  const cutsNode = child(node, key);
  const bounds = key === "probabilities" ? { above: 0, below: 1 } : {};
  const cuts = readArray(cutsNode, { minLength: 1 }).map((cut) => readNumber(cut, bounds));
  refuseUnordered(cutsNode, cuts);
  const labelsNode = child(node, "labels");
  const labels = readArray(labelsNode).map((label) => readString(label));
  if (labels.length !== cuts.length + 1) {
    configError(
      labelsNode.path,
      `has ${labels.length} labels for ${cuts.length} cut points; expected ${cuts.length + 1}`,
      "give one label per group, lowest risk first",
    );
  }
  refuseDuplicates(readArray(labelsNode), "risk group label");
  return { cuts, labels };
}

function readRiskGroups(node: ConfigNode): RiskGroupsConfig {
  readObject(node, ["kind", "labels", "score"], ["probabilities", "thresholds"]);
  const kind = readChoice(child(node, "kind"), ["quantiles", "thresholds"] as const);
  const key = kind === "quantiles" ? "probabilities" : "thresholds";
  readObject(node, ["kind", "labels", "score", key]);
  const { cuts, labels } = readCuts(node, key);
  const score = readChoice(child(node, "score"), ["logit", "probability"] as const);
  if (kind === "quantiles") return { kind, probabilities: cuts, labels, score };
  return { kind, thresholds: cuts, labels, score };
}

function readSurvivalAnalysis(
  node: ConfigNode,
  cohorts: CohortConfig[],
): SurvivalAnalysisConfig | null {
  if (node.value === undefined || node.value === null) return null;
  if (!cohorts.some((cohort) => cohort.survival !== null)) {
    configError(
      node.path,
      "is set, but no cohort has a survival block",
      'add "survival" to the cohorts with follow-up, or remove "survivalAnalysis"',
    );
  }
  readObject(node, ["riskGroups", "times"]);
  const timesNode = child(node, "times");
  const timeNodes = readArray(timesNode, { minLength: 1 });
  const times = timeNodes.map((time) => readNumber(time, { above: 0, unit: "days" }));
  refuseUnordered(timesNode, times);
  return { riskGroups: readRiskGroups(child(node, "riskGroups")), times };
}

function readPublication(node: ConfigNode): PublicationConfig {
  if (node.value === undefined) return { minimumCellCount: 0, aggregateOnly: false };
  readObject(node, [], ["minimumCellCount", "aggregateOnly"]);
  return {
    minimumCellCount: has(node, "minimumCellCount")
      ? readNumber(child(node, "minimumCellCount"), { integer: true, min: 0 })
      : 0,
    aggregateOnly: has(node, "aggregateOnly") ? readBoolean(child(node, "aggregateOnly")) : false,
  };
}

/** A cohort that an image model reads must have images of every sequence the model takes. */
function refuseCohortsWithoutSequences(
  model: ModelConfig,
  m: number,
  cohorts: CohortConfig[],
): void {
  if (model.source.kind !== "onnx-image") return;
  const wanted = model.source.sequences;
  cohorts.forEach((cohort, c) => {
    const lacking = wanted.filter((sequence) => !cohort.images?.sequences.includes(sequence));
    if (lacking.length === 0) return;
    const listed = lacking.map((sequence) => `"${sequence}"`).join(", ");
    configError(
      cohort.images === null ? `cohorts[${c}]` : `cohorts[${c}].images.sequences`,
      `${cohort.images === null ? "has no images" : `lacks ${listed}`}, but the image model models[${m}] ("${model.id}") reads ${wanted.join(", ")} in every cohort`,
      `add "images" with the sequences ${wanted.join(", ")} to cohort "${cohort.id}"`,
    );
  });
}

/**
 * Sequences must be the study's (imaging.sequences, when given) and present in every cohort an
 * image model reads.
 */
function refuseImageMismatch(
  models: ModelConfig[],
  cohorts: CohortConfig[],
  imaging: ImagingConfig | null,
): void {
  cohorts.forEach((cohort, c) => {
    if (cohort.images === null) return;
    const path = `cohorts[${c}].images.sequences`;
    refuseUnknownSequences({ value: undefined, path }, cohort.images.sequences, imaging);
  });
  models.forEach((model, m) => {
    if (model.source.kind !== "onnx-image") return;
    const path = `models[${m}].source.sequences`;
    refuseUnknownSequences({ value: undefined, path }, model.source.sequences, imaging);
    refuseCohortsWithoutSequences(model, m, cohorts);
  });
}

/** Checks a parsed JSON value against the study contract (no files are touched). */
export function readStudyConfig(json: unknown): StudyConfig {
  const root: ConfigNode = { value: json, path: "" };
  readObject(
    root,
    ["title", "direction", "seed", "bootstrapReplicates", "models", "cohorts"],
    [
      ...["description", "thresholds", "survivalAnalysis", "publication"],
      ...["dataCutoff", "table1", "imaging"],
    ],
  );
  const cohorts = readCohorts(child(root, "cohorts"));
  const models = readModels(child(root, "models"));
  const imaging = readImaging(child(root, "imaging"));
  refuseImageMismatch(models, cohorts, imaging);
  return {
    title: readString(child(root, "title")),
    description: has(root, "description") ? readString(child(root, "description")) : "",
    direction: readChoice(child(root, "direction"), DIRECTIONS),
    seed: readNumber(child(root, "seed"), { integer: true, min: 1, max: 4294967295 }),
    bootstrapReplicates: readNumber(child(root, "bootstrapReplicates"), {
      integer: true,
      min: 1,
      max: 1_000_000,
    }),
    models,
    cohorts,
    thresholds: readThresholds(child(root, "thresholds"), cohorts),
    survivalAnalysis: readSurvivalAnalysis(child(root, "survivalAnalysis"), cohorts),
    publication: readPublication(child(root, "publication")),
    dataCutoff: readDataCutoff(child(root, "dataCutoff")),
    table1: readTable1(child(root, "table1")),
    imaging,
  };
}

function refuseMissingFile(dir: string, file: string, path: string, what: string): void {
  const absolute = join(dir, file);
  if (!existsSync(absolute) || !statSync(absolute).isFile()) {
    configError(
      path,
      `is "${file}", but there is no such file in the study folder`,
      `put the ${what} at ${file} (relative to study.json), or correct the path`,
    );
  }
}

function refuseMissingFolder(dir: string, folder: string, path: string): void {
  const absolute = join(dir, folder);
  if (!existsSync(absolute) || !statSync(absolute).isDirectory()) {
    configError(
      path,
      `is "${folder}", but there is no such folder in the study folder`,
      `put the cohort's images under ${folder} (relative to study.json), or correct the path`,
    );
  }
}

function refuseMissingFiles(study: Study): void {
  study.models.forEach((model, m) => {
    if (model.source.kind === "predictions") return;
    refuseMissingFile(study.dir, model.source.file, `models[${m}].source.file`, "model file");
  });
  study.cohorts.forEach((cohort, c) => {
    refuseMissingFile(study.dir, cohort.table, `cohorts[${c}].table`, "cohort's table");
    if (cohort.images !== null) {
      refuseMissingFolder(study.dir, cohort.images.folder, `cohorts[${c}].images.folder`);
    }
  });
}

function parseStudyJson(dir: string): unknown {
  const file = join(dir, STUDY_FILE);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new InputError({
      file: STUDY_FILE,
      problem: `the study folder ${dir} has no readable study.json`,
      fix: "point the build at the folder that holds study.json",
      cause,
    });
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (cause) {
    throw new InputError({
      file: STUDY_FILE,
      problem: `the file is not valid JSON (${(cause as Error).message})`,
      fix: "correct the JSON syntax (double quotes around keys and text, no trailing commas, no comments)",
      cause,
    });
  }
}

/**
 * Reads and checks a study folder's study.json. Paths in the config stay relative to the
 * folder (messages show them that way); `dir` is the folder's absolute path. Beyond the config
 * itself this checks that every model file and table exists and that every column study.json
 * names is in its cohort's table header (or derived). The model file's SHA-256 is checked for
 * format only here; comparing it with the file is the model loader's job.
 *
 * @throws InputError naming study.json and the key path (e.g. cohorts[1].outcome.horizonDays):
 *   invalid JSON; unknown keys; wrong types or ranges; unknown roles or rule names; duplicate
 *   ids; not exactly one primary model; thresholds chosen on an external-test cohort; missing
 *   model or table files or image folders; columns the table lacks (with the closest existing
 *   name); an image model whose sequences some cohort's images lack.
 * @example loadStudy("studies/gbsg-external-validation").cohorts.map((c) => c.id)
 * // ["rotterdam", "gbsg"]
 */
export function loadStudy(studyDir: string): Study {
  const dir = resolve(studyDir);
  const study: Study = { ...readStudyConfig(parseStudyJson(dir)), dir };
  refuseMissingFiles(study);
  for (const cohort of study.cohorts) {
    refuseMissingColumns(study, cohort, readTableColumnNames(study, cohort));
  }
  return study;
}
