import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertAllClose } from "../assert-close.ts";
import { InputError } from "../../data-loaders/errors.ts";
import { memoryLogger } from "../../data-loaders/log.ts";
import { loadOnnxRuntime } from "../../data-loaders/model/onnx-runtime.ts";
import { runModel } from "../../data-loaders/model/run-onnx.ts";
import { writeLogisticModel, writeOnnxModel } from "../../data-loaders/model/write-onnx.ts";

// Case 24 (test/fixtures/cases/24-onnx-float64-input-and-fixed-batch-dim.md): one logistic
// model (coefficients 0.8, −1.5, intercept 0.2, input "float_input") written twice with the
// project's writer, float32 with a dynamic batch [batch, 2] and float32 with a fixed batch [1, 2].
const folder = mkdtempSync(join(tmpdir(), "case-24-"));
after(() => rmSync(folder, { recursive: true, force: true }));

function fixture(name: string, batch: "dynamic" | number): string {
  const path = join(folder, name);
  const model = writeLogisticModel({
    coefficients: [0.8, -1.5],
    intercept: 0.2,
    featureNames: ["x1", "x2"],
    inputName: "float_input",
    elementType: "float",
    batch,
    producer: "case 24",
  });
  writeFileSync(path, model);
  return path;
}
const dynamicModel = fixture("dynamic-batch.onnx", "dynamic");
const fixedModel = fixture("fixed-batch-1.onnx", 1);

// The rows as a CSV parser yields them: JavaScript numbers, i.e. float64.
const csv = "x1,x2\n0.0,0.0\n1.0,0.5\n2.0,-1.0\n0.1,0.7\n";
const csvRows = csv.trim().split("\n").slice(1);
const features = Float64Array.from(csvRows.flatMap((line) => line.split(",").map(Number)));
const printed = [0.549834, 0.562177, 0.964429, 0.316479];
const sigmoid = (lp: number) => 1 / (1 + Math.exp(-lp));
const byHand = [0.2, 0.25, 3.3, 0.2 + 0.08 - 1.05].map(sigmoid);

test("case 24: dynamic [batch, 2] float32 model, one run of 4 rows, p = 0.549834, 0.562177, 0.964429, 0.316479 (|Δ| ≤ 1e-6)", async () => {
  const result = await runModel(dynamicModel, features, 4, 2, { logger: memoryLogger() });
  assertAllClose(result.probability, printed, 1e-6, "probability vs printed");
  assertAllClose(result.probability, byHand, 1e-6, "probability vs sigmoid of the hand lp");
  assertAllClose(result.logit!, [0.2, 0.25, 3.3, -0.77], 1e-6, "linear predictor");
  assert.deepEqual([result.batchedRowsPerRun, result.runs], [4, 1]);
});

