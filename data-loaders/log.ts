/**
 * The engine's only writer to stderr. Framework shows a loader's stderr in the build log and
 * keeps stdout for the data, so progress and summaries go here and nowhere else.
 *
 * Functions that log take a `Logger` argument so that tests can capture what was said.
 */
export interface Logger {
  /** A progress or summary line. Never per-patient values or identifiers. */
  info(message: string): void;
  /** Something looks wrong but the numbers are still valid; said once, with what to do. */
  warn(message: string): void;
}

export const stderrLogger: Logger = {
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
};

/** A logger that keeps every line, for tests. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => void lines.push(message),
    warn: (message) => void lines.push(`warning: ${message}`),
  };
}

/** A logger that says nothing (bootstrap replicates, benchmarks). */
export const silentLogger: Logger = { info: () => {}, warn: () => {} };
