/**
 * Pseudonyms for anything published per patient. They are numbered in table order and never
 * computed from the identifier text (no hash that could be reversed or matched against a
 * hospital's list), so the published output holds no raw identifier.
 */

/**
 * Stable pseudonyms "<cohort>-0001", "<cohort>-0002", … in table order; at least four digits,
 * more when the cohort has 10,000 patients or more. Only the number and order of ids are used.
 *
 * @throws RangeError if the cohort id is empty.
 * @example pseudonymize(["00123", "00124"], "gbsg") // ["gbsg-0001", "gbsg-0002"]
 */
export function pseudonymize(ids: readonly unknown[], cohortId: string): string[] {
  if (cohortId === "") {
    throw new RangeError("pseudonyms need the cohort id as prefix, got an empty string");
  }
  const width = Math.max(4, String(ids.length).length);
  return ids.map((_, i) => `${cohortId}-${String(i + 1).padStart(width, "0")}`);
}
