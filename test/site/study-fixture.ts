/**
 * Study folders made by the tests themselves under the system's temporary folder: a copy of the
 * embedded study to break in one place, or a small predictions-only study.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const projectRoot = join(import.meta.dirname, "..", "..");
export const embeddedStudy = join(projectRoot, "studies", "gbsg-external-validation");

/** A fresh temporary folder holding a copy of the embedded study in `study/`. */
export function copyEmbeddedStudy(): { work: string; study: string } {
  const work = mkdtempSync(join(tmpdir(), "study-"));
  const study = join(work, "study");
  cpSync(embeddedStudy, study, { recursive: true });
  return { work, study };
}

/** Rewrites a CSV table: `edit` gets the header cells and the data rows as arrays of cells. */
export function editCsv(file: string, edit: (header: string[], rows: string[][]) => void): void {
  const [head, ...lines] = readFileSync(file, "utf8").trimEnd().split("\n");
  const header = head.split(",");
  const rows = lines.map((line) => line.split(","));
  edit(header, rows);
  writeFileSync(file, `${[header, ...rows].map((cells) => cells.join(",")).join("\n")}\n`);
}

export function editJson(file: string, edit: (json: any) => void): void {
  const json = JSON.parse(readFileSync(file, "utf8"));
  edit(json);
  writeFileSync(file, `${JSON.stringify(json, null, 2)}\n`);
}

/** Runs a project script (build or lock) and returns its exit status and log. */
export function runScript(script: string, args: string[]): { status: number | null; log: string } {
  const run = spawnSync("npx", ["tsx", script, ...args], { cwd: projectRoot, encoding: "utf8", env: { ...process.env, STUDY_DIR: "" } });
  return { status: run.status, log: `${run.stdout}${run.stderr}` };
}

/**
 * A two-cohort study whose model is given as a prediction column `p` (inference done
 * elsewhere): `dev` (development) and `ext` (external test), 40 patients each, with outcome `y`.
 */
export function predictionsStudy(): { work: string; study: string } {
  const work = mkdtempSync(join(tmpdir(), "study-"));
  const study = join(work, "study");
  mkdirSync(join(study, "data"), { recursive: true });
  for (const cohort of ["dev", "ext"]) {
    const rows = Array.from({ length: 40 }, (_, i) => {
      const y = i % 2;
      const p = Math.min(0.95, Math.max(0.05, 0.3 + 0.4 * y + ((i * 37) % 11) / 40 - 0.12));
      return `${cohort.toUpperCase()}${String(1000 + i)},${y},${p.toFixed(4)},${100 + i * 7},${y}`;
    });
    writeFileSync(join(study, "data", `${cohort}.csv`), `id,y,p,days,dead\n${rows.join("\n")}\n`);
  }
  const cohort = (id: string, role: string) => ({
    id, label: id.toUpperCase(), role, table: `data/${id}.csv`, idColumn: "id", derive: {},
    outcome: { kind: "binary", column: "y", positive: 1, negative: 0 },
    survival: { time: "days", event: "dead", timeUnit: "days", label: "Overall survival" },
    subgroups: [],
  });
  const config = {
    title: "Predictions-only test study", description: "made by the tests",
    direction: "higher-score-more-likely-positive", seed: 7, bootstrapReplicates: 200,
    models: [{ id: "external-model", label: "Model run elsewhere", primary: true, source: { kind: "predictions", probabilityColumn: "p" }, features: [] }],
    cohorts: [cohort("dev", "development"), cohort("ext", "external-test")],
    thresholds: { chooseOn: "dev", lockFile: "thresholds.lock.json", rules: [{ id: "screening", label: "Screening", rule: "highest-threshold-with-sensitivity-at-least", value: 0.9 }] },
    survivalAnalysis: { riskGroups: { kind: "quantiles", probabilities: [0.5], labels: ["Low", "High"], score: "probability" }, times: [180] },
    publication: { minimumCellCount: 0, aggregateOnly: false },
  };
  writeFileSync(join(study, "study.json"), `${JSON.stringify(config, null, 2)}\n`);
  return { work, study };
}
