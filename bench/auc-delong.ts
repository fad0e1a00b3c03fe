/**
 * Speed of the discrimination engine. Run with `npx tsx bench/auc-delong.ts`.
 *
 * For n = 10^3 … 10^6 seeded random scores (half cases, cases shifted up by 0.5) it prints the
 * median time of `delong()` (AUC, DeLong variance and CI) beside the median time of copying and
 * sorting one Float64Array of the same n with the native sort, and their ratio; then the time of a
 * B = 2000 stratified bootstrap of the AUC at n = 400. Targets: DeLong at 10^6 within 2× of the
 * sort, and the bootstrap under 100 ms. Each timing is the median of several runs after a
 * warm-up, so the JIT has compiled the code being measured. Timings depend on the machine and
 * on other load; the targets are checked on the medians.
 */
import { bootstrapAuc } from "../data-loaders/stats/auc-bootstrap.ts";
import { delong } from "../data-loaders/stats/delong.ts";
import { seededRandom } from "../data-loaders/stats/seeded-random.ts";

const SIZES = [1e3, 1e4, 1e5, 1e6];
const SORT_RATIO_TARGET = 2;
const BOOTSTRAP_TARGET_MS = 100;

function sample(n: number, seed: number) {
  const random = seededRandom(seed);
  const scores = new Float64Array(n);
  const outcomes = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    outcomes[i] = i % 2;
    scores[i] = random.uniform() + 0.5 * outcomes[i];
  }
  return { scores, outcomes };
}

/** Median wall time in milliseconds of `runs` calls, after `warmups` unmeasured calls. */
function medianTime(run: () => void, runs: number, warmups: number): number {
  for (let i = 0; i < warmups; i++) run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function row(cells: (string | number)[]): string {
  return cells.map((cell, i) => String(cell).padStart(i === 0 ? 9 : 14)).join("");
}

console.log("AUC + DeLong variance + CI against one native Float64Array sort (median of runs, ms)");
console.log(row(["n", "delong()", "sort", "ratio"]));
let ratioAtMillion = Infinity;
for (const n of SIZES) {
  const { scores, outcomes } = sample(n, 20240601);
  const runs = n >= 1e6 ? 7 : 15;
  const delongMs = medianTime(() => delong(scores, outcomes, "<"), runs, 3);
  const sortMs = medianTime(() => scores.slice().sort(), runs, 3);
  const ratio = delongMs / sortMs;
  if (n === 1e6) ratioAtMillion = ratio;
  console.log(row([n.toExponential(0), delongMs.toFixed(3), sortMs.toFixed(3), ratio.toFixed(2)]));
}

const small = sample(400, 7);
const bootstrapMs = medianTime(
  () => bootstrapAuc(small.scores, small.outcomes, "<", { replicates: 2000, seed: 11 }),
  9,
  3,
);
console.log(`\nStratified bootstrap of the AUC, B = 2000, n = 400: ${bootstrapMs.toFixed(1)} ms`);

const verdict = (met: boolean) => (met ? "met" : "NOT met");
const sortMet = verdict(ratioAtMillion <= SORT_RATIO_TARGET);
const bootstrapMet = verdict(bootstrapMs < BOOTSTRAP_TARGET_MS);
console.log(
  `\nTarget: delong() at n = 10^6 within ${SORT_RATIO_TARGET}× of the sort: ${sortMet} (ratio ${ratioAtMillion.toFixed(2)})`,
);
console.log(`Target: bootstrap under ${BOOTSTRAP_TARGET_MS} ms: ${bootstrapMet} (${bootstrapMs.toFixed(1)} ms)`);
