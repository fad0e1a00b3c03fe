/**
 * The study's locked model as an ONNX file: the logistic regression fitted in R on Rotterdam
 * (test/golden/reference/locked_model.json), written with the coefficients exactly as R printed
 * them. Double precision by default, so the linear predictor matches R's to about 1e-15.
 */
import { writeLogisticModel } from "./write-onnx.ts";

/** Where the coefficients come from, relative to the repository root; stored in the model. */
export const LOCKED_MODEL_SOURCE = "test/golden/reference/locked_model.json";

/** File names of the locked model and of its recorded hash, inside the study's model folder. */
export const LOCKED_MODEL_FILE = "rotterdam-logistic.onnx";
export const LOCKED_MODEL_HASH_FILE = "rotterdam-logistic.sha256";

/** The fields of locked_model.json that the ONNX file is built from. */
export interface LockedModelReference {
  model: {
    type: string;
    r_formula: string;
    coefficients: readonly { term: string; estimate: number }[];
  };
  development: { dataset: string; outcome: string; horizon_days: number };
  encoding_rules: Record<string, string>;
}

/**
 * Writes the locked logistic model from its R reference: input "features" of shape [batch, 9]
 * in the order of R's coefficient table (age, meno, size_20_50, size_gt_50, grade_3,
 * nodes_capped20, log_pgr_plus1, log_er_plus1, hormon), outputs "logit" and "probability".
 * The bytes depend only on the reference values, so the file and its hash are reproducible.
 *
 * @throws RangeError when the reference has no "(Intercept)" first, or a coefficient is not finite.
 * @example writeLockedLogisticModel(loadReference("locked_model")) // Uint8Array, double precision
 */
export function writeLockedLogisticModel(
  reference: LockedModelReference,
  elementType: "double" | "float" = "double",
): Uint8Array {
  const [intercept, ...terms] = reference.model.coefficients;
  if (intercept?.term !== "(Intercept)") {
    throw new RangeError(
      `${LOCKED_MODEL_SOURCE}: the first coefficient must be "(Intercept)", found "${intercept?.term}"`,
    );
  }
  const featureNames = terms.map((t) => t.term);
  const encoding = Object.fromEntries(
    featureNames.map((name) => [name, reference.encoding_rules[name] ?? ""]),
  );
  return writeLogisticModel({
    coefficients: terms.map((t) => t.estimate),
    intercept: intercept.estimate,
    featureNames,
    inputName: "features",
    elementType,
    batch: "dynamic",
    // A fixed producer version: the bytes, and so the recorded hash, must not depend on the
    // version of this package.
    producer: "validation-report scripts/build-locked-model.ts",
    producerVersion: "1",
    source: LOCKED_MODEL_SOURCE,
    metadata: [
      ["model_type", reference.model.type],
      ["r_formula", reference.model.r_formula.replace(/\s+/g, " ")],
      ["development_dataset", reference.development.dataset],
      ["outcome", reference.development.outcome],
      ["horizon_days", String(reference.development.horizon_days)],
      ["encoding_rules", JSON.stringify(encoding)],
    ],
  });
}
