/**
 * Writes ONNX models without Python: a locked logistic regression (the study's model) and, for
 * tests, any small graph described as plain data. The bytes depend only on the arguments (no
 * timestamps, fields in field-number order), so writing twice gives identical files.
 */
import {
  ModelProto,
  onnxAttributeType,
  onnxDataType,
  type OnnxElementType,
} from "./onnx-schema.ts";

/** Opset 13 of the default domain; IR version 7 is the one that introduced opset 13. */
export const DEFAULT_OPSET = 13;
export const DEFAULT_IR_VERSION = 7;

/**
 * The declared type of a graph input or output. A shape entry is a size, a symbolic name, or
 * null for a dimension left undeclared; a null shape leaves the whole shape undeclared.
 */
export type ValueType =
  | { tensor: { elementType: OnnxElementType; shape: readonly (number | string | null)[] | null } }
  | { sequence: ValueType }
  | { map: { keyType: OnnxElementType; valueType: ValueType } };

export type AttributeValue =
  | { type: "int"; value: number }
  | { type: "float"; value: number }
  | { type: "string"; value: string }
  | { type: "ints"; value: readonly number[] }
  | { type: "floats"; value: readonly number[] }
  | { type: "strings"; value: readonly string[] };

export interface GraphNode {
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  name?: string;
  /** Operator domain; "" is the default ONNX domain, "ai.onnx.ml" the classic-ML one. */
  domain?: string;
  attributes?: Readonly<Record<string, AttributeValue>>;
}

export interface Initializer {
  name: string;
  elementType: "float" | "double" | "int64";
  dims: readonly number[];
  values: readonly number[];
}

export interface GraphSpec {
  graphName: string;
  inputs: readonly { name: string; type: ValueType }[];
  outputs: readonly { name: string; type: ValueType }[];
  nodes: readonly GraphNode[];
  initializers?: readonly Initializer[];
  /** Operator sets; defaults to the default domain at opset 13. */
  opsets?: readonly { domain: string; version: number }[];
  /** Stored as `metadata_props`, in the order given. */
  metadata?: readonly (readonly [string, string])[];
  producer: string;
  producerVersion?: string;
  docString?: string;
  irVersion?: number;
}

/**
 * Encodes a small ONNX graph described as plain data into `ModelProto` bytes. Used for the
 * locked model and, in tests, for models that are wrong on purpose (a sequence or map output,
 * an integer input, a wrong rank) so that every refusal of the runner can be exercised.
 *
 * @throws RangeError when an initializer's values do not fill its dims.
 * @example
 * writeOnnxModel({
 *   graphName: "identity", producer: "test",
 *   inputs: [{ name: "x", type: { tensor: { elementType: "float", shape: ["batch", 2] } } }],
 *   outputs: [{ name: "y", type: { tensor: { elementType: "float", shape: ["batch", 2] } } }],
 *   nodes: [{ opType: "Identity", inputs: ["x"], outputs: ["y"] }],
 * }) // Uint8Array of 116 bytes
 */
export function writeOnnxModel(spec: GraphSpec): Uint8Array {
  const opsets = spec.opsets ?? [{ domain: "", version: DEFAULT_OPSET }];
  const model = {
    ir_version: spec.irVersion ?? DEFAULT_IR_VERSION,
    producer_name: spec.producer,
    producer_version: spec.producerVersion ?? "",
    model_version: 1,
    doc_string: spec.docString ?? "",
    graph: {
      name: spec.graphName,
      node: spec.nodes.map(nodeProto),
      initializer: (spec.initializers ?? []).map(tensorProto),
      input: spec.inputs.map(valueInfoProto),
      output: spec.outputs.map(valueInfoProto),
    },
    opset_import: opsets.map((o) => ({ domain: o.domain, version: o.version })),
    metadata_props: (spec.metadata ?? []).map(([key, value]) => ({ key, value })),
  };
  const error = ModelProto.verify(model);
  if (error) throw new RangeError(`ONNX model description is invalid: ${error}`);
  const bytes = ModelProto.encode(ModelProto.fromObject(model)).finish();
  return new Uint8Array(bytes);
}

