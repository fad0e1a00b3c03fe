import { test } from "node:test";
import assert from "node:assert/strict";
import { harrellConcordance } from "../../data-loaders/stats/concordance.ts";
import { seededRandom } from "../../data-loaders/stats/seeded-random.ts";
import { assertClose, CLOSED_FORM } from "../assert-close.ts";
import { loadReference, loadReferenceCsv } from "../golden/reference/load.ts";

const reference = loadReference("survival");

test("GBSG Harrell's C of lp (higher = riskier): counts, C, IJ and Cox-score SEs equal R's", () => {
  const rows = loadReferenceCsv("gbsg_validation");
  const result = harrellConcordance(
    rows.map((r) => Number(r.rfstime)),
    rows.map((r) => Number(r.status)),
    rows.map((r) => Number(r.lp)),
    { reverse: true },
  );
  const expected = reference.continuous_score.harrell_c;
  const counts = expected.counts;
  assert.deepEqual(
    [result.concordant, result.discordant, result.tiedScore, result.tiedTime],
    [counts.concordant, counts.discordant, counts["tied.x"], counts["tied.y"]],
  );
  assert.equal(result.tiedScoreAndTime, counts["tied.xy"]);
  assert.equal(result.comparablePairs, counts.concordant + counts.discordant + counts["tied.x"]);
  assertClose(result.concordance, expected.C, 1e-14, "C");
  assertClose(result.standardError, expected.std_err, 1e-14, "infinitesimal-jackknife SE");
  assertClose(result.standardErrorCvar, expected.std_err_cvar, 1e-14, "Cox-score SE");
});

/** The definition pair by pair, O(n²), to check the O(n log n) counts and the IJ variance. */
function bruteForce(time: number[], event: number[], score: number[]) {
  const n = time.length;
  const own = Array.from({ length: n }, () => ({ c: 0, d: 0, t: 0 }));
  let [c, d, t] = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const outlived = time[i] < time[j] || (time[i] === time[j] && event[j] === 0);
      const comparable = event[i] === 1 && outlived;
      if (!comparable) continue;
      const kind = score[i] > score[j] ? "c" : score[i] < score[j] ? "d" : "t";
      own[i][kind]++;
      own[j][kind]++;
      if (kind === "c") c++;
      else if (kind === "d") d++;
      else t++;
    }
  }
  const C = (c + t / 2) / (c + d + t);
  const derivative = (o: { c: number; d: number; t: number }) =>
    (o.c + o.t / 2 - C * (o.c + o.d + o.t)) / (c + d + t);
  const variance = own.reduce((v, o) => v + derivative(o) ** 2, 0);
  return { c, d, t, C, se: Math.sqrt(variance) };
}

test("Fenwick-tree counts and IJ SE equal the pair-by-pair definition on tied random data", () => {
  const random = seededRandom(20240601);
  for (let trial = 0; trial < 20; trial++) {
    const n = 5 + random.integer(60);
    const time = Array.from({ length: n }, () => random.integer(15));
    const event = Array.from({ length: n }, () => (random.uniform() < 0.6 ? 1 : 0));
    const score = Array.from({ length: n }, () => random.integer(6));
    const fast = harrellConcordance(time, event, score, { reverse: true });
    const slow = bruteForce(time, event, score);
    const counts = [fast.concordant, fast.discordant, fast.tiedScore];
    assert.deepEqual(counts, [slow.c, slow.d, slow.t], `trial ${trial}`);
    if (slow.c + slow.d + slow.t === 0) continue;
    assertClose(fast.concordance, slow.C, CLOSED_FORM, `C trial ${trial}`);
    assertClose(fast.standardError, slow.se, CLOSED_FORM, `SE trial ${trial}`);
  }
});

test("reverse = false: a higher score means longer survival, so C becomes 1 − C without ties", () => {
  const time = [1, 2, 3, 4, 5];
  const event = [1, 1, 0, 1, 0];
  const score = [5, 3, 4, 1, 2];
  const risk = harrellConcordance(time, event, score, { reverse: true });
  const protective = harrellConcordance(time, event, score, { reverse: false });
  assertClose(protective.concordance, 1 - (risk.concordance as number), CLOSED_FORM, "1 − C");
  const swapped = [risk.discordant, risk.concordant];
  assert.deepEqual([protective.concordant, protective.discordant], swapped);
});

test("an event and a censoring at one time are comparable; two events at one time are not", () => {
  const result = harrellConcordance([2, 2, 2], [1, 0, 1], [3, 1, 2], { reverse: true });
  // (event 3, censored 1) and (event 2, censored 1) are concordant; the events tie on time.
  const counts = [result.concordant, result.discordant, result.tiedTime, result.tiedScoreAndTime];
  assert.deepEqual(counts, [2, 0, 1, 0]);
  assert.equal(result.concordance, 1);
});

test("all scores tied: C = 1/2, every comparable pair a tied score", () => {
  const result = harrellConcordance([1, 2, 3, 4], [1, 1, 0, 1], [7, 7, 7, 7], { reverse: true });
  assert.deepEqual([result.concordant, result.discordant, result.tiedScore], [0, 0, 5]);
  assert.equal(result.concordance, 0.5);
});

test("empty input, all censored, one subject: not estimable with a reason", () => {
  const inputs: [number[], number[]][] = [[[], []], [[1, 2, 3], [0, 0, 0]], [[4], [1]]];
  for (const [time, event] of inputs) {
    const result = harrellConcordance(time, event, time.map((t) => t * 2), { reverse: true });
    const estimates = [result.concordance, result.standardError, result.standardErrorCvar];
    assert.deepEqual(estimates, [null, null, null]);
    assert.ok(result.notEstimableReason, "a reason is given");
  }
});

test("a single event before two later subjects: C counts its two pairs", () => {
  const result = harrellConcordance([1, 5, 9], [1, 0, 0], [2, 1, 3], { reverse: true });
  assert.deepEqual([result.concordant, result.discordant, result.comparablePairs], [1, 1, 2]);
  assert.equal(result.concordance, 0.5);
});

test("refuses NaN or infinite scores and a score of the wrong length", () => {
  const concordance = (event: number[], score: number[]) =>
    harrellConcordance([1, 2], event, score, { reverse: true });
  assert.throws(() => concordance([1, 0], [NaN, 1]), /score must be finite; row 1 has NaN/);
  assert.throws(() => concordance([1, 0], [1, -Infinity]), /row 2 has -Infinity/);
  assert.throws(() => concordance([1, 0], [1]), /1 values for 2 subjects/);
  assert.throws(() => concordance([1, 3], [1, 2]), /event must be 0/);
});
