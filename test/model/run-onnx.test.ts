import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertAllClose } from "../assert-close.ts";
import { InputError } from "../../data-loaders/errors.ts";
import { memoryLogger } from "../../data-loaders/log.ts";
import { runModel, type RunModelOptions } from "../../data-loaders/model/run-onnx.ts";
import {
  writeLogisticModel,
  writeOnnxModel,
  type GraphSpec,
  type Initializer,
  type ValueType,
} from "../../data-loaders/model/write-onnx.ts";
import type { OnnxElementType } from "../../data-loaders/model/onnx-schema.ts";

const folder = mkdtempSync(join(tmpdir(), "run-onnx-test-"));
after(() => rmSync(folder, { recursive: true, force: true }));

/** Writes model bytes to a file of its own, so that messages can be checked for the path. */
function saved(name: string, bytes: Uint8Array): string {
  const path = join(folder, `${name}.onnx`);
  writeFileSync(path, bytes);
  return path;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const tensor = (elementType: OnnxElementType, shape: (number | string)[] | null): ValueType => ({
  tensor: { elementType, shape },
});
const castTo = (code: number) => ({ to: { type: "int" as const, value: code } });
const axisOne = { axis: { type: "int" as const, value: 1 } };

/** A one-input graph named "x"; each test declares the outputs it needs. */
function graph(spec: Omit<GraphSpec, "graphName" | "producer" | "inputs"> & { input: ValueType }) {
  const { input, ...rest } = spec;
  return writeOnnxModel({
    graphName: "test_graph",
    producer: "run-onnx.test.ts",
    inputs: [{ name: "x", type: input }],
    ...rest,
  });
}

const weights = (values: number[]): Initializer => ({
  name: "w",
  elementType: "float",
  dims: [values.length, 1],
  values,
});
function probabilityOut(shape: (number | string)[] = ["batch", 1], type: OnnxElementType = "float") {
  return [{ name: "probability", type: tensor(type, shape) }];
}

function logistic(elementType: "float" | "double", batch: "dynamic" | number, inputName = "x") {
  return writeLogisticModel({
    coefficients: [0.8, -1.5],
    intercept: 0.2,
    featureNames: ["x1", "x2"],
    inputName,
    elementType,
    batch,
    producer: "run-onnx.test.ts",
  });
}

const rows = Float64Array.from([0, 0, 1, 0.5, 2, -1, 0.1, 0.7]);
const expected = [0.2, 0.25, 3.3, -0.77].map(sigmoid);

/** Runs a model on a matrix (by default the four two-feature rows) with a fresh logger. */
function score(
  model: string | Uint8Array,
  matrix: Float64Array = rows,
  k = 2,
  options: Partial<RunModelOptions> = {},
) {
  return runModel(model, matrix, matrix.length / k, k, { logger: memoryLogger(), ...options });
}

/** Asserts an InputError whose message starts with the model file and says how to fix it. */
async function assertRefused(run: Promise<unknown>, path: string, ...says: RegExp[]) {
  await assert.rejects(run, (error: Error) => {
    assert.ok(error instanceof InputError, `expected InputError, got ${error.name}: ${error.message}`);
    assert.ok(error.message.startsWith(`${path}: `), `should start with the path: ${error.message}`);
    assert.match(error.message, /\. Fix: \S/);
    for (const pattern of says) assert.match(error.message, pattern);
    return true;
  });
}

test("a float64 model scores rows in one run and returns its own logit (no conversion)", async () => {
  const logger = memoryLogger();
  const result = await runModel(logistic("double", "dynamic"), rows, 4, 2, { logger });
  assertAllClose(result.probability, expected, 1e-15, "probability");
  assertAllClose(result.logit!, [0.2, 0.25, 3.3, -0.77], 1e-15, "logit");
  assert.equal(result.elementType, "float64");
  assert.equal(result.inputConversion, null);
  assert.equal(result.logitSource, "model output");
  assert.deepEqual([result.batchedRowsPerRun, result.runs], [4, 1]);
  assert.equal(logger.lines.filter((l) => l.startsWith("warning")).length, 0);
});

test("empty input: no rows give empty results and no run", async () => {
  const result = await score(logistic("float", "dynamic"), new Float64Array(0));
  assert.equal(result.probability.length, 0);
  assert.equal(result.logit?.length, 0);
  assert.equal(result.runs, 0);
});

test("all rows tied: identical features give identical probabilities", async () => {
  const result = await score(logistic("float", "dynamic"), new Float64Array(10).fill(0.5));
  assert.equal(result.probability.length, 5);
  assert.equal(new Set(result.probability).size, 1);
  assert.equal(new Set(result.logit!).size, 1);
});

test("a fixed batch of 3 with 4 rows runs twice, pads the last batch, and keeps row order", async () => {
  const result = await score(logistic("float", 3));
  assertAllClose(result.probability, expected, 1e-6, "probability");
  assert.deepEqual([result.batchedRowsPerRun, result.runs], [3, 2]);
});

test("NaN or Infinity in the features is refused before the model runs (rows named)", async () => {
  const bad = Float64Array.from([0, 0, NaN, 1, 2, Infinity]);
  await assert.rejects(score(logistic("float", "dynamic"), bad), (e: Error) => {
    assert.ok(e instanceof RangeError);
    assert.match(e.message, /NaN or ±Infinity in 2 row\(s\) \(rows 2, 3\)/);
    assert.match(e.message, /impute or exclude/);
    return true;
  });
});

test("a matrix whose length is not n × k is refused", async () => {
  const run = runModel(logistic("float", "dynamic"), rows, 3, 2, { logger: memoryLogger() });
  await assert.rejects(run, /8 values but n × k = 3 × 2 = 6/);
});

test("a file that is not an ONNX model, or no file, is refused with the path", async () => {
  const path = saved("not-a-model", new TextEncoder().encode("age,meno\n49,0\n"));
  await assertRefused(score(path), path, /onnxruntime could not load the model/);
  const missing = join(folder, "missing.onnx");
  await assertRefused(score(missing), missing, /could not load the model/);
});

test("a wrong input name is refused, listing the model's inputs", async () => {
  const path = saved("input-name", logistic("float", "dynamic", "float_input"));
  await assertRefused(
    score(path, rows, 2, { inputName: "features" }),
    path,
    /no input named "features"; its inputs are "float_input"/,
    /set inputName/,
  );
});

test("a model with two inputs is refused: the tool feeds one matrix", async () => {
  const model = writeOnnxModel({
    graphName: "two_inputs",
    producer: "test",
    inputs: [
      { name: "a", type: tensor("float", ["batch", 1]) },
      { name: "b", type: tensor("float", ["batch", 1]) },
    ],
    outputs: probabilityOut(),
    nodes: [{ opType: "Add", inputs: ["a", "b"], outputs: ["probability"] }],
  });
  const path = saved("two-inputs", model);
  const says = [/declares 2 inputs/, /single input of shape \[N, k\]/];
  await assertRefused(score(path, rows, 1), path, ...says);
});

test("a rank-3 input is refused before running, with the declared shape", async () => {
  const model = graph({
    input: tensor("float", ["batch", 2, 1]),
    outputs: probabilityOut(),
    nodes: [
      { opType: "Flatten", inputs: ["x"], outputs: ["flat"], attributes: axisOne },
      { opType: "MatMul", inputs: ["flat", "w"], outputs: ["lp"] },
      { opType: "Sigmoid", inputs: ["lp"], outputs: ["probability"] },
    ],
    initializers: [weights([0.8, -1.5])],
  });
  const path = saved("rank-3", model);
  await assertRefused(score(path), path, /shape \[batch, 2, 1\] \(rank 3\)/, /shape \[N, 2\]/);
});

test("a declared feature count other than the encoded one is refused, naming input, shape and count", async () => {
  const path = saved("three-features", logistic("float", "dynamic", "float_input"));
  await assertRefused(
    score(path, new Float64Array(12), 3),
    path,
    /input "float_input" is declared with shape \[batch, 2\], i\.e\. 2 features, but 3 features were encoded/,
    /same order/,
  );
});

test("an input of element type bool is refused", async () => {
  const model = graph({
    input: tensor("bool", ["batch", 1]),
    outputs: probabilityOut(),
    nodes: [
      { opType: "Cast", inputs: ["x"], outputs: ["xf"], attributes: castTo(1) },
      { opType: "Sigmoid", inputs: ["xf"], outputs: ["probability"] },
    ],
  });
  const path = saved("bool-input", model);
  const run = score(path, Float64Array.from([0, 1]), 1);
  await assertRefused(run, path, /element type bool/, /float32 or float64 input/);
});

test("a missing probability or logit output is refused, listing the outputs", async () => {
  const path = saved("outputs", logistic("float", "dynamic"));
  await assertRefused(
    score(path, rows, 2, { outputs: { probability: "prob" } }),
    path,
    /probability output "prob" is missing; the model's outputs are "logit", "probability"/,
  );
  await assertRefused(
    score(path, rows, 2, { outputs: { logit: "lp" } }),
    path,
    /logit output "lp" is missing/,
    /set outputs\.logit/,
  );
});

test("a probability output that is a sequence of maps (ZipMap) is refused before running", async () => {
  const perClass: ValueType = { map: { keyType: "int64", valueType: tensor("float", []) } };
  const model = graph({
    input: tensor("float", ["batch", 2]),
    outputs: [{ name: "probability", type: { sequence: perClass } }],
    nodes: [
      {
        opType: "ZipMap",
        domain: "ai.onnx.ml",
        inputs: ["x"],
        outputs: ["probability"],
        attributes: { classlabels_int64s: { type: "ints", value: [0, 1] } },
      },
    ],
    opsets: [
      { domain: "", version: 13 },
      { domain: "ai.onnx.ml", version: 1 },
    ],
  });
  const path = saved("zipmap", model);
  await assertRefused(score(path), path, /not a tensor but a sequence or map/, /zipmap = False/);
});

test("a probability output that is a sequence of tensors is refused before running", async () => {
  const model = graph({
    input: tensor("float", ["batch", 2]),
    outputs: [{ name: "probability", type: { sequence: tensor("float", null) } }],
    nodes: [{ opType: "SequenceConstruct", inputs: ["x"], outputs: ["probability"] }],
  });
  const path = saved("sequence", model);
  await assertRefused(score(path), path, /not a tensor/, /float tensor \[N, 1\]/);
});

test("an output of element type int64 (a predicted label) is refused", async () => {
  const model = graph({
    input: tensor("float", ["batch", 2]),
    outputs: probabilityOut(["batch", 1], "int64"),
    nodes: [
      { opType: "MatMul", inputs: ["x", "w"], outputs: ["lp"] },
      { opType: "Cast", inputs: ["lp"], outputs: ["probability"], attributes: castTo(7) },
    ],
    initializers: [weights([0.8, -1.5])],
  });
  const path = saved("int64-output", model);
  await assertRefused(
    score(path),
    path,
    /element type int64; a probability or logit must be float32 or float64/,
    /rather than a predicted label/,
  );
});

test("an output with two columns per patient is refused (which column is positive is not guessed)", async () => {
  const model = graph({
    input: tensor("float", ["batch", 2]),
    outputs: probabilityOut(["batch", 2]),
    nodes: [{ opType: "Sigmoid", inputs: ["x"], outputs: ["probability"] }],
  });
  const path = saved("two-columns", model);
  const says = [/shape \[batch, 2\]; one value per patient/, /positive-class column/];
  await assertRefused(score(path), path, ...says);
});

test("probabilities outside [0, 1] (a logit given as probability) are refused with row numbers", async () => {
  const model = graph({
    input: tensor("float", ["batch", 2]),
    outputs: probabilityOut(),
    nodes: [{ opType: "MatMul", inputs: ["x", "w"], outputs: ["probability"] }],
    initializers: [weights([0.8, -1.5])],
  });
  const path = saved("no-sigmoid", model);
  await assertRefused(
    score(path),
    path,
    /2 value\(s\) that are NaN or outside \[0, 1\] \(rows 3, 4\)/,
    /final sigmoid is applied/,
  );
});

test("NaN probabilities are refused with row numbers", async () => {
  const model = graph({
    input: tensor("float", ["batch", 1]),
    outputs: probabilityOut(),
    nodes: [{ opType: "Sqrt", inputs: ["x"], outputs: ["probability"] }],
  });
  const path = saved("nan-output", model);
  const run = score(path, Float64Array.from([0.25, -1, 0.81]), 1);
  await assertRefused(run, path, /1 value\(s\) that are NaN or outside \[0, 1\] \(row 2\)/);
});

/** The logistic graph with its logit kept internal: only "probability" is an output. */
function probabilityOnly(elementType: "float" | "double", intercept: number) {
  return graph({
    input: tensor(elementType, ["batch", 2]),
    outputs: probabilityOut(["batch", 1], elementType),
    nodes: [
      { opType: "MatMul", inputs: ["x", "w"], outputs: ["weighted"] },
      { opType: "Add", inputs: ["weighted", "b"], outputs: ["lp"] },
      { opType: "Sigmoid", inputs: ["lp"], outputs: ["probability"] },
    ],
    initializers: [
      { name: "w", elementType, dims: [2, 1], values: [0.8, -1.5] },
      { name: "b", elementType, dims: [1], values: [intercept] },
    ],
  });
}

test("without a logit output the logit is log(p / (1 − p)), with one warning per logger about float32 ties", async () => {
  const logger = memoryLogger();
  const path = saved("probability-only", probabilityOnly("float", 0.2));
  const first = await runModel(path, rows, 4, 2, { logger });
  await runModel(path, rows, 4, 2, { logger });
  assert.equal(first.logitSource, "computed from probability");
  const fromProbability = Array.from(first.probability, (p) => Math.log(p / (1 - p)));
  assert.deepEqual(Array.from(first.logit!), fromProbability);
  assertAllClose(first.logit!, [0.2, 0.25, 3.3, -0.77], 1e-6, "logit from float32 probability");
  const warnings = logger.lines.filter((l) => l.startsWith("warning"));
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /no logit output.*float32 probabilities near 0 or 1 round to equal/);
  assert.match(warnings[0], /re-export it with a logit output/);
});

