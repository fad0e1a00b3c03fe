/**
 * Test of heterogeneity of the AUC across the levels of one subgroup variable: Cochran's Q for
 * independent estimates, Q = Σ w_k (AUC_k − AUC_w)², w_k = 1 / Var_DeLong(AUC_k),
 * AUC_w = Σ w_k AUC_k / Σ w_k, referred to χ² with (levels − 1) degrees of freedom. Levels whose
 * AUC or variance is not estimable (no patients, one class, zero variance) are left out and
 * counted. The levels of one variable hold different patients, so their AUCs are independent.
 * Cochran WG. The combination of estimates from different experiments. Biometrics
 * 1954;10:101–129. Exploratory: the test has little power with few events per level.
 *
 * @example aucHeterogeneity([{ auc: 0.7, variance: 0.01 }, { auc: 0.8, variance: 0.01 }]).q // 0.5
 */
import { chiSquareUpperTail } from "./logrank.ts";

export interface AucHeterogeneity {
  q: number | null;
  df: number | null;
  pValue: number | null;
  levelsUsed: number;
  levelsLeftOut: number;
  notEstimableReason: string | null;
}

export function aucHeterogeneity(levels: readonly { auc: number | null; variance: number | null }[]): AucHeterogeneity {
  const used = levels.filter((l) => l.auc !== null && l.variance !== null && l.variance > 0) as { auc: number; variance: number }[];
  const leftOut = levels.length - used.length;
  if (used.length < 2) {
    return { q: null, df: null, pValue: null, levelsUsed: used.length, levelsLeftOut: leftOut, notEstimableReason: "fewer than two levels with an estimable AUC" };
  }
  const weights = used.map((l) => 1 / l.variance);
  const totalWeight = weights.reduce((a, b) => a + b, 0);
  const pooled = used.reduce((sum, l, k) => sum + weights[k] * l.auc, 0) / totalWeight;
  const q = used.reduce((sum, l, k) => sum + weights[k] * (l.auc - pooled) ** 2, 0);
  const df = used.length - 1;
  return { q, df, pValue: chiSquareUpperTail(q, df), levelsUsed: used.length, levelsLeftOut: leftOut, notEstimableReason: null };
}
