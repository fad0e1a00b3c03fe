/**
 * Reads what a model declares about its input and outputs (names, element types, shapes) from
 * the inference session, and refuses, before anything runs, a model this tool cannot feed
 * correctly. Each refusal names the model file, what was declared, what the tool has, and how
 * to fix it.
 */
import { InputError } from "../errors.ts";
import type { InferenceSession } from "./onnx-runtime.ts";

type ValueMetadata = InferenceSession.ValueMetadata;
type TensorMetadata = Extract<ValueMetadata, { isTensor: true }>;

export type InputElementType = "float32" | "float64" | "int64";
export type OutputElementType = "float32" | "float64";

export interface ModelSignature {
  inputName: string;
  inputElementType: InputElementType;
  /** Rows per run when the model fixes its first dimension; null when the batch is dynamic. */
  fixedBatch: number | null;
  /** True when the model declares no input shape, so rank and feature count go unchecked. */
  inputShapeUndeclared: boolean;
  probability: { name: string; elementType: OutputElementType };
  logit: { name: string; elementType: OutputElementType } | null;
}

export interface SignatureRequest {
  /** Input to feed; by default the model's only input. */
  inputName?: string;
  /** Output names; by default "probability" (or the only output) and "logit" when present. */
  outputs?: { logit?: string; probability?: string };
}

/**
 * Checks the session's declared input and outputs against a feature matrix with k columns.
 *
 * @throws InputError (naming the model) for a missing or ambiguous input, an input that is not
 *   a float32/float64/int64 tensor, a rank other than 2, a declared feature count other than k,
 *   a missing output, an output that is not a tensor (a map or sequence), an output that is not
 *   float, or an output with more than one column.
 */
export function readModelSignature(
  session: InferenceSession,
  k: number,
  label: string,
  request: SignatureRequest = {},
): ModelSignature {
  const input = chooseInput(session, request.inputName, label);
  const inputElementType = checkInputType(input, label);
  const { fixedBatch, undeclared } = checkInputShape(input, k, label);
  const probabilityName = request.outputs?.probability ?? defaultProbabilityOutput(session, label);
  const defaultLogit = session.outputNames.includes("logit") ? "logit" : null;
  const logitName = request.outputs?.logit ?? defaultLogit;
  const output = (name: string, role: string) => ({
    name,
    elementType: checkOutput(findOutput(session, name, role, label), label),
  });
  return {
    inputName: input.name,
    inputElementType,
    fixedBatch,
    inputShapeUndeclared: undeclared,
    probability: output(probabilityName, "probability"),
    logit: logitName === null ? null : output(logitName, "logit"),
  };
}

/** A declared shape as text, an undeclared dimension shown as "?". */
export function formatShape(shape: ReadonlyArray<number | string>): string {
  const undeclared = (d: number | string) => d === "" || (typeof d === "number" && d < 0);
  return `[${shape.map((d) => (undeclared(d) ? "?" : d)).join(", ")}]`;
}

function refuse(label: string, problem: string, fix: string): never {
  throw new InputError({ file: label, problem, fix });
}

function chooseInput(
  session: InferenceSession,
  requested: string | undefined,
  label: string,
): ValueMetadata {
  const names = session.inputNames;
  if (requested !== undefined && !names.includes(requested)) {
    refuse(
      label,
      `the model has no input named "${requested}"; its inputs are ${quoteList(names)}`,
      `set inputName to ${names.length === 1 ? "" : "one of "}${quoteList(names)} in the study configuration, or re-export the model with its input named "${requested}"`,
    );
  }
  if (names.length !== 1) {
    refuse(
      label,
      `the model declares ${names.length} inputs (${quoteList(names)}) but this tool feeds exactly one feature matrix`,
      "re-export the model with a single input of shape [N, k] that takes all encoded features",
    );
  }
  return session.inputMetadata[0];
}

function checkInputType(input: ValueMetadata, label: string): InputElementType {
  if (!input.isTensor) {
    refuse(
      label,
      `input "${input.name}" is not a tensor (a sequence or map)`,
      `re-export the model so that "${input.name}" is a float tensor of shape [N, k]`,
    );
  }
  const type = input.type;
  if (type === "float32" || type === "float64" || type === "int64") return type;
  return refuse(
    label,
    `input "${input.name}" has element type ${type}; this tool feeds float32, float64 or int64`,
    `re-export the model with a float32 or float64 input "${input.name}" of shape [N, k]`,
  );
}

function checkInputShape(input: ValueMetadata, k: number, label: string) {
  const shape = (input as TensorMetadata).shape;
  if (shape.length === 0) return { fixedBatch: null, undeclared: true };
  const declared = formatShape(shape);
  if (shape.length !== 2) {
    refuse(
      label,
      `input "${input.name}" is declared with shape ${declared} (rank ${shape.length}) but the tool feeds a matrix of rows × ${k} encoded features (rank 2)`,
      `re-export the model with input "${input.name}" of shape [N, ${k}] (N the number of patients)`,
    );
  }
  const [rows, columns] = shape;
  if (typeof columns === "number" && columns > 0 && columns !== k) {
    refuse(
      label,
      `input "${input.name}" is declared with shape ${declared}, i.e. ${columns} features, but ${k} features were encoded`,
      `make the study's feature list match the model (same features, same order), or use the model built for these ${k} features`,
    );
  }
  const fixedBatch = typeof rows === "number" && rows > 0 ? rows : null;
  return { fixedBatch, undeclared: false };
}

function defaultProbabilityOutput(session: InferenceSession, label: string): string {
  const names = session.outputNames;
  if (names.includes("probability")) return "probability";
  if (names.length === 1) return names[0];
  return refuse(
    label,
    `the model has ${names.length} outputs (${quoteList(names)}) and none is named "probability"`,
    `set outputs.probability to the output holding P(y = 1), one of ${quoteList(names)}`,
  );
}

function findOutput(
  session: InferenceSession,
  name: string,
  role: string,
  label: string,
): ValueMetadata {
  const index = session.outputNames.indexOf(name);
  if (index < 0) {
    refuse(
      label,
      `the ${role} output "${name}" is missing; the model's outputs are ${quoteList(session.outputNames)}`,
      `set outputs.${role} to one of ${quoteList(session.outputNames)}, or re-export the model with an output "${name}"`,
    );
  }
  return session.outputMetadata[index];
}

function checkOutput(output: ValueMetadata, label: string): OutputElementType {
  if (!output.isTensor) {
    refuse(
      label,
      `output "${output.name}" is not a tensor but a sequence or map (for example a per-class probability dictionary)`,
      `re-export the model so that "${output.name}" is a float tensor [N, 1] of P(y = 1) (for skl2onnx, convert with the option zipmap = False)`,
    );
  }
  if (output.type !== "float32" && output.type !== "float64") {
    refuse(
      label,
      `output "${output.name}" has element type ${output.type}; a probability or logit must be float32 or float64`,
      `use the output that holds P(y = 1) rather than a predicted label, or re-export the model with a float output`,
    );
  }
  const shape = output.shape;
  const columns = shape.length === 2 ? shape[1] : 1;
  if (shape.length > 2 || (typeof columns === "number" && columns > 1)) {
    refuse(
      label,
      `output "${output.name}" is declared with shape ${formatShape(shape)}; one value per patient, shape [N, 1] or [N], is expected`,
      `re-export the model so that "${output.name}" holds only P(y = 1) (or its logit) for each patient, e.g. slice the positive-class column`,
    );
  }
  return output.type;
}

function quoteList(names: readonly string[]): string {
  return names.length === 0 ? "(none)" : names.map((n) => `"${n}"`).join(", ");
}
