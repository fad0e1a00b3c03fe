import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { assertClose } from "../assert-close.ts";
import { loadReference, loadReferenceCsv, referenceDir } from "../golden/reference/load.ts";
import { memoryLogger } from "../../data-loaders/log.ts";
import {
  LOCKED_MODEL_FILE,
  LOCKED_MODEL_HASH_FILE,
  LOCKED_MODEL_SOURCE,
  writeLockedLogisticModel,
} from "../../data-loaders/model/locked-logistic.ts";
import {
  parseSha256Line,
  sha256File,
  verifyModelHash,
} from "../../data-loaders/model/model-hash.ts";
import { decodeModel, onnxDataType } from "../../data-loaders/model/onnx-schema.ts";
import { runModel, type ModelRunResult } from "../../data-loaders/model/run-onnx.ts";
import { quantilesType7 } from "../../data-loaders/stats/quantile.ts";

const root = join(referenceDir, "..", "..", "..");
const modelFolder = join(root, "studies", "gbsg-external-validation", "model");
const modelPath = join(modelFolder, LOCKED_MODEL_FILE);
const hashPath = join(modelFolder, LOCKED_MODEL_HASH_FILE);
const reference = loadReference("locked_model");
const terms: string[] = reference.model.coefficients.slice(1).map((c: any) => c.term);

/**
 * The locked model's encoding of one raw GBSG row, written out here for this test only (the
 * study's encoder lives in data-loaders/io/). Order: R's coefficient table.
 */
function encodeGbsgRow(row: Record<string, string>): number[] {
  const size = Number(row.size);
  return [
    Number(row.age),
    Number(row.meno),
    size > 20 && size <= 50 ? 1 : 0,
    size > 50 ? 1 : 0,
    Number(row.grade) === 3 ? 1 : 0,
    Math.min(Number(row.nodes), 20),
    Math.log(Number(row.pgr) + 1),
    Math.log(Number(row.er) + 1),
    Number(row.hormon),
  ];
}

const gbsg = loadReferenceCsv("gbsg");
const validation = loadReferenceCsv("gbsg_validation");
const features = Float64Array.from(gbsg.flatMap(encodeGbsgRow));
let double: ModelRunResult;

before(async () => {
  const logger = memoryLogger();
  double = await runModel(modelPath, features, gbsg.length, terms.length, { logger });
});

test("the committed model's SHA-256 equals the recorded one (sha256sum format, same file name)", async () => {
  const recorded = parseSha256Line(readFileSync(hashPath, "utf8"), hashPath);
  assert.equal(recorded.fileName, LOCKED_MODEL_FILE);
  assert.equal(await sha256File(modelPath), recorded.hash);
  const verified = await verifyModelHash(modelPath, recorded.hash, { studyFile: hashPath });
  assert.equal(verified, recorded.hash);
});

test("the committed model is exactly what the writer makes from locked_model.json", () => {
  const committed = readFileSync(modelPath);
  assert.ok(committed.equals(writeLockedLogisticModel(reference)));
  const again = Buffer.from(writeLockedLogisticModel(reference));
  assert.ok(again.equals(writeLockedLogisticModel(reference)));
});

test("the build script is deterministic: two runs give identical model and hash files, equal to the committed ones", () => {
  const outputs = [1, 2].map(() => {
    const outDir = mkdtempSync(join(tmpdir(), "locked-model-"));
    after(() => rmSync(outDir, { recursive: true, force: true }));
    const script = ["--import", "tsx", "scripts/build-locked-model.ts", "--out-dir", outDir];
    const run = spawnSync(process.execPath, script, { cwd: root, encoding: "utf8" });
    assert.equal(run.status, 0, run.stderr);
    return {
      stdout: run.stdout,
      model: readFileSync(join(outDir, LOCKED_MODEL_FILE)),
      hash: readFileSync(join(outDir, LOCKED_MODEL_HASH_FILE), "utf8"),
    };
  });
  assert.ok(outputs[0].model.equals(outputs[1].model));
  assert.ok(outputs[0].model.equals(readFileSync(modelPath)));
  assert.equal(outputs[0].hash, readFileSync(hashPath, "utf8"));
  assert.equal(outputs[1].hash, outputs[0].hash);
  assert.equal(outputs[0].stdout, outputs[0].hash);
});

test("the model holds R's coefficients bit for bit as double_data, with feature names and source", () => {
  const model = decodeModel(readFileSync(modelPath));
  const tensor = (name: string) => model.graph.initializer.find((t: any) => t.name === name);
  assert.equal(tensor("weights").data_type, onnxDataType.double);
  const estimates = reference.model.coefficients.map((c: any) => c.estimate);
  const stored = [...tensor("intercept").double_data, ...tensor("weights").double_data];
  assert.deepEqual(stored, estimates);
  const byTerm = reference.model.coefficients_by_term;
  assert.deepEqual(Object.keys(byTerm), ["(Intercept)", ...terms]);
  assert.deepEqual(stored, Object.values(byTerm));
  const metadata = Object.fromEntries(model.metadata_props.map((m: any) => [m.key, m.value]));
  assert.deepEqual(JSON.parse(metadata.feature_names), terms);
  assert.equal(metadata.source, LOCKED_MODEL_SOURCE);
  assert.deepEqual(Object.keys(JSON.parse(metadata.encoding_rules)), terms);
});

