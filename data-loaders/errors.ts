/**
 * Errors the build stops on. Every message names where the problem is (file, column, cohort,
 * up to five 1-based data row numbers, never a patient identifier), what was found, what was
 * expected and how to fix it, so the person who owns the data can act on it.
 */

export interface InputErrorDetails {
  /** What was found and what was expected, as one sentence. */
  problem: string;
  /** How to fix the input. */
  fix: string;
  file?: string;
  column?: string;
  cohort?: string;
  /** 1-based data row numbers (the header is not counted); at most five are shown. */
  rows?: readonly number[];
  /** How many rows are affected in all, when more than the rows listed. */
  rowCount?: number;
  cause?: unknown;
}

/** Bad study input: the build must stop and publish nothing. */
export class InputError extends Error {
  readonly details: InputErrorDetails;
  constructor(details: InputErrorDetails) {
    super(formatInputError(details), details.cause === undefined ? undefined : { cause: details.cause });
    this.name = "InputError";
    this.details = details;
  }
}

/** A statistical method was asked for something its input cannot give (one class only, no events). */
export class NotEstimableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotEstimableError";
  }
}

export function formatInputError(d: InputErrorDetails): string {
  const where: string[] = [];
  if (d.cohort) where.push(`cohort "${d.cohort}"`);
  if (d.file) where.push(d.file);
  if (d.column) where.push(`column "${d.column}"`);
  let rows = "";
  if (d.rows && d.rows.length > 0) {
    const shown = d.rows.slice(0, 5).join(", ");
    const total = Math.max(d.rowCount ?? d.rows.length, d.rows.length);
    rows = total > 5 ? ` (rows ${shown} and ${total - 5} more)` : ` (row${total > 1 ? "s" : ""} ${shown})`;
  }
  const prefix = where.length > 0 ? `${where.join(", ")}: ` : "";
  return `${prefix}${d.problem}${rows}. Fix: ${d.fix}`;
}

/** Collects 1-based row numbers of a failing check, keeping the first five and the total. */
export function failingRows(count: number, fails: (index: number) => boolean): number[] {
  const rows: number[] = [];
  for (let i = 0; i < count; i++) if (fails(i)) rows.push(i + 1);
  return rows;
}
