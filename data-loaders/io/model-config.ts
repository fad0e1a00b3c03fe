/**
 * The `models` section of study.json: where each model's predictions come from (an ONNX file
 * the engine runs on tabular features or on MRI patches, or prediction columns computed
 * elsewhere) and how its inputs are encoded.
 */
import { readSequenceNames } from "./image-config.ts";
import type {
  FeatureSpec,
  ImagePatchKind,
  ModelConfig,
  OnnxImageSource,
  OnnxSource,
  PredictionsSource,
} from "./study-types.ts";
import {
  type ConfigNode,
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
  shown,
} from "./config-reader.ts";

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
export const ID_PATTERN_TEXT = "lower-case letters, digits and '-' (for example \"external-1\")";
const SHA256_PATTERN = /^[0-9a-f]{64}$/;
const TRANSFORMS = ["log1p", "log"] as const;
export const PATCH_KINDS: readonly ImagePatchKind[] = ["3d", "2.5d", "2d"];
const SOURCE_KINDS = ["onnx", "predictions", "onnx-image"] as const;

type ModelSource = OnnxSource | PredictionsSource | OnnxImageSource;

/** The keys an ONNX file source shares, whatever its inputs are. */
function readOnnxFile(node: ConfigNode): Omit<OnnxSource, "kind"> {
  const outputs = child(node, "outputs");
  readObject(outputs, ["probability"], ["logit"]);
  return {
    file: readStudyPath(child(node, "file"), [".onnx"]),
    sha256: readString(child(node, "sha256"), {
      pattern: SHA256_PATTERN,
      patternText: "64 lower-case hexadecimal digits (the output of sha256sum)",
    }),
    input: readString(child(node, "input")),
    outputs: {
      probability: readString(child(outputs, "probability")),
      ...(has(outputs, "logit") ? { logit: readString(child(outputs, "logit")) } : {}),
    },
  };
}

function readOnnxSource(node: ConfigNode): OnnxSource {
  readObject(node, ["kind", "file", "sha256", "input", "outputs"]);
  return { kind: "onnx", ...readOnnxFile(node) };
}

function readOnnxImageSource(node: ConfigNode): OnnxImageSource {
  readObject(node, ["kind", "file", "sha256", "input", "outputs", "patch", "sequences"]);
  const { file, sha256, input, outputs } = readOnnxFile(node);
  return {
    kind: "onnx-image",
    file,
    sha256,
    input,
    patch: readChoice(child(node, "patch"), PATCH_KINDS),
    sequences: readSequenceNames(child(node, "sequences")),
    outputs,
  };
}

function readPredictionsSource(node: ConfigNode): PredictionsSource {
  readObject(node, ["kind", "probabilityColumn"], ["logitColumn"]);
  return {
    kind: "predictions",
    probabilityColumn: readString(child(node, "probabilityColumn")),
    ...(has(node, "logitColumn") ? { logitColumn: readString(child(node, "logitColumn")) } : {}),
  };
}

function readIndicator(node: ConfigNode, feature: FeatureSpec): void {
  const equals = child(node, "equals");
  if (typeof equals.value !== "string" && typeof equals.value !== "number") {
    configError(
      equals.path,
      `is ${shown(equals.value)}; expected a category as text or a number`,
      'write the category, for example "20-50" or 3',
    );
  }
  feature.equals = equals.value;
  if (!has(node, "levels")) return;
  const levels = readArray(child(node, "levels"), { minLength: 2 });
  for (const level of levels) {
    if (typeof level.value !== typeof equals.value) {
      configError(
        level.path,
        `is ${shown(level.value)}; expected a ${typeof equals.value} like "equals"`,
        "write levels and equals the same way (all text or all numbers)",
      );
    }
  }
  refuseDuplicates(levels, "level");
  if (!levels.some((level) => level.value === equals.value)) {
    configError(
      equals.path,
      `is ${shown(equals.value)}, which is not among the listed levels`,
      "add it to levels or correct its spelling",
    );
  }
  feature.levels = levels.map((level) => level.value as string | number);
}

/** Reads one feature; `equals` excludes `capAt` and `transform`. */
export function readFeature(node: ConfigNode): FeatureSpec {
  readObject(node, ["name", "column"], ["equals", "levels", "capAt", "transform"]);
  const feature: FeatureSpec = {
    name: readString(child(node, "name")),
    column: readString(child(node, "column")),
  };
  if (has(node, "equals")) {
    for (const key of ["capAt", "transform"]) {
      if (has(node, key)) {
        configError(
          child(node, key).path,
          'cannot be combined with "equals" (an indicator is 0 or 1)',
          `remove "${key}" or "equals"`,
        );
      }
    }
    readIndicator(node, feature);
    return feature;
  }
  if (has(node, "levels")) {
    configError(
      child(node, "levels").path,
      'is only meaningful with "equals"',
      'remove "levels" or add "equals"',
    );
  }
  if (has(node, "capAt")) feature.capAt = readNumber(child(node, "capAt"));
  if (has(node, "transform")) feature.transform = readChoice(child(node, "transform"), TRANSFORMS);
  return feature;
}

function readFeatures(node: ConfigNode, source: ModelSource): FeatureSpec[] {
  const features = child(node, "features");
  if (source.kind !== "onnx") {
    const empty = Array.isArray(features.value) && features.value.length === 0;
    if (features.value !== undefined && !empty) {
      if (source.kind === "predictions") {
        configError(
          features.path,
          "is set, but a predictions source is not run by the engine",
          'remove "features" or use an "onnx" source',
        );
      }
      configError(
        features.path,
        "is set, but an image model takes no tabular features",
        'write "features": [] or remove it',
      );
    }
    return [];
  }
  const nodes = readArray(features, { minLength: 1 });
  refuseDuplicates(nodes.map((feature) => child(feature, "name")), "feature name");
  return nodes.map(readFeature);
}

export function readModel(node: ConfigNode): ModelConfig {
  readObject(node, ["id", "label", "source"], ["primary", "features"]);
  const sourceNode = child(node, "source");
  readObject(
    sourceNode,
    ["kind"],
    [
      ...["file", "sha256", "input", "outputs", "probabilityColumn", "logitColumn"],
      ...["patch", "sequences"],
    ],
  );
  const kind = readChoice(child(sourceNode, "kind"), SOURCE_KINDS);
  const source: ModelSource =
    kind === "onnx"
      ? readOnnxSource(sourceNode)
      : kind === "onnx-image"
        ? readOnnxImageSource(sourceNode)
        : readPredictionsSource(sourceNode);
  return {
    id: readString(child(node, "id"), { pattern: ID_PATTERN, patternText: ID_PATTERN_TEXT }),
    label: readString(child(node, "label")),
    primary: has(node, "primary") ? readBoolean(child(node, "primary")) : false,
    source,
    features: readFeatures(node, source),
  };
}

/** Reads `models`: distinct ids and one primary (a lone model is primary unless it says false). */
export function readModels(node: ConfigNode): ModelConfig[] {
  const nodes = readArray(node, { minLength: 1 });
  refuseDuplicates(nodes.map((model) => child(model, "id")), "model id");
  const models = nodes.map(readModel);
  if (models.length === 1 && !has(nodes[0], "primary")) models[0].primary = true;
  const primaries = models.filter((model) => model.primary).length;
  if (primaries !== 1) {
    configError(
      node.path,
      `has ${primaries} models marked primary; expected exactly one`,
      'set "primary": true on the one prespecified primary model and false (or nothing) on the others',
    );
  }
  return models;
}
