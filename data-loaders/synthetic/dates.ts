/**
 * Calendar dates as whole days since 1970-01-01 (UTC), so date arithmetic in the generator
 * never depends on the machine's time zone.
 */

const DAY_MS = 86_400_000;

/**
 * @throws RangeError unless the text is a real calendar date written YYYY-MM-DD.
 * @example dayNumber("1970-01-02") // 1
 */
export function dayNumber(iso: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const ms = match ? Date.UTC(+match[1], +match[2] - 1, +match[3]) : NaN;
  if (!match || isoDate(ms / DAY_MS) !== iso) {
    throw new RangeError(`"${iso}" is not a calendar date written YYYY-MM-DD`);
  }
  return ms / DAY_MS;
}

/** @example isoDate(1) // "1970-01-02" */
export function isoDate(day: number): string {
  return new Date(Math.round(day) * DAY_MS).toISOString().slice(0, 10);
}
