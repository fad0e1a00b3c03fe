import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeModel, onnxDataType } from "../../data-loaders/model/onnx-schema.ts";
import {
  writeLogisticModel,
  writeOnnxModel,
  type LogisticModelOptions,
} from "../../data-loaders/model/write-onnx.ts";

const base: LogisticModelOptions = {
  coefficients: [0.8, -1.5, 0.1],
  intercept: 0.2,
  featureNames: ["x1", "x2", "x3"],
  elementType: "double",
  batch: "dynamic",
  producer: "write-onnx.test.ts",
  source: "a test",
};

const initializer = (model: any, name: string) =>
  model.graph.initializer.find((t: any) => t.name === name);
const dims = (value: any) =>
  value.type.tensor_type.shape.dim.map((d: any) => d.dim_value ?? d.dim_param);

test("the logistic model is MatMul, Add, Sigmoid at opset 13, IR 7, with a symbolic batch dimension", () => {
  const model = decodeModel(writeLogisticModel(base));
  assert.equal(model.ir_version, 7);
  assert.deepEqual(model.opset_import, [{ domain: "", version: 13 }]);
  assert.deepEqual(model.graph.node.map((n: any) => n.op_type), ["MatMul", "Add", "Sigmoid"]);
  assert.equal(model.graph.input[0].name, "features");
  assert.deepEqual(dims(model.graph.input[0]), ["batch", 3]);
  assert.deepEqual(model.graph.output.map((o: any) => [o.name, dims(o)]), [
    ["logit", ["batch", 1]],
    ["probability", ["batch", 1]],
  ]);
});

test("double weights are stored as double_data, bit for bit", () => {
  const model = decodeModel(writeLogisticModel(base));
  const weights = initializer(model, "weights");
  assert.equal(weights.data_type, onnxDataType.double);
  assert.deepEqual(weights.dims, [3, 1]);
  assert.deepEqual(weights.double_data, [0.8, -1.5, 0.1]);
  assert.deepEqual(initializer(model, "intercept").double_data, [0.2]);
  assert.equal(model.graph.input[0].type.tensor_type.elem_type, onnxDataType.double);
});

test("float weights are stored as float_data, rounded to float32", () => {
  const model = decodeModel(writeLogisticModel({ ...base, elementType: "float" }));
  const weights = initializer(model, "weights");
  assert.equal(weights.data_type, onnxDataType.float);
  assert.deepEqual(weights.float_data, [0.8, -1.5, 0.1].map(Math.fround));
  assert.equal(weights.double_data, undefined);
});

test("a fixed batch size is declared as a number in the first dimension", () => {
  const model = decodeModel(writeLogisticModel({ ...base, batch: 1, inputName: "float_input" }));
  assert.deepEqual(dims(model.graph.input[0]), [1, 3]);
  assert.equal(model.graph.input[0].name, "float_input");
  assert.deepEqual(dims(model.graph.output[1]), [1, 1]);
});

test("feature names (as JSON) and the source are stored in metadata_props, in that order", () => {
  const bytes = writeLogisticModel({ ...base, metadata: [["extra", "value"]] });
  assert.deepEqual(decodeModel(bytes).metadata_props, [
    { key: "feature_names", value: '["x1","x2","x3"]' },
    { key: "source", value: "a test" },
    { key: "extra", value: "value" },
  ]);
});

test("writing twice gives identical bytes", () => {
  assert.deepEqual(writeLogisticModel(base), writeLogisticModel(base));
});

test("invalid logistic models are refused with what is wrong", () => {
  const refused = (change: Partial<LogisticModelOptions>, message: RegExp) =>
    assert.throws(
      () => writeLogisticModel({ ...base, ...change }),
      (e: Error) => e instanceof RangeError && message.test(e.message),
    );
  refused({ coefficients: [], featureNames: [] }, /at least one coefficient/);
  refused({ coefficients: [0.8, NaN, 0.1] }, /coefficient 2 \(x2\) is NaN/);
  refused({ coefficients: [0.8, -1.5, Infinity] }, /coefficient 3 \(x3\) is Infinity/);
  refused({ intercept: -Infinity }, /intercept is -Infinity/);
  refused({ featureNames: ["x1", "x2"] }, /2 feature names for 3 coefficients/);
  refused({ featureNames: ["x1", "", "x3"] }, /must not be empty/);
  refused({ featureNames: ["x1", "x1", "x3"] }, /feature names repeat/);
  refused({ batch: 0 }, /positive integer, got 0/);
  refused({ batch: 1.5 }, /positive integer, got 1.5/);
  refused({ inputName: "weights" }, /input name "weights" .* taken/);
});

test("the generic writer declares sequences, maps, undeclared dims and typed attributes", () => {
  const scalar = { tensor: { elementType: "float" as const, shape: [] } };
  const attributes = {
    axes: { type: "ints" as const, value: [0, 1] },
    label: { type: "string" as const, value: "a" },
  };
  const model = decodeModel(
    writeOnnxModel({
      graphName: "types",
      producer: "test",
      inputs: [{ name: "x", type: { tensor: { elementType: "float", shape: [null, 2] } } }],
      outputs: [
        { name: "s", type: { sequence: { tensor: { elementType: "float", shape: null } } } },
        { name: "m", type: { map: { keyType: "int64", valueType: scalar } } },
      ],
      nodes: [{ opType: "Foo", inputs: ["x"], outputs: ["s"], attributes }],
      opsets: [{ domain: "", version: 13 }, { domain: "ai.onnx.ml", version: 1 }],
    }),
  );
  const dim = model.graph.input[0].type.tensor_type.shape.dim;
  assert.deepEqual(dim.map((d: any) => d.value ?? "undeclared"), ["undeclared", "dim_value"]);
  assert.equal(model.graph.output[0].type.sequence_type.elem_type.tensor_type.shape, undefined);
  assert.equal(model.graph.output[1].type.map_type.key_type, onnxDataType.int64);
  const [axes, label] = model.graph.node[0].attribute;
  assert.deepEqual([axes.name, axes.type, axes.ints], ["axes", 7, [0, 1]]);
  assert.deepEqual([label.name, label.type, new TextDecoder().decode(label.s)], ["label", 3, "a"]);
});

test("an initializer whose values do not fill its dims is refused", () => {
  assert.throws(
    () =>
      writeOnnxModel({
        graphName: "bad",
        producer: "test",
        inputs: [],
        outputs: [],
        nodes: [],
        initializers: [{ name: "w", elementType: "double", dims: [2, 2], values: [1, 2, 3] }],
      }),
    /initializer "w" has 3 values but dims \[2, 2\] need 4/,
  );
});
