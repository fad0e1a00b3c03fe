import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

/** Folder of the R reference values copied from the study's shared reference set. */
export const referenceDir = dirname(fileURLToPath(import.meta.url));

/** Parses one reference JSON file (numbers are R's exact doubles; see README.md here). */
export function loadReference(name: string): any {
  return JSON.parse(readFileSync(join(referenceDir, `${name}.json`), "utf8"));
}

/** Reads a reference CSV (no quoting, empty field = NA) into rows of strings. */
export function loadReferenceCsv(name: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(join(referenceDir, "data", `${name}.csv`), "utf8")
    .trim()
    .split(/\r?\n/);
  const columns = header.split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    return Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? ""]));
  });
}
