/**
 * Runs a locked image model on preprocessed patients: one `session.run` per patient with the
 * input Float32 [L, …patch] (L = that patient's lesions, the model's dynamic lesion axis), and
 * one patient-level probability (and logit) out. Any image model with that interface works; it
 * need not be one this project built.
 *
 * Before the first run the model's declared input and outputs are checked against the patch
 * shape, so a wrong model fails with a message that names it, not inside onnxruntime.
 */
import { join } from "node:path";
import { InputError } from "../errors.ts";
import type { Logger } from "../log.ts";
import { firstLine, openSession, type InferenceSession } from "./onnx-runtime.ts";

export interface PatientPatches {
  /** All lesions' patches back to back, [L, …patch]. */
  patches: Float32Array;
  lesions: number;
  /** The patient's data row in the cohort table, for messages. */
  row: number;
}

export interface ImageModelRun {
  probability: Float64Array;
  /** The model's logit output, or log(p / (1 − p)) when it has none. */
  logit: Float64Array;
  lesions: number;
  seconds: number;
  lesionsPerSecond: number;
}

interface Names {
  input: string;
  probability: string;
  logit?: string;
}

function refuse(file: string, problem: string, fix: string): never {
  throw new InputError({ file, problem, fix });
}

/** Checks the declared input (float32, rank 1 + patch rank, patch dims) and the outputs. */
function checkSignature(session: InferenceSession, file: string, names: Names, patchShape: readonly number[]): void {
  const input = session.inputMetadata.find((m) => m.name === names.input);
  if (!input) refuse(file, `the model has no input named "${names.input}"; its inputs are ${session.inputNames.map((n) => `"${n}"`).join(", ")}`, 'set "input" of this model in study.json to the model\'s input name');
  if (!input.isTensor || input.type !== "float32") refuse(file, `input "${names.input}" must be a float32 tensor of lesion patches`, "re-export the model with a float32 input [L, …patch]");
  const declared = input.shape;
  const expected = ["L", ...patchShape];
  const fits = declared.length === expected.length && declared.slice(1).every((d, k) => typeof d !== "number" || d === patchShape[k]);
  if (!fits) {
    refuse(file, `input "${names.input}" is declared as [${declared.join(", ")}], but the preprocessed patches are [${expected.join(", ")}]`, 'use the patch kind the model was trained on ("patch" in study.json), or re-export the model for these patches');
  }
  for (const name of [names.probability, names.logit].filter((n): n is string => Boolean(n))) {
    const output = session.outputMetadata.find((m) => m.name === name);
    if (!output) refuse(file, `the model has no output named "${name}"; its outputs are ${session.outputNames.map((n) => `"${n}"`).join(", ")}`, 'set "outputs" of this model in study.json');
    if (!output.isTensor) refuse(file, `output "${name}" is not a tensor`, "re-export the model so that it outputs one number per patient");
  }
}

/** One patient's scores; checks that exactly one finite value in range came back. */
async function scoreOne(session: InferenceSession, tensor: unknown, file: string, names: Names, row: number) {
  let results;
  try {
    results = await session.run({ [names.input]: tensor as never });
  } catch (cause) {
    refuse(file, `onnxruntime failed on the patient in row ${row} (${firstLine(cause)})`, "check the model with an input of this patient's shape and re-export it");
  }
  const value = (name: string) => {
    const data = results[name].data as ArrayLike<number>;
    if (data.length !== 1) refuse(file, `output "${name}" holds ${data.length} values for one patient`, "pool over lesions inside the model so that it returns one value per patient");
    return Number(data[0]);
  };
  const probability = value(names.probability);
  if (!(probability >= 0 && probability <= 1)) refuse(file, `the probability for the patient in row ${row} is ${probability}, not in [0, 1]`, "apply the final sigmoid inside the model");
  return { probability, logit: names.logit ? value(names.logit) : Math.log(probability / (1 - probability)) };
}

/**
 * @throws InputError naming the model file when its input or outputs do not fit the patches,
 *   when a run fails, or when a probability is outside [0, 1].
 */
export async function runImageModel(
  file: string,
  patients: readonly PatientPatches[],
  patchShape: readonly number[],
  names: Names,
  logger: Logger,
  baseDir = ".",
): Promise<ImageModelRun> {
  const { Tensor } = await import("onnxruntime-node");
  const session = await openSession(join(baseDir, file), file);
  const probability = new Float64Array(patients.length);
  const logit = new Float64Array(patients.length);
  const lesions = patients.reduce((sum, p) => sum + p.lesions, 0);
  const started = performance.now();
  let done = 0;
  let reported = started;
  try {
    checkSignature(session, file, names, patchShape);
    logger.info(`${file}: scoring ${patients.length} patients (${lesions} lesions)`);
    for (const [i, patient] of patients.entries()) {
      const tensor = new Tensor("float32", patient.patches, [patient.lesions, ...patchShape]);
      ({ probability: probability[i], logit: logit[i] } = await scoreOne(session, tensor, file, names, patient.row));
      done += patient.lesions;
      if (performance.now() - reported > 5000) {
        reported = performance.now();
        logger.info(`${file}: ${done} of ${lesions} lesions, ${(done / ((reported - started) / 1000)).toFixed(0)} lesions/s`);
      }
    }
  } finally {
    await session.release();
  }
  const seconds = (performance.now() - started) / 1000;
  const lesionsPerSecond = lesions / Math.max(seconds, 1e-9);
  logger.info(`${file}: ${lesions} lesions done in ${seconds.toFixed(1)} s (${lesionsPerSecond.toFixed(0)} lesions/s)`);
  return { probability, logit, lesions, seconds, lesionsPerSecond };
}
