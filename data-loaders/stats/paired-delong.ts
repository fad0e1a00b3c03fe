/**
 * DeLong's test comparing the AUCs of two scores measured on the same patients.
 */
import normalCdfModule from "@stdlib/stats-base-dists-normal-cdf";
import { NotEstimableError } from "../errors.ts";
import { Z_95 } from "./binomial-interval.ts";
import { delong, sumOfProducts } from "./delong.ts";
import { checkDirection, type Direction } from "./roc-curve.ts";

const normalCdf = normalCdfModule as unknown as (x: number, mu: number, sigma: number) => number;

export interface PairedDelongResult {
  aucA: number;
  aucB: number;
  /** aucA - aucB. */
  difference: number;
  varianceA: number;
  varianceB: number;
  /** DeLong covariance of the two AUCs (pROC's cov12). */
  covariance: number;
  /** Standard error of the difference (0 when, for example, both AUCs are 1). */
  standardError: number;
  /** difference / standardError; null when the standard error is 0. */
  z: number | null;
  /** Two-sided p = 2·Φ(-|z|); null when the standard error is 0. */
  pValue: number | null;
  /** difference ± qnorm(0.975)·standardError, not clipped. */
  ciLower: number;
  ciUpper: number;
  nCases: number;
  nControls: number;
  notEstimableReason: string | null;
}

const ZERO_VARIANCE =
  "the AUC difference has zero DeLong variance (for example both scores separate the classes perfectly), so no z test is defined";

/**
 * Paired comparison of two correlated AUCs (two scores on the same patients, same outcomes).
 * Each AUC and its placement values V10, V01 come from `delong`; the covariance is
 * cov(V10_A, V10_B)/m + cov(V01_A, V01_B)/n with n - 1 denominators, and
 * z = (aucA - aucB) / sqrt(varA + varB - 2 cov). Each score keeps its own direction (`"<"`:
 * cases have higher scores). The 95% CI of the difference is d ± qnorm(0.975)·se and is not
 * clipped.
 * DeLong ER, DeLong DM, Clarke-Pearson DL. Biometrics 1988;44:837–845.
 * Agrees with pROC::roc.test(roc1, roc2, method = "delong", paired = TRUE).
 *
 * @throws RangeError when the arrays differ in length, a score is NaN or infinite, an outcome is
 * not 0/1, or a direction is unknown.
 * @throws NotEstimableError when there are no cases or no controls, or fewer than 2 of either
 * (no DeLong variance).
 * @example pairedDelong([1, 3, 2, 4, 5], [1, 2, 3, 5, 4], [0, 1, 0, 1, 1], "<", "<")
 * // { aucA: 1, aucB: 0.8333333333333334, difference: 0.16666666666666663,
 * //   z: 0.7071067811865474, pValue: 0.4795001221869536, … }
 */
export function pairedDelong(
  scoresA: ArrayLike<number>,
  scoresB: ArrayLike<number>,
  outcomes: ArrayLike<number>,
  directionA: Direction,
  directionB: Direction,
): PairedDelongResult {
  checkDirection(directionA);
  checkDirection(directionB);
  const a = delong(scoresA, outcomes, directionA);
  const b = delong(scoresB, outcomes, directionB);
  if (a.variance === null || b.variance === null) {
    throw new NotEstimableError(
      `the paired DeLong test cannot be computed: ${a.notEstimableReason}. Fix: compare the scores on a sample with more cases and controls`,
    );
  }
  const { nCases, nControls } = a;
  const covariance =
    sumOfProducts(a.placementsCases, a.auc, b.placementsCases, b.auc) / ((nCases - 1) * nCases) +
    sumOfProducts(a.placementsControls, a.auc, b.placementsControls, b.auc) /
      ((nControls - 1) * nControls);
  const difference = a.auc - b.auc;

  // Rounding can leave a tiny negative variance when the two scores order every pair alike.
  const standardError = Math.sqrt(Math.max(0, a.variance + b.variance - 2 * covariance));
  const z = standardError > 0 ? difference / standardError : null;
  return {
    aucA: a.auc,
    aucB: b.auc,
    difference,
    varianceA: a.variance,
    varianceB: b.variance,
    covariance,
    standardError,
    z,
    pValue: z === null ? null : 2 * normalCdf(-Math.abs(z), 0, 1),
    ciLower: difference - Z_95 * standardError,
    ciUpper: difference + Z_95 * standardError,
    nCases,
    nControls,
    notEstimableReason: z === null ? ZERO_VARIANCE : null,
  };
}
