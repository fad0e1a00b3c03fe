// Charts that compare several models on the same patients: ROC curves overlaid in one panel per
// cohort, and a forest-style chart of every model's AUC grouped by cohort.
import * as Plot from "@observablehq/plot";
import { formatNumber, formatWithInterval, notEstimable } from "./format.js";
import { MODEL_COLOR, halo } from "./roc-chart.js";

// The primary model keeps the report's model colour; comparators take colour-blind-safe hues
// (Okabe and Ito) that stay apart from it, then greys when there are more than eight.
const COMPARATOR_COLORS = ["#e69f00", "#009e73", "#d55e00", "#cc79a7", "#56b4e9", "#8c6d31"];
const EXTRA_COLORS = ["#7f7f7f", "#b8b8b8", "#3d3d3d"];

const axis = { labelAnchor: "center", labelArrow: "none" };

/**
 * Display order and colour of the models: the primary first, then the others in the order of
 * the models table. Returns [{modelId, primary, color}].
 */
export function modelStyles(modelRows, primaryId) {
  const others = modelRows.filter((m) => m.modelId !== primaryId);
  const palette = [...COMPARATOR_COLORS, ...EXTRA_COLORS];
  const primary = modelRows.filter((m) => m.modelId === primaryId);
  return [
    ...primary.map((m) => ({ modelId: m.modelId, primary: true, color: MODEL_COLOR })),
    ...others.map((m, k) => ({
      modelId: m.modelId,
      primary: false,
      color: palette[k % palette.length],
    })),
  ];
}

/**
 * Empirical ROC curves of several models in one cohort (x = 1 − specificity, y = sensitivity),
 * straight segments between points; the primary drawn last and thicker. The legend sits in the
 * lower right, below the chance diagonal, with each model's AUC.
 *
 * curve: roc-curve rows of one cohort; styles: modelStyles(); aucByModel: modelId → AUC or
 * null; size: side length in pixels.
 */
export function rocOverlayChart({ curve, styles, aucByModel, size }) {
  const byModel = (modelId) =>
    curve
      .filter((row) => row.modelId === modelId)
      .sort((a, b) => a.falsePositiveRate - b.falsePositiveRate || a.sensitivity - b.sensitivity);
  const drawn = styles.filter((style) => curve.some((row) => row.modelId === style.modelId));
  // Comparators first so the primary's line lies on top of them.
  const order = [...drawn.filter((s) => !s.primary), ...drawn.filter((s) => s.primary)];
  const margins = { marginLeft: 48, marginBottom: 40, marginTop: 12, marginRight: 12 };
  const plotHeight = size - margins.marginTop - margins.marginBottom;
  return Plot.plot({
    width: size,
    height: size,
    ...margins,
    style: { fontSize: "11px" },
    color: { type: "identity" },
    x: { domain: [0, 1], label: "1 − specificity (false-positive rate)", ...axis },
    y: { domain: [0, 1], label: "Sensitivity", ...axis },
    marks: [
      Plot.frame({ stroke: "#ccc" }),
      Plot.line([[0, 0], [1, 1]], { stroke: "#888", strokeDasharray: "4,4" }),
      ...order.map((style) =>
        Plot.line(byModel(style.modelId), {
          x: "falsePositiveRate",
          y: "sensitivity",
          stroke: style.color,
          strokeWidth: style.primary ? 2.8 : 1.3,
          strokeOpacity: style.primary ? 1 : 0.9,
        }),
      ),
      ...legendMarks(drawn, aucByModel, 16 / plotHeight),
    ],
  });
}

// Legend rows in data units from the bottom of the frame: a line swatch, the model id and its
// AUC; a white backing keeps it legible where a curve passes underneath.
function legendMarks(styles, aucByModel, step) {
  const rows = styles.map((style, k) => ({
    ...style,
    y: 0.03 + step * (styles.length - k - 0.5),
    auc: formatNumber(aucByModel.get(style.modelId) ?? null, 3),
  }));
  const top = 0.03 + step * (styles.length + 1);
  const text = { y: "y", fontSize: 10.5, lineAnchor: "middle", ...halo };
  return [
    Plot.rect([{}], { x1: 0.4, x2: 0.99, y1: 0.01, y2: top, fill: "white", fillOpacity: 0.85 }),
    Plot.link(rows, { x1: 0.42, x2: 0.47, y1: "y", y2: "y", stroke: "color", strokeWidth: 2.5 }),
    ...[false, true].map((primary) =>
      Plot.text(rows.filter((row) => row.primary === primary), {
        ...text,
        x: 0.49,
        text: "modelId",
        textAnchor: "start",
        fill: "#222",
        fontWeight: primary ? "bold" : "normal",
      }),
    ),
    Plot.text(rows, { ...text, x: 0.97, text: "auc", textAnchor: "end", fill: "#222" }),
    Plot.text(["AUC"], {
      x: 0.97,
      y: top - step * 0.6,
      textAnchor: "end",
      fontSize: 10.5,
      fontWeight: "bold",
    }),
  ];
}

