// Forest plot of subgroup AUCs with their DeLong intervals.
import * as Plot from "@observablehq/plot";
import { formatCount, notEstimable } from "./format.js";
import { MODEL_COLOR } from "./roc-chart.js";

/**
 * One row per subgroup level under a heading row per variable. Levels that are not estimable
 * (no patients, one outcome class, counts suppressed) keep their row and say why in words; n
 * and events are written in the right margin. Reference lines: the overall AUC (dashed) and
 * 0.5 (dotted).
 *
 * rows: subgroups rows of one cohort in table order; overall: the cohort's AUC or null.
 */
export function forestChart({ rows, overall, width }) {
  const lines = forestLines(rows);
  const lowest = Math.min(0.4, ...rows.map((row) => row.ciLower ?? 1));
  const domain = [Math.floor(lowest * 10) / 10, 1];
  const keys = lines.map((line) => line.key);
  const estimable = lines.filter((line) => line.auc !== null && line.auc !== undefined);
  const missing = lines.filter((line) => !line.heading && (line.auc === null || line.auc === undefined));
  return Plot.plot({
    width,
    height: 40 + 22 * lines.length,
    marginLeft: 200,
    marginRight: 150,
    marginTop: 28,
    marginBottom: 40,
    x: { domain, label: "AUC (95% CI, DeLong)", labelAnchor: "center", labelArrow: "none", grid: true },
    y: { domain: keys, axis: null },
    marks: [
      Plot.ruleX([0.5], { stroke: "#777", strokeDasharray: "1,3" }),
      Plot.ruleX(overall === null ? [] : [overall], { stroke: "#444", strokeDasharray: "5,4" }),
      Plot.link(estimable, { x1: (d) => d.ciLower ?? d.auc, x2: (d) => d.ciUpper ?? d.auc, y1: "key", y2: "key", stroke: MODEL_COLOR, strokeWidth: 1.5 }),
      Plot.dot(estimable, { x: "auc", y: "key", r: 4, fill: MODEL_COLOR, symbol: "square" }),
      Plot.text(missing, { y: "key", x: domain[0], text: (d) => d.missingText, textAnchor: "start", dx: 6, fill: "#8a3b12", fontStyle: "italic", stroke: "white", strokeWidth: 4, paintOrder: "stroke" }),
      Plot.text(lines.filter((d) => d.heading), { y: "key", frameAnchor: "left", dx: -192, text: "label", textAnchor: "start", fontWeight: "bold" }),
      Plot.text(lines.filter((d) => !d.heading), { y: "key", frameAnchor: "left", dx: -180, text: "label", textAnchor: "start" }),
      Plot.text(lines, { y: "key", frameAnchor: "right", dx: 12, text: "counts", textAnchor: "start" }),
      Plot.text(["n, events"], { frameAnchor: "top-right", dx: 12, dy: -20, textAnchor: "start", fontWeight: "bold" }),
      Plot.text(overall === null ? [] : [overall], { x: (d) => d, frameAnchor: "top", dy: -14, text: (d) => `overall ${d.toFixed(3)}`, fontSize: 10 }),
    ],
  });
}

/** Heading and level lines in display order, each with a unique key for the y scale. */
function forestLines(rows) {
  const lines = [];
  let current = null;
  for (const row of rows) {
    if (row.variable !== current) {
      current = row.variable;
      lines.push({ key: `h:${row.variable}`, heading: true, label: row.variableLabel ?? row.variable, counts: "" });
    }
    lines.push({
      ...row,
      key: `l:${row.variable}:${row.level}`,
      heading: false,
      label: row.level,
      counts: row.suppressed ? "suppressed" : `${formatCount(row.n)}, ${formatCount(row.events)}`,
      missingText: row.suppressed ? `suppressed: ${row.notEstimableReason ?? "fewer patients than the minimum cell count"}` : notEstimable(row.notEstimableReason),
    });
  }
  return lines;
}
