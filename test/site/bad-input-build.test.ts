/**
 * Bad input stops the whole build: the command exits non-zero, says which file, column, cohort
 * and rows are wrong and how to fix it, and leaves no report behind (a stale one included).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeLogisticModel } from "../../data-loaders/model/write-onnx.ts";
import { copyEmbeddedStudy, editCsv, editJson, predictionsStudy, runScript } from "./study-fixture.ts";

interface BadInputCase {
  name: string;
  study: "embedded" | "predictions";
  breakIt: (study: string) => void;
  expected: RegExp[];
}

const column = (header: string[], name: string) => header.indexOf(name);

const cases: BadInputCase[] = [
  {
    name: "a misnamed column",
    study: "embedded",
    breakIt: (s) => editCsv(join(s, "data", "gbsg.csv"), (h) => void (h[column(h, "rfstime")] = "rfs_time")),
    expected: [/data\/gbsg\.csv/, /"rfstime"/, /rfs_time/, /gbsg/],
  },
  {
    name: "an event column coded 1/2",
    study: "embedded",
    breakIt: (s) => editCsv(join(s, "data", "gbsg.csv"), (h, rows) => rows.forEach((r) => (r[column(h, "status")] = String(Number(r[column(h, "status")]) + 1)))),
    expected: [/data\/gbsg\.csv/, /"status"/, /rows? \d/, /gbsg/],
  },
  {
    name: "an outcome written as text",
    study: "predictions",
    breakIt: (s) => editCsv(join(s, "data", "ext.csv"), (h, rows) => rows.forEach((r) => (r[column(h, "y")] = r[column(h, "y")] === "1" ? "yes" : "no"))),
    expected: [/data\/ext\.csv/, /"y"/, /rows 1, 2, 3, 4, 5/, /ext/],
  },
  {
    name: "a probability above 1",
    study: "predictions",
    breakIt: (s) => editCsv(join(s, "data", "ext.csv"), (h, rows) => void (rows[6][column(h, "p")] = "1.3")),
    expected: [/data\/ext\.csv/, /"p"/, /row 7\b/, /\[0, 1\]/],
  },
  {
    name: "a NaN probability",
    study: "predictions",
    breakIt: (s) => editCsv(join(s, "data", "ext.csv"), (h, rows) => void (rows[2][column(h, "p")] = "NaN")),
    expected: [/data\/ext\.csv/, /"p"/, /row 3\b/],
  },
  {
    name: "a negative follow-up time",
    study: "embedded",
    breakIt: (s) => editCsv(join(s, "data", "gbsg.csv"), (h, rows) => void (rows[2][column(h, "rfstime")] = "-5")),
    expected: [/data\/gbsg\.csv/, /"rfstime"/, /row 3\b/],
  },
  {
    name: "a duplicated patient id",
    study: "embedded",
    breakIt: (s) => editCsv(join(s, "data", "gbsg.csv"), (h, rows) => void (rows[9][column(h, "pid")] = rows[3][column(h, "pid")])),
    expected: [/data\/gbsg\.csv/, /"pid"/, /rows 4, 10/, /more than once/],
  },
  {
    name: "an external cohort with one outcome class",
    study: "predictions",
    breakIt: (s) => editCsv(join(s, "data", "ext.csv"), (h, rows) => rows.forEach((r) => (r[column(h, "y")] = "1"))),
    expected: [/data\/ext\.csv/, /one class/, /ext/],
  },
  {
    name: "a model whose input count differs from the encoded features",
    study: "embedded",
    breakIt: (s) => editJson(join(s, "study.json"), (j) => j.models[0].features.pop()),
    expected: [/rotterdam-logistic\.onnx/, /9/, /8/],
  },
  {
    name: "a model file whose SHA-256 differs from the recorded one",
    study: "embedded",
    breakIt: (s) => {
      const bytes = writeLogisticModel({ coefficients: Array(9).fill(0.1), intercept: 0, featureNames: Array.from({ length: 9 }, (_, i) => `x${i}`), elementType: "double", batch: "dynamic", producer: "test" });
      writeFileSync(join(s, "model", "rotterdam-logistic.onnx"), bytes);
    },
    expected: [/rotterdam-logistic\.onnx/, /changed after it was locked/, /relock/],
  },
];

for (const c of cases) {
  test(`refused clearly, nothing published: ${c.name}`, () => {
    const { work, study } = c.study === "embedded" ? copyEmbeddedStudy() : predictionsStudy();
    try {
      if (c.study === "predictions") {
        const lock = runScript("scripts/lock.ts", ["--study", study, "--reason", "test lock"]);
        assert.equal(lock.status, 0, lock.log);
      }
      c.breakIt(study);
      const out = join(work, "dist");
      mkdirSync(out);
      writeFileSync(join(out, "index.html"), "a stale report");
      const build = runScript("scripts/build.ts", ["--study", study, "--out", out]);
      assert.notEqual(build.status, 0, "the build must fail");
      const message = build.log.split("\n").find((line) => line.startsWith("build stopped:")) ?? "";
      for (const pattern of c.expected) assert.match(message, pattern, `message: ${message}`);
      assert.match(message, /Fix: /, `the message says how to fix it: ${message}`);
      assert.equal(existsSync(out), false, "no report (not even the stale one) is left to publish");
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
}
