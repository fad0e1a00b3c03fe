/**
 * Spelling suggestions for error messages: when a study names a column or a config key that
 * does not exist, the message offers the nearest existing name so a typo is fixed in one step.
 */

/** Levenshtein edit distance (insertions, deletions, substitutions), case-insensitive. */
export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[y.length];
}

/** A typo or a shortened name: few edits relative to the length, or one name starts the other. */
function plausible(name: string, candidate: string, distance: number): boolean {
  const [a, b] = [name.toLowerCase(), candidate.toLowerCase()];
  const prefix = Math.min(a.length, b.length) >= 3 && (a.startsWith(b) || b.startsWith(a));
  return prefix || distance <= Math.max(1, Math.floor(Math.max(a.length, b.length) / 3));
}

/**
 * The plausible candidate closest to `name` (fewest edits), or undefined when none is close
 * enough to be a typo or a shortened form.
 * @example closestName("rfs_time", ["pid", "rfstime", "status"]) // "rfstime"
 */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance && plausible(name, candidate, distance)) {
      [best, bestDistance] = [candidate, distance];
    }
  }
  return best;
}

/** ` (did you mean "rfstime"?)` or an empty string. */
export function didYouMean(name: string, candidates: Iterable<string>): string {
  const suggestion = closestName(name, candidates);
  return suggestion === undefined ? "" : ` (did you mean "${suggestion}"?)`;
}
