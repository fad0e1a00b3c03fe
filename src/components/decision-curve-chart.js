// Decision curve: net benefit of the model against the default strategies.
import * as Plot from "@observablehq/plot";
import { legendMarks } from "./chart-legend.js";
import { MODEL_COLOR } from "./roc-chart.js";

const TREAT_ALL_COLOR = "#c2410c";
const TREAT_NONE_COLOR = "#555";
const axis = { labelAnchor: "center", labelArrow: "none" };

/**
 * Net benefit of the model (line and bootstrap band), of treating everyone and of treating no
 * one, across threshold probabilities 0–1. The y axis runs from −0.05 to a little above the
 * prevalence (the largest net benefit any strategy can reach); lines are clipped to it so the
 * steeply falling treat-all line does not flatten the rest.
 *
 * rows: decision-curve rows of one cohort; prevalence: events / patients in that cohort.
 */
export function decisionCurveChart({ rows, prevalence, width, height }) {
  const sorted = [...rows].sort((a, b) => a.thresholdProbability - b.thresholdProbability);
  const band = sorted.filter((row) => row.ciLower !== null && row.ciUpper !== null);
  const highest = Math.max(prevalence ?? 0, ...sorted.map((row) => row.netBenefitModel ?? 0));
  const top = Math.min(1, Math.ceil(highest * 1.1 * 20) / 20);
  const line = (y, options) =>
    Plot.line(sorted, { x: "thresholdProbability", y, clip: true, ...options });
  return Plot.plot({
    width,
    height,
    marginLeft: 52,
    marginBottom: 40,
    x: { domain: [0, 1], label: "Threshold probability", ...axis },
    y: { domain: [-0.05, top], label: "Net benefit", ...axis, grid: true },
    marks: [
      Plot.frame({ stroke: "#ccc" }),
      Plot.areaY(band, {
        x: "thresholdProbability",
        y1: "ciLower",
        y2: "ciUpper",
        fill: MODEL_COLOR,
        fillOpacity: 0.18,
        clip: true,
      }),
      line("netBenefitTreatAll", { stroke: TREAT_ALL_COLOR, strokeWidth: 1.5 }),
      line("netBenefitTreatNone", { stroke: TREAT_NONE_COLOR, strokeDasharray: "4,4" }),
      line("netBenefitModel", { stroke: MODEL_COLOR, strokeWidth: 2 }),
      ...legendMarks(
        [
          { text: "Model (band: bootstrap 95% CI)", color: MODEL_COLOR },
          { text: "Treat all", color: TREAT_ALL_COLOR },
          { text: "Treat none", color: TREAT_NONE_COLOR },
        ],
        "top-right",
      ),
    ],
  });
}
