/**
 * Progress lines for a long step: an update when another tenth of the rows is done or five
 * seconds have passed since the last line, and an end line with the elapsed time.
 */
import type { Logger } from "../log.ts";

/** Returns a callback taking the number of rows done so far; the last call should pass `total`. */
export function progressReporter(
  step: string,
  total: number,
  logger: Logger,
): (done: number) => void {
  const started = Date.now();
  let lastDone = 0;
  let lastTime = started;
  return (done) => {
    const now = Date.now();
    if (done >= total) {
      logger.info(`${step}: ${total} rows done in ${((now - started) / 1000).toFixed(1)} s`);
    } else if (done - lastDone >= total / 10 || now - lastTime >= 5000) {
      logger.info(`${step}: ${done} of ${total} rows (${Math.floor((100 * done) / total)} %)`);
      lastDone = done;
      lastTime = now;
    }
  };
}
