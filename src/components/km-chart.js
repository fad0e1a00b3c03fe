// Kaplan-Meier curves by group with the number-at-risk table aligned under the time axis.
import * as Plot from "@observablehq/plot";
import { legendMarks } from "./chart-legend.js";
import { element } from "./table.js";

const PALETTE = ["#4269d0", "#efb118", "#e0452f", "#3ca951", "#a463f2", "#9c6b4e"];

/**
 * Colours of `count` ordered risk groups: two groups are blue and red (lower and higher risk),
 * three are blue, amber and red; more take the rest of the palette in order.
 */
export function groupColors(count) {
  if (count === 2) return [PALETTE[0], PALETTE[2]];
  return Array.from({ length: count }, (_, i) => PALETTE[i % PALETTE.length]);
}
const DAYS_PER_YEAR = 365.25;

/**
 * Two charts sharing one x scale (years = days / 365.25): the step curves with their CI bands
 * and "+" at times with censoring, then one row of numbers at risk per group, whose numbers sit
 * under the ticks of the first chart because both use the same width, margins and domain.
 *
 * curve: km-curve rows; atRisk: km-at-risk rows; groups: group names in order;
 * legend: [{text, color}] written in the lower left corner (group names, hazard ratios, test).
 */
export function kmChart({ curve, atRisk, groups, legend, width }) {
  const rows = curve.map((row) => ({ ...row, years: row.time / DAYS_PER_YEAR }));
  const risk = atRisk.map((row) => ({ ...row, years: row.time / DAYS_PER_YEAR }));
  const last = Math.max(...rows.map((row) => row.years), ...risk.map((row) => row.years));
  const ticks = riskTicks(risk, Math.ceil(last));
  const end = Math.max(1, last, ...ticks);
  const color = { domain: groups, range: groupColors(Math.max(groups.length, 1)) };
  // Room for the longest group name left of the at-risk numbers, in both charts alike.
  const marginLeft = Math.max(56, 7 * Math.max(...groups.map((group) => group.length)) + 34);
  const x = { domain: [0, end], ticks };
  const main = Plot.plot({
    width,
    height: 360,
    marginLeft,
    marginRight: 24,
    marginBottom: 40,
    color,
    x: { ...x, label: "Years since the index date", labelAnchor: "center", labelArrow: "none" },
    y: { domain: [0, 1], label: "Survival probability", labelAnchor: "center", labelArrow: "none", grid: true },
    marks: [
      Plot.frame({ stroke: "#ccc" }),
      Plot.areaY(rows, { x: "years", y1: "ciLower", y2: "ciUpper", z: "group", fill: "group", fillOpacity: 0.12, curve: "step-after" }),
      Plot.line(rows, { x: "years", y: "survival", z: "group", stroke: "group", strokeWidth: 1.8, curve: "step-after" }),
      Plot.dot(rows.filter((row) => row.censored > 0), { x: "years", y: "survival", stroke: "group", symbol: "plus", r: 2.5, strokeWidth: 1 }),
      ...legendMarks(legend, "bottom-left"),
    ],
  });
  const table = Plot.plot({
    width,
    height: 30 + 20 * groups.length,
    marginLeft,
    marginRight: 24,
    marginTop: 24,
    marginBottom: 6,
    color,
    x: { ...x, axis: null },
    y: { domain: groups, label: "Number at risk", labelAnchor: "top", tickSize: 0, tickPadding: 26 },
    marks: [
      Plot.text(risk.filter((row) => ticks.includes(row.years)), {
        x: "years",
        y: "group",
        text: (row) => String(row.numberAtRisk ?? ""),
        fill: "group",
        fontSize: 11,
      }),
    ],
  });
  return element("div", { className: "km-chart" }, [main, table]);
}

// The tick positions are the times of the at-risk table when it has a sensible count of them.
function riskTicks(risk, end) {
  const times = [...new Set(risk.map((row) => row.years))].sort((a, b) => a - b);
  if (times.length >= 2 && times.length <= 16) return times;
  const step = end > 15 ? 2 : 1;
  return Array.from({ length: Math.floor(end / step) + 1 }, (_, i) => i * step);
}
