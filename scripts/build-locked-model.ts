/**
 * Writes the study's locked model and its hash from the R reference:
 * `npx tsx scripts/build-locked-model.ts [--out-dir DIR]`.
 *
 * 1. Reads test/golden/reference/locked_model.json (coefficients as R computed them).
 * 2. Writes rotterdam-logistic.onnx in double precision (default folder
 *    studies/gbsg-external-validation/model).
 * 3. Writes rotterdam-logistic.sha256 in sha256sum format and prints the same line.
 *
 * The output depends only on the reference values: running it again gives identical bytes.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  LOCKED_MODEL_FILE,
  LOCKED_MODEL_HASH_FILE,
  LOCKED_MODEL_SOURCE,
  writeLockedLogisticModel,
} from "../data-loaders/model/locked-logistic.ts";
import { sha256Bytes, sha256Line } from "../data-loaders/model/model-hash.ts";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: { "out-dir": { type: "string", default: "studies/gbsg-external-validation/model" } },
});
const outDir = resolve(root, values["out-dir"] as string);

// Step 1: the reference, exactly as R wrote it.
const reference = JSON.parse(readFileSync(join(root, LOCKED_MODEL_SOURCE), "utf8"));

// Step 2: the model, in double precision so the linear predictor matches R's.
const bytes = writeLockedLogisticModel(reference, "double");
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, LOCKED_MODEL_FILE), bytes);

// Step 3: the hash record, the one thing a study compares on every build.
const line = sha256Line(sha256Bytes(bytes), LOCKED_MODEL_FILE);
writeFileSync(join(outDir, LOCKED_MODEL_HASH_FILE), line);
process.stdout.write(line);
