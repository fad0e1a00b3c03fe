/**
 * Holm's step-down adjustment of p-values for multiple comparisons (family-wise error rate).
 * With the m available p-values sorted ascending, p(1) ≤ … ≤ p(m), the adjusted value of p(i) is
 * max over j ≤ i of min(1, (m − j + 1) p(j)). Missing p-values (null) are left out of m and stay
 * null. Holm S. A simple sequentially rejective multiple test procedure. Scand J Stat
 * 1979;6:65–70. Agrees with R's `p.adjust(p, method = "holm")`.
 *
 * @throws RangeError when a p-value is outside [0, 1] or not a number.
 * @example holmAdjust([0.01, 0.04, 0.03]) // [0.03, 0.06, 0.06]
 */
export function holmAdjust(pValues: readonly (number | null)[]): (number | null)[] {
  const present: number[] = [];
  pValues.forEach((p, i) => {
    if (p === null) return;
    if (!(p >= 0 && p <= 1)) throw new RangeError(`Holm adjustment: p-value ${i + 1} is ${p}, not in [0, 1]`);
    present.push(i);
  });
  // Stable sort by p so that tied p-values keep their input order, as R's order() does.
  present.sort((a, b) => (pValues[a] as number) - (pValues[b] as number) || a - b);
  const adjusted: (number | null)[] = pValues.map(() => null);
  const m = present.length;
  let running = 0;
  present.forEach((index, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * (pValues[index] as number)));
    adjusted[index] = running;
  });
  return adjusted;
}