function nodeProto(node: GraphNode, index: number) {
  const attributes = Object.entries(node.attributes ?? {}).map(([name, a]) =>
    attributeProto(name, a),
  );
  return {
    input: [...node.inputs],
    output: [...node.outputs],
    name: node.name ?? `${node.opType.toLowerCase()}_${index}`,
    op_type: node.opType,
    domain: node.domain ?? "",
    attribute: attributes,
  };
}

function attributeProto(name: string, a: AttributeValue) {
  const type = onnxAttributeType[a.type];
  const utf8 = (s: string) => new TextEncoder().encode(s);
  switch (a.type) {
    case "int":
      return { name, type, i: a.value };
    case "float":
      return { name, type, f: a.value };
    case "string":
      return { name, type, s: utf8(a.value) };
    case "ints":
      return { name, type, ints: [...a.value] };
    case "floats":
      return { name, type, floats: [...a.value] };
    case "strings":
      return { name, type, strings: a.value.map(utf8) };
  }
}

function tensorProto(t: Initializer) {
  const size = t.dims.reduce((product, d) => product * d, 1);
  if (size !== t.values.length) {
    throw new RangeError(
      `initializer "${t.name}" has ${t.values.length} values but dims [${t.dims.join(", ")}] need ${size}`,
    );
  }
  const tensor = { name: t.name, dims: [...t.dims], data_type: onnxDataType[t.elementType] };
  const values = [...t.values];
  // Typed fields rather than raw_data, so the values stay readable when the model is decoded.
  if (t.elementType === "double") return { ...tensor, double_data: values };
  if (t.elementType === "float") return { ...tensor, float_data: values };
  return { ...tensor, int64_data: values };
}

function valueInfoProto(value: { name: string; type: ValueType }) {
  return { name: value.name, type: typeProto(value.type) };
}

function typeProto(type: ValueType): object {
  if ("sequence" in type) return { sequence_type: { elem_type: typeProto(type.sequence) } };
  if ("map" in type) {
    const key_type = onnxDataType[type.map.keyType];
    return { map_type: { key_type, value_type: typeProto(type.map.valueType) } };
  }
  const { elementType, shape } = type.tensor;
  const tensor_type: Record<string, unknown> = { elem_type: onnxDataType[elementType] };
  if (shape !== null) {
    tensor_type.shape = {
      dim: shape.map((d) =>
        d === null ? {} : typeof d === "number" ? { dim_value: d } : { dim_param: d },
      ),
    };
  }
  return { tensor_type };
}

export interface LogisticModelOptions {
  /** One coefficient per feature, in the column order of the input matrix. */
  coefficients: readonly number[];
  intercept: number;
  featureNames: readonly string[];
  inputName?: string;
  /** "double" keeps R's coefficients exactly; "float" rounds them to float32. */
  elementType: "double" | "float";
  /** "dynamic" declares the first dimension as the symbol "batch"; a number fixes it. */
  batch: "dynamic" | number;
  producer: string;
  producerVersion?: string;
  /** Where the coefficients come from, stored in the model's metadata as "source". */
  source?: string;
  /** Further metadata entries, stored after feature_names and source. */
  metadata?: readonly (readonly [string, string])[];
}

/** Output names of the logistic graph. */
export const LOGISTIC_OUTPUTS = { logit: "logit", probability: "probability" } as const;