const FOREST_MARGIN_LEFT = 190;
const FOREST_MARGIN_RIGHT = 190;

/**
 * AUC with its DeLong 95% CI for every model, one block per cohort under a heading row; the
 * primary model first in each block, drawn larger and labelled in bold. A model whose AUC is
 * not estimable keeps its row and says why. Reference line at 0.5 (no discrimination); the
 * estimate and interval are written in the right margin.
 *
 * aucRows: auc rows; cohorts: [{cohortId, label}] in display order; styles: modelStyles().
 */
export function aucForestChart({ aucRows, cohorts, styles, width }) {
  const lines = forestLines(aucRows, cohorts, styles);
  const estimable = lines.filter((line) => !line.heading && line.auc !== null);
  const missing = lines.filter((line) => !line.heading && line.auc === null);
  const lowest = Math.min(0.4, ...estimable.map((line) => line.ciLower ?? line.auc));
  const domain = [Math.floor(lowest * 10) / 10, 1];
  return Plot.plot({
    width,
    height: 50 + 22 * lines.length,
    marginLeft: FOREST_MARGIN_LEFT,
    marginRight: FOREST_MARGIN_RIGHT,
    marginTop: 24,
    marginBottom: 40,
    style: { fontSize: "12px" },
    x: { domain, label: "AUC (DeLong 95% CI)", ...axis, grid: true },
    y: { domain: lines.map((line) => line.key), axis: null },
    color: { type: "identity" },
    marks: [
      Plot.ruleX([0.5], { stroke: "#777", strokeDasharray: "1,3" }),
      ...[false, true].flatMap((primary) => intervalMarks(estimable, primary)),
      Plot.text(missing, {
        x: domain[0],
        y: "key",
        text: (d) => notEstimable(d.notEstimableReason),
        textAnchor: "start",
        dx: 6,
        fill: "#8a3b12",
        fontStyle: "italic",
        ...halo,
      }),
      ...forestLabels(lines),
    ],
  });
}

// Comparators as thin lines and circles; the primary model as a thicker line and a square.
function intervalMarks(lines, primary) {
  const rows = lines.filter((line) => line.primary === primary);
  return [
    Plot.link(rows, {
      x1: (d) => d.ciLower ?? d.auc,
      x2: (d) => d.ciUpper ?? d.auc,
      y1: "key",
      y2: "key",
      stroke: "color",
      strokeWidth: primary ? 2.2 : 1.4,
    }),
    Plot.dot(rows, {
      x: "auc",
      y: "key",
      r: primary ? 5 : 3.5,
      fill: "color",
      symbol: primary ? "square" : "circle",
    }),
  ];
}

// Cohort headings and model ids in the left margin, the estimates in the right one.
function forestLabels(lines) {
  const left = { y: "key", frameAnchor: "left", text: "label", textAnchor: "start", fontSize: 12 };
  const models = lines.filter((line) => !line.heading);
  const right = { frameAnchor: "right", dx: 12, textAnchor: "start", fontSize: 12 };
  return [
    // A cohort label may run past the margin; its halo keeps it legible over the grid.
    Plot.text(lines.filter((line) => line.heading), {
      ...left,
      dx: 6 - FOREST_MARGIN_LEFT,
      fontWeight: "bold",
      ...halo,
      // A stroke makes Plot leave text unfilled unless a fill is given.
      fill: "currentColor",
    }),
    Plot.text(models.filter((line) => !line.primary), { ...left, dx: 18 - FOREST_MARGIN_LEFT }),
    Plot.text(models.filter((line) => line.primary), {
      ...left,
      dx: 18 - FOREST_MARGIN_LEFT,
      fontWeight: "bold",
    }),
    Plot.text(models, { ...right, y: "key", text: "estimate" }),
    Plot.text(["AUC (95% CI)"], {
      ...right,
      frameAnchor: "top-right",
      dy: -14,
      fontWeight: "bold",
    }),
  ];
}

/** Heading and model lines in display order, each with a unique key for the y scale. */
function forestLines(aucRows, cohorts, styles) {
  return cohorts.flatMap((cohort) => {
    const rows = styles.flatMap((style) => {
      const row = aucRows.find(
        (r) => r.cohortId === cohort.cohortId && r.modelId === style.modelId,
      );
      return row ? [{ ...row, ...style }] : [];
    });
    if (rows.length === 0) return [];
    const heading = { key: `h:${cohort.cohortId}`, heading: true, label: cohort.label };
    return [
      heading,
      ...rows.map((row) => ({
        ...row,
        key: `m:${cohort.cohortId}:${row.modelId}`,
        heading: false,
        label: row.modelId,
        auc: row.auc ?? null,
        estimate:
          row.auc === null || row.auc === undefined
            ? ""
            : formatWithInterval(row.auc, row.ciLower, row.ciUpper, 3),
      })),
    ];
  });
}
