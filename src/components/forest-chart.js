// Forest plot of subgroup AUCs with their DeLong intervals.
import * as Plot from "@observablehq/plot";
import { formatCount, notEstimable } from "./format.js";
import { MODEL_COLOR, halo } from "./roc-chart.js";

const MARGIN_LEFT = 200;
const axis = { labelAnchor: "center", labelArrow: "none" };

/**
 * One row per subgroup level under a heading row per variable. Levels that are not estimable
 * (no patients, one outcome class, counts suppressed) keep their row and say why in words; n
 * and events are written in the right margin, beside each heading any note passed for it.
 * Reference lines: the overall AUC (dashed) and
 * 0.5 (dotted).
 *
 * rows: subgroups rows of one cohort in table order; overall: the cohort's AUC or null;
 * headingNotes: variable → text written right of its heading row (a heterogeneity test).
 */
export function forestChart({ rows, overall, width, headingNotes = new Map() }) {
  const lines = forestLines(rows, headingNotes);
  const lowest = Math.min(0.4, ...rows.map((row) => row.ciLower ?? 1));
  const domain = [Math.floor(lowest * 10) / 10, 1];
  const hasEstimate = (line) => line.auc !== null && line.auc !== undefined;
  const estimable = lines.filter(hasEstimate);
  const missing = lines.filter((line) => !line.heading && !hasEstimate(line));
  const reference = overall === null ? [] : [overall];
  return Plot.plot({
    width,
    height: 44 + 24 * lines.length,
    marginLeft: MARGIN_LEFT,
    marginRight: 150,
    marginTop: 28,
    marginBottom: 46,
    style: { fontSize: "12px" },
    x: { domain, label: "AUC (95% CI, DeLong)", ...axis, grid: true },
    y: { domain: lines.map((line) => line.key), axis: null },
    marks: [
      Plot.ruleX([0.5], { stroke: "#777", strokeDasharray: "1,3" }),
      Plot.ruleX(reference, { stroke: "#444", strokeDasharray: "5,4" }),
      Plot.link(estimable, {
        x1: (d) => d.ciLower ?? d.auc,
        x2: (d) => d.ciUpper ?? d.auc,
        y1: "key",
        y2: "key",
        stroke: MODEL_COLOR,
        strokeWidth: 1.5,
      }),
      Plot.dot(estimable, { x: "auc", y: "key", r: 4, fill: MODEL_COLOR, symbol: "square" }),
      Plot.text(missing, {
        y: "key",
        x: domain[0],
        text: "missingText",
        textAnchor: "start",
        dx: 6,
        fill: "#8a3b12",
        fontStyle: "italic",
        ...halo,
      }),
      ...labelMarks(lines),
      Plot.text(reference, {
        x: (d) => d,
        frameAnchor: "top",
        dy: -14,
        text: (d) => `overall ${d.toFixed(3)}`,
        fontSize: 10,
      }),
    ],
  });
}

// Variable names and levels in the left margin, patients and events in the right one.
function labelMarks(lines) {
  const left = { y: "key", frameAnchor: "left", text: "label", textAnchor: "start" };
  const right = { frameAnchor: "right", dx: 12, textAnchor: "start" };
  return [
    Plot.text(lines.filter((d) => d.heading), { ...left, dx: 8 - MARGIN_LEFT, fontWeight: "bold" }),
    Plot.text(lines.filter((d) => !d.heading), { ...left, dx: 20 - MARGIN_LEFT }),
    Plot.text(lines, { ...right, y: "key", text: "counts" }),
    Plot.text(["n, events"], { ...right, frameAnchor: "top-right", dy: -20, fontWeight: "bold" }),
  ];
}

/** Heading and level lines in display order, each with a unique key for the y scale. */
function forestLines(rows, headingNotes) {
  const lines = [];
  let current = null;
  for (const row of rows) {
    if (row.variable !== current) {
      current = row.variable;
      const label = row.variableLabel ?? row.variable;
      const counts = headingNotes.get(row.variable) ?? "";
      lines.push({ key: `h:${row.variable}`, heading: true, label, counts });
    }
    lines.push({
      ...row,
      key: `l:${row.variable}:${row.level}`,
      heading: false,
      label: row.level,
      counts: row.suppressed ? "suppressed" : `${formatCount(row.n)}, ${formatCount(row.events)}`,
      missingText: row.suppressed
        ? `suppressed: ${row.notEstimableReason ?? "fewer patients than the minimum cell count"}`
        : notEstimable(row.notEstimableReason),
    });
  }
  return lines;
}
