/**
 * The logit each patient's risk is ranked by. Discrimination (AUC, concordance) is computed on
 * the logit when the model has one: float32 probabilities near 0 or 1 round to equal values,
 * and those ties move the AUC, while the logit keeps them apart.
 */
import { InputError, failingRows } from "../errors.ts";
import type { Logger } from "../log.ts";
import type { ModelSignature, OutputElementType } from "./model-signature.ts";

export interface ModelLogit {
  /** Logit per row: the model's own output, else log(p / (1 − p)); null when p hit 0 or 1. */
  logit: Float64Array | null;
  logitSource: "model output" | "computed from probability" | null;
  /** Why `logit` is null; null when it is available. */
  logitNotAvailableReason: string | null;
}

const warned = new WeakSet<Logger>();

/**
 * Takes the model's logit output when there is one; otherwise computes log(p / (1 − p)) from the
 * probabilities and warns, once per logger, that discrimination should use a real logit. When a
 * probability is exactly 0 or 1 the derived logit would be infinite, so none is returned and
 * the reason is given instead.
 *
 * @throws InputError naming the model when its logit output holds NaN or ±Infinity.
 */
export function modelLogit(
  fromModel: Float64Array | null,
  probability: Float64Array,
  signature: ModelSignature,
  label: string,
  logger: Logger,
): ModelLogit {
  if (fromModel !== null) {
    const rows = failingRows(fromModel.length, (i) => !Number.isFinite(fromModel[i]));
    if (rows.length > 0) {
      throw new InputError({
        file: label,
        problem: `logit output "${signature.logit?.name}" has ${rows.length} NaN or infinite value(s)`,
        rows,
        fix: "check the model's linear predictor and that features are encoded as at development",
      });
    }
    return { logit: fromModel, logitSource: "model output", logitNotAvailableReason: null };
  }
  warnOnce(signature.probability.elementType, label, logger);
  const isZeroOrOne = (p: number) => p === 0 || p === 1;
  const saturated = failingRows(probability.length, (i) => isZeroOrOne(probability[i]));
  if (saturated.length > 0) {
    const reason = `${saturated.length} probabilities are exactly 0 or 1, so log(p / (1 − p)) is infinite; the model needs a logit output`;
    return { logit: null, logitSource: null, logitNotAvailableReason: reason };
  }
  const logit = probability.map((p) => Math.log(p / (1 - p)));
  return { logit, logitSource: "computed from probability", logitNotAvailableReason: null };
}

function warnOnce(elementType: OutputElementType, label: string, logger: Logger): void {
  if (warned.has(logger)) return;
  warned.add(logger);
  const ties =
    elementType === "float32"
      ? "; float32 probabilities near 0 or 1 round to equal values and tie, which moves the AUC"
      : "";
  logger.warn(
    `${label}: the model has no logit output, so logits are computed as log(p / (1 − p)) from its ${elementType} probabilities${ties}. Discrimination should use the model's own logit: re-export it with a logit output and name it in outputs.logit`,
  );
}
