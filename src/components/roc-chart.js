// Receiver operating characteristic curve of one model in one cohort.
import * as Plot from "@observablehq/plot";

export const MODEL_COLOR = "#3b5fc0";
const THRESHOLD_COLOR = "#b3261e";

const labelOptions = {
  x: "falsePositiveRate",
  y: "sensitivity",
  text: "label",
  fontSize: 11,
  fill: THRESHOLD_COLOR,
  stroke: "white",
  strokeWidth: 3,
  paintOrder: "stroke",
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
    x: { domain: [0, 1], label: "1 − specificity (false-positive rate)", labelAnchor: "center", labelArrow: "none" },
    y: { domain: [0, 1], label: "Sensitivity", labelAnchor: "center", labelArrow: "none" },
    marks: [
      Plot.frame({ stroke: "#ccc" }),
      Plot.areaY(bandRows, { x: "falsePositiveRate", y1: "ciLower", y2: "ciUpper", fill: MODEL_COLOR, fillOpacity: 0.18 }),
      Plot.line([[0, 0], [1, 1]], { stroke: "#888", strokeDasharray: "4,4" }),
      Plot.line(points, { x: "falsePositiveRate", y: "sensitivity", stroke: MODEL_COLOR, strokeWidth: 2 }),
      Plot.dot(youdenPoints, { x: "falsePositiveRate", y: "sensitivity", r: 5, stroke: "black", fill: "white", strokeWidth: 1.5 }),
      Plot.text(youdenPoints.slice(0, 1), { x: "falsePositiveRate", y: "sensitivity", text: () => "Youden (exploratory)", dx: 8, dy: 10, textAnchor: "start", fontSize: 11, stroke: "white", strokeWidth: 3, paintOrder: "stroke" }),
      Plot.dot(operating, { x: "falsePositiveRate", y: "sensitivity", r: 5, fill: THRESHOLD_COLOR }),
      // Labels sit below and to the right of the curve, so they do not cover it; near the right
      // edge they turn to the left to stay inside the frame.
      Plot.text(operating.filter((p) => p.falsePositiveRate <= 0.5), { ...labelOptions, dx: 8, dy: 10, textAnchor: "start" }),
      Plot.text(operating.filter((p) => p.falsePositiveRate > 0.5), { ...labelOptions, dx: -2, dy: 16, textAnchor: "end" }),
      Plot.text([note], { frameAnchor: "bottom-right", dx: -8, dy: -8, textAnchor: "end", lineAnchor: "bottom", fontSize: 11 }),
    ],
  });
}