test("case 24: float64 features are converted to float32 once, explicitly, and the result says so", async () => {
  const logger = memoryLogger();
  const result = await runModel(dynamicModel, features, 4, 2, { logger });
  assert.equal(result.inputElementType, "float32");
  assert.equal(result.elementType, "float32");
  assert.match(result.inputConversion!, /float64 features converted once to float32 \(Float32Array\.from\)/);
  assert.match(logger.lines[0], /input "float_input" float32 \(float64 features converted once to float32/);
  // Fourth row in float32: fround(0.1) = 0.10000000149011612, fround(0.7) = 0.699999988079071.
  assert.equal(Math.fround(0.1), 0.10000000149011612);
  assert.equal(Math.fround(0.7), 0.699999988079071);
  assert.ok(Math.abs(result.probability[3] - 0.31647915) < 1e-7);
  // Probabilities come back float32: every value is a float32 number, widened exactly.
  for (const p of result.probability) assert.equal(Math.fround(p), p);
});

test("case 24: without the conversion onnxruntime rejects a Float64Array for a float32 input", async () => {
  const ort = await loadOnnxRuntime();
  const session = await ort.InferenceSession.create(dynamicModel);
  try {
    const raw = new ort.Tensor("float64", features, [4, 2]);
    await assert.rejects(
      session.run({ float_input: raw }),
      /Unexpected input data type\. Actual: \(tensor\(double\)\) , expected: \(tensor\(float\)\)/,
    );
  } finally {
    await session.release();
  }
});

test("case 24: fixed [1, 2] model runs one row at a time, same four probabilities in row order, identical to the batched run", async () => {
  const fixed = await runModel(fixedModel, features, 4, 2, { logger: memoryLogger() });
  const dynamic = await runModel(dynamicModel, features, 4, 2, { logger: memoryLogger() });
  assert.deepEqual([fixed.batchedRowsPerRun, fixed.runs], [1, 4]);
  assertAllClose(fixed.probability, printed, 1e-6, "probability, fixed batch");
  assert.deepEqual(Array.from(fixed.probability), Array.from(dynamic.probability));
});

test("case 24: a blind batched call on the fixed-batch model fails in onnxruntime (index 0 Got: 4 Expected: 1)", async () => {
  const ort = await loadOnnxRuntime();
  const session = await ort.InferenceSession.create(fixedModel);
  try {
    const batched = new ort.Tensor("float32", Float32Array.from(features), [4, 2]);
    await assert.rejects(
      session.run({ float_input: batched }),
      /Got invalid dimensions for input: float_input[\s\S]*index: 0 Got: 4 Expected: 1/,
    );
  } finally {
    await session.release();
  }
});

const toFloat = { to: { type: "int" as const, value: 1 } };
const int64Pair = { tensor: { elementType: "int64" as const, shape: ["batch", 2] } };
const floatColumn = { tensor: { elementType: "float" as const, shape: ["batch", 1] } };

function int64Model(): string {
  const path = join(folder, "int64-input.onnx");
  const model = writeOnnxModel({
    graphName: "int64_input",
    producer: "case 24",
    inputs: [{ name: "float_input", type: int64Pair }],
    outputs: [{ name: "probability", type: floatColumn }],
    nodes: [
      { opType: "Cast", inputs: ["float_input"], outputs: ["x"], attributes: toFloat },
      { opType: "MatMul", inputs: ["x", "w"], outputs: ["xw"] },
      { opType: "Add", inputs: ["xw", "b"], outputs: ["lp"] },
      { opType: "Sigmoid", inputs: ["lp"], outputs: ["probability"] },
    ],
    initializers: [
      { name: "w", elementType: "float", dims: [2, 1], values: [0.8, -1.5] },
      { name: "b", elementType: "float", dims: [1], values: [0.2] },
    ],
  });
  writeFileSync(path, model);
  return path;
}

test("case 24: an int64 input with fractional features is refused before run, naming the input and type", async () => {
  const path = int64Model();
  await assert.rejects(runModel(path, features, 4, 2, { logger: memoryLogger() }), (e: Error) => {
    assert.ok(e instanceof InputError);
    assert.ok(e.message.startsWith(`${path}: input "float_input" is declared int64 but the encoded features are not all whole numbers (rows 2, 4)`));
    assert.match(e.message, /Fix: re-export the model with a float input "float_input"/);
    return true;
  });
  const ort = await loadOnnxRuntime();
  const session = await ort.InferenceSession.create(path);
  try {
    const floats = new ort.Tensor("float32", Float32Array.from(features), [4, 2]);
    await assert.rejects(
      session.run({ float_input: floats }),
      /Actual: \(tensor\(float\)\) , expected: \(tensor\(int64\)\)/,
    );
  } finally {
    await session.release();
  }
});

test("case 24: an int64 input with whole-number features gets a BigInt64Array", async () => {
  const whole = Float64Array.from([0, 0, 1, 1, 2, -1, 3, 2]);
  const result = await runModel(int64Model(), whole, 4, 2, { logger: memoryLogger() });
  assert.equal(result.inputElementType, "int64");
  assert.match(result.inputConversion!, /BigInt64Array/);
  assertAllClose(result.probability, [0.2, -0.5, 3.3, -0.4].map(sigmoid), 1e-6, "probability");
});
