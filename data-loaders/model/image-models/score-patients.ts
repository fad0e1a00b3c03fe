/**
 * Runs a locked image model on a cohort's patients: one onnxruntime call per patient, holding
 * all of that patient's lesions, because the model pools over its whole lesion axis.
 */
import { InputError } from "../../errors.ts";
import type { Logger } from "../../log.ts";
import { progressReporter } from "../inference-progress.ts";
import {
  firstLine,
  loadOnnxRuntime,
  openSession,
  type InferenceSession,
} from "../onnx-runtime.ts";
import { lesionPatchSize, type ImageArchitecture } from "./architectures.ts";
import { IMAGE_MODEL_OUTPUTS } from "./build-graph.ts";
import { checkLesionPatches } from "./fit.ts";
import { LESIONS_INPUT } from "./lesion-tokens.ts";
import type { LesionPatches } from "./training-features.ts";

export interface ImageModelScores {
  /** Per patient, in input order, widened exactly from float32. */
  logit: Float64Array;
  probability: Float64Array;
  lesions: number;
  seconds: number;
  lesionsPerSecond: number;
}

/**
 * Scores patients with a locked image model (Float32 patches [L, ...patch] per patient, as
 * data-loaders/imaging writes them). A patient per `session.run`: the lesion axis of the graph is
 * one patient's lesions, and a patient's one call costs the same per lesion as a large batch,
 * since the convolutions dominate (about 0.4 ms per 3D lesion and sequence on one core).
 *
 * @throws RangeError when a patient has no lesion, patches of the wrong size, or NaN/infinite
 *   values (naming the patient by position).
 * @throws InputError when onnxruntime cannot load or run the model, or returns a probability
 *   outside [0, 1].
 * @example
 * const t1ce = imageArchitecture("t1ce-3d");
 * await scoreImagePatients(bytes, t1ce, [{ patches, lesions: 2 }], { logger })
 * // { logit: Float64Array [-0.41…], probability: Float64Array [0.398…], lesions: 2, … }
 */
export async function scoreImagePatients(
  model: string | Uint8Array,
  architecture: ImageArchitecture,
  patients: readonly LesionPatches[],
  options: { logger: Logger; label?: string },
): Promise<ImageModelScores> {
  const label = options.label ?? (typeof model === "string" ? model : architecture.id);
  const perLesion = lesionPatchSize(architecture);
  patients.forEach((p, i) => checkLesionPatches(p, perLesion, `${label}: patient ${i + 1}`));
  const session = await openSession(model, label);
  const logit = new Float64Array(patients.length);
  const probability = new Float64Array(patients.length);
  const lesions = patients.reduce((sum, p) => sum + p.lesions, 0);
  const step = `${label}: scoring ${patients.length} patients`;
  const progress = progressReporter(step, patients.length, options.logger);
  const started = performance.now();
  try {
    for (let i = 0; i < patients.length; i++) {
      const scores = await scorePatient(session, architecture, patients[i], label, i);
      [logit[i], probability[i]] = [scores.logit, scores.probability];
      progress(i + 1);
    }
  } finally {
    await session.release();
  }
  const seconds = (performance.now() - started) / 1000;
  return { logit, probability, lesions, seconds, lesionsPerSecond: lesions / seconds };
}

/** One `session.run` on all lesions of patient `index` (0-based). */
async function scorePatient(
  session: InferenceSession,
  architecture: ImageArchitecture,
  patient: LesionPatches,
  label: string,
  index: number,
): Promise<{ logit: number; probability: number }> {
  const ort = await loadOnnxRuntime();
  const shape = [patient.lesions, architecture.inputChannels, ...architecture.spatialShape];
  const feeds = { [LESIONS_INPUT]: new ort.Tensor("float32", patient.patches, shape) };
  const result = await session.run(feeds).catch((cause) => {
    throw new InputError({
      file: label,
      problem: `onnxruntime failed on patient ${index + 1} (${firstLine(cause)})`,
      fix: "check that the model was built for this patch kind and these sequences",
      cause,
    });
  });
  const logit = (result[IMAGE_MODEL_OUTPUTS.logit].data as Float32Array)[0];
  const probability = (result[IMAGE_MODEL_OUTPUTS.probability].data as Float32Array)[0];
  if (!(probability >= 0 && probability <= 1)) {
    throw new InputError({
      file: label,
      problem: `the probability of patient ${index + 1} is ${probability}`,
      fix: "the image model must end in a sigmoid; rebuild it with buildImageModel",
    });
  }
  return { logit, probability };
}
