// Calibration plot and the distribution of predicted risk by outcome.
import * as Plot from "@observablehq/plot";
import { legendMarks } from "./chart-legend.js";
import { MODEL_COLOR } from "./roc-chart.js";

const EVENT_COLOR = "#b3261e";
const NON_EVENT_COLOR = "#5f6b7a";
const axis = { labelAnchor: "center", labelArrow: "none" };
const predictedAxis = { domain: [0, 1], label: "Predicted probability", ...axis };

/**
 * Observed against predicted risk on equal 0–1 axes: the lowess curve, the decile groups with
 * their Clopper-Pearson intervals, and the diagonal of perfect calibration.
 *
 * curve: calibration-curve rows; deciles: calibration-deciles rows.
 */
export function calibrationChart({ curve, deciles, size }) {
  const line = [...curve].sort((a, b) => a.predicted - b.predicted);
  return Plot.plot({
    width: size,
    height: size,
    marginLeft: 48,
    marginBottom: 40,
    x: predictedAxis,
    y: { domain: [0, 1], label: "Observed proportion", ...axis },
    marks: [
      Plot.frame({ stroke: "#ccc" }),
      Plot.line([[0, 0], [1, 1]], { stroke: "#888", strokeDasharray: "4,4" }),
      Plot.ruleX(deciles, {
        x: "meanPredicted",
        y1: "ciLower",
        y2: "ciUpper",
        stroke: "black",
        strokeOpacity: 0.7,
      }),
      Plot.dot(deciles, { x: "meanPredicted", y: "observedProportion", r: 3.5, fill: "black" }),
      // A lowess fit of a 0/1 outcome can leave [0, 1] at the ends; the frame clips it.
      Plot.line(line, {
        x: "predicted",
        y: "observed",
        stroke: MODEL_COLOR,
        strokeWidth: 2,
        clip: true,
      }),
      ...legendMarks([
        { text: "Lowess curve", color: MODEL_COLOR },
        { text: "Deciles with 95% CI", color: "black" },
        { text: "Ideal (diagonal)", color: "#777" },
      ]),
    ],
  });
}

/**
 * Counts of patients per bin of predicted risk: patients with the event above the axis,
 * without it below, on the same x axis as the calibration plot.
 *
 * bins: risk-distribution rows ({outcome: "Event" | "No event", binLower, binUpper, count}).
 */
export function riskDistributionChart({ bins, size }) {
  const isEvent = (row) => row.outcome === "Event";
  const signed = bins.map((row) => ({
    ...row,
    signedCount: isEvent(row) ? row.count : -row.count,
  }));
  const key = { dy: -16, fontSize: 11 };
  return Plot.plot({
    width: size,
    height: Math.round(size * 0.45),
    marginTop: 26,
    marginLeft: 48,
    marginBottom: 40,
    x: predictedAxis,
    y: { label: "Patients", ...axis, tickFormat: (d) => String(Math.abs(d)), nice: true },
    marks: [
      Plot.rectY(signed, {
        x1: "binLower",
        x2: "binUpper",
        y: "signedCount",
        fill: (row) => (isEvent(row) ? EVENT_COLOR : NON_EVENT_COLOR),
        inset: 0.5,
      }),
      Plot.ruleY([0]),
      // The key sits in the top margin, where no bar can reach it.
      Plot.text(["▲ Event (above the axis)"], {
        ...key,
        frameAnchor: "top-left",
        textAnchor: "start",
        fill: EVENT_COLOR,
      }),
      Plot.text(["▼ No event (below the axis)"], {
        ...key,
        frameAnchor: "top-right",
        textAnchor: "end",
        fill: NON_EVENT_COLOR,
      }),
    ],
  });
}
