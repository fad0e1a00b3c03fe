// Kaplan-Meier curves by group with the number-at-risk table aligned under the time axis.
import * as Plot from "@observablehq/plot";
import { legendMarks } from "./chart-legend.js";
import { element } from "./table.js";

const PALETTE = ["#4269d0", "#efb118", "#e0452f", "#3ca951", "#a463f2", "#9c6b4e"];
const DAYS_PER_YEAR = 365.25;
const axis = { labelAnchor: "center", labelArrow: "none" };

/**
 * Colours of `count` ordered risk groups: two groups are blue and red (lower and higher risk),
 * three are blue, amber and red; more take the rest of the palette in order.
 */
export function groupColors(count) {
  if (count === 2) return [PALETTE[0], PALETTE[2]];
  return Array.from({ length: count }, (_, i) => PALETTE[i % PALETTE.length]);
}

/**
 * Two charts sharing one x scale (years = days / 365.25): the step curves with their CI bands
 * and "+" at times with censoring, then one row of numbers at risk per group, whose numbers sit
 * under the ticks of the first chart because both use the same width, margins and domain.
 *
 * curve: km-curve rows; atRisk: km-at-risk rows; groups: group names in order;
 * legend: [{text, color}] written in the emptier of two corners (group names, hazard ratios,
 * tests).
 */
export function kmChart({ curve, atRisk, groups, legend, width }) {
  const rows = curve.map((row) => ({ ...row, years: row.time / DAYS_PER_YEAR }));
  const risk = atRisk.map((row) => ({ ...row, years: row.time / DAYS_PER_YEAR }));
  const last = Math.max(...rows.map((row) => row.years), ...risk.map((row) => row.years));
  const ticks = riskTicks(risk, Math.ceil(last));
  // Room for the longest group name left of the at-risk numbers, in both charts alike.
  const longest = Math.max(...groups.map((group) => group.length));
  const shared = {
    width,
    marginLeft: Math.max(56, 7 * longest + 34),
    marginRight: 24,
    color: { domain: groups, range: groupColors(Math.max(groups.length, 1)) },
    x: { domain: [0, Math.max(1, last, ...ticks)], ticks, tickFormat: yearFormat },
  };
  const main = curveChart(shared, rows, legend);
  const table = atRiskChart(shared, risk.filter((row) => ticks.includes(row.years)), groups);
  return element("div", { className: "km-chart" }, [main, table]);
}

// Whole years print without decimals ("2", not "2.0").
function yearFormat(years) {
  return Math.abs(years - Math.round(years)) < 1e-9 ? String(Math.round(years)) : years.toFixed(1);
}

/**
 * The corner for the legend: lower left, where survival curves usually are not yet, unless the
 * curves fall there early; then the upper right if it holds fewer points.
 */
function legendCorner(rows, end) {
  const inBox = (x0, x1, y0, y1) =>
    rows.filter((r) => r.years >= x0 && r.years <= x1 && r.survival >= y0 && r.survival <= y1)
      .length;
  const lowerLeft = inBox(0, end * 0.45, 0, 0.35);
  const upperRight = inBox(end * 0.55, end, 0.65, 1);
  return upperRight < lowerLeft ? "top-right" : "bottom-left";
}

function curveChart(shared, rows, legend) {
  const position = { x: "years", z: "group", curve: "step-after" };
  const corner = legendCorner(rows, shared.x.domain[1]);
  return Plot.plot({
    ...shared,
    height: 360,
    marginBottom: 40,
    x: { ...shared.x, label: "Years since the index date", ...axis },
    y: { domain: [0, 1], label: "Survival probability", ...axis, grid: true },
    marks: [
      Plot.frame({ stroke: "#ccc" }),
      Plot.areaY(rows, {
        ...position,
        y1: "ciLower",
        y2: "ciUpper",
        fill: "group",
        fillOpacity: 0.12,
      }),
      Plot.line(rows, { ...position, y: "survival", stroke: "group", strokeWidth: 1.8 }),
      Plot.dot(rows.filter((row) => row.censored > 0), {
        x: "years",
        y: "survival",
        stroke: "group",
        symbol: "plus",
        r: 2.5,
        strokeWidth: 1,
      }),
      ...legendMarks(legend, corner),
    ],
  });
}

function atRiskChart(shared, risk, groups) {
  return Plot.plot({
    ...shared,
    height: 30 + 20 * groups.length,
    marginTop: 24,
    marginBottom: 6,
    x: { ...shared.x, axis: null },
    // The padding keeps group names clear of the numbers centred on the first tick.
    y: {
      domain: groups,
      label: "Number at risk",
      labelAnchor: "top",
      tickSize: 0,
      tickPadding: 26,
    },
    marks: [
      Plot.text(risk, {
        x: "years",
        y: "group",
        text: (row) => String(row.numberAtRisk ?? ""),
        fill: "group",
        fontSize: 11,
      }),
    ],
  });
}

// The tick positions are the times of the at-risk table when it has a sensible count of them.
function riskTicks(risk, end) {
  const times = [...new Set(risk.map((row) => row.years))].sort((a, b) => a - b);
  if (times.length >= 2 && times.length <= 16) return times;
  const step = end > 15 ? 2 : 1;
  return Array.from({ length: Math.floor(end / step) + 1 }, (_, i) => i * step);
}
