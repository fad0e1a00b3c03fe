// Receiver operating characteristic curve of one model in one cohort.
import * as Plot from "@observablehq/plot";

export const MODEL_COLOR = "#3b5fc0";
const THRESHOLD_COLOR = "#b3261e";

/** A white outline under text, so labels stay legible where they cross a line. */
export const halo = { stroke: "white", strokeWidth: 3, paintOrder: "stroke" };

const axis = { labelAnchor: "center", labelArrow: "none" };

const thresholdLabel = {
  x: "falsePositiveRate",
  y: "sensitivity",
  text: "label",
  fontSize: 11,
  fill: THRESHOLD_COLOR,
  ...halo,
};

/**
 * ROC curve as straight segments between its points (x = 1 − specificity, y = sensitivity),
 * the pointwise bootstrap band, the chance diagonal, the locked operating points (filled,
 * labelled) and the Youden optimum (open circle, exploratory).
 *
 * curve: roc-curve rows; band: roc-band rows; operatingPoints: [{label, sensitivity,
 * specificity}]; youden: youden rows; note: text written in the lower right corner.
 */
export function rocChart({ curve, band, operatingPoints, youden, note, size }) {
  // Points in order along the curve; equal false-positive rates step up in sensitivity.
  const points = [...curve].sort(
    (a, b) => a.falsePositiveRate - b.falsePositiveRate || a.sensitivity - b.sensitivity,
  );
  const bandRows = [...band]
    .filter((row) => row.ciLower !== null && row.ciUpper !== null)
    .sort((a, b) => a.falsePositiveRate - b.falsePositiveRate);
  const operating = operatingPoints.map((p) => ({ ...p, falsePositiveRate: 1 - p.specificity }));
  const youdenPoints = youden.map((p) => ({ ...p, falsePositiveRate: 1 - p.specificity }));
  return Plot.plot({
    width: size,
    height: size,
    marginLeft: 48,
    marginBottom: 40,
    x: { domain: [0, 1], label: "1 − specificity (false-positive rate)", ...axis },
    y: { domain: [0, 1], label: "Sensitivity", ...axis },
    marks: [
      Plot.frame({ stroke: "#ccc" }),
      Plot.areaY(bandRows, {
        x: "falsePositiveRate",
        y1: "ciLower",
        y2: "ciUpper",
        fill: MODEL_COLOR,
        fillOpacity: 0.18,
      }),
      Plot.line([[0, 0], [1, 1]], { stroke: "#888", strokeDasharray: "4,4" }),
      Plot.line(points, {
        x: "falsePositiveRate",
        y: "sensitivity",
        stroke: MODEL_COLOR,
        strokeWidth: 2,
      }),
      ...youdenMarks(youdenPoints),
      ...operatingMarks(operating),
      Plot.text([note], {
        frameAnchor: "bottom-right",
        dx: -8,
        dy: -8,
        textAnchor: "end",
        lineAnchor: "bottom",
        fontSize: 11,
      }),
    ],
  });
}

function youdenMarks(points) {
  const position = { x: "falsePositiveRate", y: "sensitivity" };
  return [
    Plot.dot(points, { ...position, r: 5, stroke: "black", fill: "white", strokeWidth: 1.5 }),
    // Tied optima share one label.
    Plot.text(points.slice(0, 1), {
      ...position,
      text: () => "Youden (exploratory)",
      dx: 8,
      dy: 10,
      textAnchor: "start",
      fontSize: 11,
      fill: "black",
      ...halo,
    }),
  ];
}

// Labels sit below the curve, to the right of their point; in the right half of the frame they
// turn to the left so they stay inside it.
function operatingMarks(points) {
  const left = points.filter((p) => p.falsePositiveRate <= 0.5);
  const right = points.filter((p) => p.falsePositiveRate > 0.5);
  return [
    Plot.dot(points, { x: "falsePositiveRate", y: "sensitivity", r: 5, fill: THRESHOLD_COLOR }),
    Plot.text(left, { ...thresholdLabel, dx: 8, dy: 10, textAnchor: "start" }),
    Plot.text(right, { ...thresholdLabel, dx: -2, dy: 16, textAnchor: "end" }),
  ];
}
