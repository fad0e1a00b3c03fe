/**
 * Loads onnxruntime-node with its telemetry off and opens inference sessions. A clinical report
 * sends nothing anywhere: the variable must be set before the native module is first imported,
 * which is why the import is dynamic and happens here only.
 */
import { InputError } from "../errors.ts";

import type { InferenceSession } from "onnxruntime-node";

export type OnnxRuntime = typeof import("onnxruntime-node");
export type { InferenceSession };

let runtime: Promise<OnnxRuntime> | undefined;

/** The onnxruntime-node module, imported once, after `ORT_DISABLE_TELEMETRY=1` is set. */
export function loadOnnxRuntime(): Promise<OnnxRuntime> {
  if (runtime === undefined) {
    process.env.ORT_DISABLE_TELEMETRY = "1";
    runtime = import("onnxruntime-node");
  }
  return runtime;
}

/**
 * Opens a CPU inference session on a model file or on model bytes. One intra-op thread keeps
 * the order of floating-point sums, and therefore every printed digit, the same from run to run.
 *
 * @throws InputError naming the model when onnxruntime cannot load it.
 */
export async function openSession(
  model: string | Uint8Array,
  label: string,
): Promise<InferenceSession> {
  const ort = await loadOnnxRuntime();
  // Severity 3 keeps onnxruntime's own warnings off the build log; failures still throw.
  const options = {
    executionProviders: ["cpu"],
    intraOpNumThreads: 1,
    logSeverityLevel: 3 as const,
  };
  try {
    return typeof model === "string"
      ? await ort.InferenceSession.create(model, options)
      : await ort.InferenceSession.create(model, options);
  } catch (cause) {
    throw new InputError({
      file: label,
      problem: `onnxruntime could not load the model (${firstLine(cause)})`,
      fix: "check that the path points to an ONNX model file (opset 7 or later) that is not truncated, and re-export it if needed",
      cause,
    });
  }
}

/** First line of an error's message, for quoting onnxruntime inside our own sentence. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0].trim();
}