test("a derived logit is null, with a reason, when float32 probabilities reach exactly 1", async () => {
  const result = await score(probabilityOnly("float", 40));
  assert.equal(result.logit, null);
  assert.equal(result.logitSource, null);
  const reason = /probabilities are exactly 0 or 1.*needs a logit output/;
  assert.match(result.logitNotAvailableReason!, reason);
});

test("a model without a declared input shape runs, with a warning that the feature count went unchecked", async () => {
  const model = graph({
    input: tensor("float", null),
    outputs: [{ name: "probability", type: tensor("float", null) }],
    nodes: [{ opType: "Sigmoid", inputs: ["x"], outputs: ["probability"] }],
  });
  const logger = memoryLogger();
  const options = { logger, modelLabel: "shapeless.onnx" };
  const result = await score(model, Float64Array.from([0, 2]), 1, options);
  assertAllClose(result.probability, [0.5, sigmoid(2)], 1e-7, "probability");
  const warning = /^warning: shapeless\.onnx: the model declares no input shape/;
  assert.ok(logger.lines.some((line) => warning.test(line)));
});

test("progress goes to the logger: a start line with counts and an end line with elapsed time", async () => {
  const logger = memoryLogger();
  await score(logistic("float", 1), rows, 2, { logger, modelLabel: "batch-one.onnx" });
  assert.match(logger.lines[0], /^batch-one\.onnx: scoring 4 rows × 2 features, input "x" float32/);
  assert.match(logger.lines[0], /4 run\(s\) of 1 row\(s\)$/);
  assert.match(logger.lines.at(-1)!, /^batch-one\.onnx: scoring: 4 rows done in \d+\.\d s$/);
});