/**
 * Writes a fitted logistic regression as an ONNX model: `logit = X·w + b` (MatMul then Add)
 * and `probability = Sigmoid(logit)`, both of shape [N, 1], for an input X of shape [N, k].
 * Weights and intercept are initializers (`double_data` or `float_data`); feature names (as a
 * JSON array) and the source go into `metadata_props`. Opset 13, IR version 7.
 *
 * Logistic model as in R's `glm(family = binomial)`: `p = plogis(lp)`.
 *
 * @throws RangeError when a coefficient or the intercept is not finite, when the number of
 *   feature names differs from the number of coefficients, when a name is empty or repeated,
 *   when a fixed batch size is not a positive integer, or when the input name is empty or one
 *   of the graph's own value names.
 * @example
 * writeLogisticModel({ coefficients: [0.8, -1.5], intercept: 0.2, featureNames: ["x1", "x2"],
 *   inputName: "float_input", elementType: "float", batch: "dynamic", producer: "test" })
 * // Uint8Array; run on the row [1, 0.5] it gives logit 0.25 and probability 0.562177
 */
export function writeLogisticModel(options: LogisticModelOptions): Uint8Array {
  checkLogisticOptions(options);
  const k = options.coefficients.length;
  const elementType = options.elementType;
  const input = options.inputName ?? "features";
  const { logit, probability } = LOGISTIC_OUTPUTS;
  const rows = options.batch === "dynamic" ? "batch" : options.batch;
  const tensor = (shape: (number | string)[]) => ({ tensor: { elementType, shape } });
  const metadata: [string, string][] = [["feature_names", JSON.stringify(options.featureNames)]];
  if (options.source !== undefined) metadata.push(["source", options.source]);
  return writeOnnxModel({
    graphName: "logistic_regression",
    producer: options.producer,
    producerVersion: options.producerVersion,
    docString: "logit = X·w + b; probability = 1 / (1 + exp(-logit))",
    inputs: [{ name: input, type: tensor([rows, k]) }],
    outputs: [
      { name: logit, type: tensor([rows, 1]) },
      { name: probability, type: tensor([rows, 1]) },
    ],
    initializers: [
      { name: "weights", elementType, dims: [k, 1], values: options.coefficients },
      { name: "intercept", elementType, dims: [1], values: [options.intercept] },
    ],
    nodes: [
      { opType: "MatMul", name: "weighted_sum", inputs: [input, "weights"], outputs: ["xw"] },
      { opType: "Add", name: "add_intercept", inputs: ["xw", "intercept"], outputs: [logit] },
      { opType: "Sigmoid", name: "inverse_logit", inputs: [logit], outputs: [probability] },
    ],
    metadata: [...metadata, ...(options.metadata ?? [])],
  });
}

function checkLogisticOptions(options: LogisticModelOptions): void {
  const { coefficients, featureNames, intercept, batch } = options;
  const refuse = (message: string) => {
    throw new RangeError(message);
  };
  if (coefficients.length === 0) refuse("a logistic model needs at least one coefficient");
  const bad = coefficients.findIndex((c) => !Number.isFinite(c));
  if (bad >= 0) {
    refuse(`coefficient ${bad + 1} (${featureNames[bad]}) is ${coefficients[bad]}; coefficients must be finite numbers`);
  }
  if (!Number.isFinite(intercept)) refuse(`the intercept is ${intercept}; it must be finite`);
  if (featureNames.length !== coefficients.length) {
    refuse(`${featureNames.length} feature names for ${coefficients.length} coefficients; give one name per coefficient, in input column order`);
  }
  if (featureNames.some((name) => name === "")) refuse("feature names must not be empty");
  if (new Set(featureNames).size !== featureNames.length) {
    refuse(`feature names repeat: ${featureNames.join(", ")}; each input column needs its own name`);
  }
  if (batch !== "dynamic" && !(Number.isInteger(batch) && batch > 0)) {
    refuse(`batch must be "dynamic" or a positive integer, got ${batch}`);
  }
  const input = options.inputName ?? "features";
  if (input === "" || ["weights", "intercept", "xw", "logit", "probability"].includes(input)) {
    refuse(`input name "${input}" is empty or taken by a value inside the graph; choose another`);
  }
}
