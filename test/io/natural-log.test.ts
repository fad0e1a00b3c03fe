import { test } from "node:test";
import assert from "node:assert/strict";
import { naturalLog } from "../../data-loaders/io/natural-log.ts";
import { loadReference } from "../golden/reference/load.ts";

// ln(x) as glibc 2.36 returns it (Python's math.log on this machine calls the same libm as R's
// log()); these are integers from 1..1000 where V8's Math.log is one unit in the last place off.
const GLIBC_LOG: [number, number][] = [
  [3, 1.0986122886681098], [48, 3.871201010907891], [74, 4.30406509320417],
  [185, 5.220355825078324], [196, 5.278114659230517], [299, 5.700443573390687],
  [308, 5.730099782973574], [334, 5.811140992976701], [343, 5.8377304471659395],
  [346, 5.846438775057725], [362, 5.8916442118257715], [657, 6.48768401848461],
  [661, 6.493753839851686], [680, 6.522092798170152], [759, 6.63200177739563],
  [820, 6.709304340258298],
];

test("naturalLog(3) is R's log(3) = 1.0986122886681098, where Math.log(3) is one ulp low", () => {
  const reference = loadReference("locked_model");
  const row117 = reference.worked_example.extra_rows.find((row: any) => row.gbsg_row === 117);
  assert.equal(row117.raw.pgr, 2);
  assert.equal(naturalLog(3), row117.encoded.log_pgr_plus1);
  assert.notEqual(Math.log(3), row117.encoded.log_pgr_plus1);
});

test("naturalLog equals glibc's log bit for bit on the integers where V8's Math.log differs", () => {
  for (const [x, expected] of GLIBC_LOG) assert.equal(naturalLog(x), expected, `ln(${x})`);
});

test("naturalLog is exact where the answer is: ln 1 = 0 and ln 2^k = nearest double to k·ln 2", () => {
  assert.equal(naturalLog(1), 0);
  assert.equal(naturalLog(2), Math.LN2);
  assert.equal(naturalLog(0.5), -Math.LN2);
  assert.equal(naturalLog(1024), 6.931471805599453);
});

test("naturalLog stays within one ulp of Math.log from subnormals to the largest double", () => {
  const values = [5e-324, 1e-310, 2.2250738585072014e-308, 1e-300, 0.001, 0.37, Math.SQRT1_2, Math.SQRT2, 2.5, 123456.789, 6.02e23, 1.7976931348623157e308];
  for (let x = 1; x <= 6000; x++) values.push(x);
  for (const x of values) {
    const ours = naturalLog(x);
    const v8 = Math.log(x);
    const ulp = Math.abs(v8) * Number.EPSILON || Number.MIN_VALUE;
    assert.ok(Math.abs(ours - v8) <= ulp, `ln(${x}): ${ours} vs Math.log ${v8}`);
  }
});

test("naturalLog refuses 0, negatives, NaN and Infinity rather than returning -Infinity or NaN", () => {
  for (const x of [0, -1, -0, NaN, Infinity, -Infinity]) {
    assert.throws(() => naturalLog(x), RangeError, `ln(${x})`);
  }
});