test("the test encoder reproduces R's encoded values for the 10 worked-example rows", () => {
  const rows = [...reference.worked_example.rows, ...reference.worked_example.extra_rows];
  assert.equal(rows.length, 10);
  for (const row of rows) {
    const raw = gbsg[row.gbsg_row - 1];
    assert.equal(Number(raw.pid), row.pid, `gbsg row ${row.gbsg_row} pid`);
    const encoded = encodeGbsgRow(raw);
    // Not bit-exact: V8's Math.log(3) and glibc's log(3), which R uses, differ in the last bit.
    terms.forEach((term, j) => {
      assertClose(encoded[j], row.encoded[term], 1e-15, `row ${row.gbsg_row} ${term}`);
    });
  }
});

test("on all 686 GBSG patients the double model reproduces R's lp and p within 1e-12 (relative above 1)", () => {
  assert.equal(gbsg.length, reference.validation_mapping.n_total);
  assert.equal(double.probability.length, 686);
  assert.equal(double.logitSource, "model output");
  validation.forEach((row, i) => {
    assert.equal(row.pid, gbsg[i].pid, `row ${i + 1}: same patient order in both files`);
    assertClose(double.logit![i], Number(row.lp), 1e-12, `lp row ${i + 1}`);
    assertClose(double.probability[i], Number(row.p), 1e-12, `p row ${i + 1}`);
  });
});

test("the worked-example rows' linear predictor and probability match R within 1e-12", () => {
  for (const row of [...reference.worked_example.rows, ...reference.worked_example.extra_rows]) {
    const i = row.gbsg_row - 1;
    assertClose(double.logit![i], row.linear_predictor, 1e-12, `lp gbsg row ${row.gbsg_row}`);
    assertClose(double.probability[i], row.probability, 1e-12, `p gbsg row ${row.gbsg_row}`);
  }
});

/** Tertile groups as R's cut(lp, c(-Inf, q1, q2, Inf)): 1 = Low, 2 = Intermediate, 3 = High. */
function tertileGroups(score: ArrayLike<number>): number[] {
  const [q1, q2] = quantilesType7(score, [1 / 3, 2 / 3]);
  return Array.from(score, (s) => (s <= q1 ? 1 : s <= q2 ? 2 : 3));
}

test("the study uses the double model: float64 in and out, tertiles of lp 229 / 228 / 229 as in R", () => {
  assert.equal(double.inputElementType, "float64");
  assert.equal(double.elementType, "float64");
  assert.equal(double.inputConversion, null);
  const survival = loadReference("survival").meta.risk_groups;
  const [q1, q2] = quantilesType7(double.logit!, [1 / 3, 2 / 3]);
  assertClose(q1, survival.cut_points_quantile_type7.q1_3, 1e-12, "q1_3");
  assertClose(q2, survival.cut_points_quantile_type7.q2_3, 1e-12, "q2_3");
  const groups = tertileGroups(double.logit!);
  const reference3 = tertileGroups(validation.map((row) => Number(row.lp)));
  assert.deepEqual(groups, reference3);
  const counts = [1, 2, 3].map((g) => groups.filter((x) => x === g).length);
  assert.deepEqual(counts, Object.values(survival.n_per_group));
});

test("a float32 copy of the model would move no GBSG patient to another tertile: the nearest lp is ~900× farther from a cut than the float32 error", async () => {
  const float32 = await runModel(writeLockedLogisticModel(reference, "float"), features, 686, 9, {
    logger: memoryLogger(),
    modelLabel: "float32 copy of the locked model",
  });
  assert.equal(float32.elementType, "float32");
  assert.match(float32.inputConversion!, /converted once to float32/);

  // Tertiles taken on the float32 probabilities (the score a float32-only model would give).
  const doubleGroups = tertileGroups(double.logit!);
  const float32Groups = tertileGroups(float32.probability);
  const moved = float32Groups.flatMap((g, i) => (g === doubleGroups[i] ? [] : [i + 1]));
  assert.deepEqual(moved, [], "GBSG rows whose tertile would change under float32");

  const largestError = Math.max(...float32.logit!.map((v, i) => Math.abs(v - double.logit![i])));
  const [q1, q2] = quantilesType7(double.logit!, [1 / 3, 2 / 3]);
  const distanceToCut = (v: number) => Math.min(Math.abs(v - q1), Math.abs(v - q2));
  const nearest = Math.min(...double.logit!.map(distanceToCut));
  assert.ok(largestError < 1e-6, `float32 lp error ${largestError}`);
  assert.ok(nearest > 100 * largestError, `lp nearest a cut ${nearest}, float32 error ${largestError}`);
  assert.ok(largestError > 1e-9, "the float32 copy really is less precise than the double model");
  // float32 rounding creates no new ties among GBSG probabilities either.
  assert.equal(new Set(float32.probability).size, new Set(double.probability).size);
});
