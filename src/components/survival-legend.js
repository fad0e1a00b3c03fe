// The text written inside a Kaplan-Meier chart: each group with its hazard ratio, then the tests.
import {
  formatCount,
  formatEstimate,
  formatNumber,
  formatPEquals,
  notEstimable,
} from "./format.js";
import { groupColors } from "./km-chart.js";

/**
 * Whether a Cox row belongs to a grouping. Rows name their grouping when the engine writes that
 * column; otherwise the "risk groups" analysis is the tertile grouping.
 */
export function coxBelongsTo(row, grouping) {
  if (row.grouping !== undefined && row.grouping !== null) return row.grouping === grouping;
  return grouping === "tertiles" && String(row.analysis).startsWith("risk groups");
}

/** A Cox term names its group as "High", "High vs Low", "riskGroup=High" or "riskGroupHigh". */
export function termMatches(term, group) {
  return (
    term === group ||
    term.startsWith(`${group} `) ||
    term.endsWith(`=${group}`) ||
    term === `riskGroup${group}`
  );
}

/** "HR 1.80 (95% CI 1.31–2.47)", or why the hazard ratio is missing. */
export function hazardText(row) {
  if (row.hazardRatio === null) return notEstimable(row.notEstimableReason);
  return `HR ${formatEstimate(row.hazardRatio, row.ciLower, row.ciUpper, 2)}`;
}

const testNames = { "log-rank": "Log-rank", trend: "Test for trend" };

/**
 * Legend lines for one cohort and grouping: one bold line per group in its colour (the first
 * group is the Cox reference), Cox terms that name no group, then each survival test.
 *
 * coxRows, testRows: the cox and survival-tests rows of this cohort.
 */
export function survivalLegend({ grouping, groups, coxRows, testRows }) {
  const fitted = coxRows.filter((row) => coxBelongsTo(row, grouping));
  // With both tie methods fitted the chart shows Efron's (R's default); the table lists both.
  const efron = fitted.filter((row) => row.ties === "efron");
  const models = efron.length > 0 ? efron : fitted;
  const colors = groupColors(groups.length);
  const lines = groups.map((group, index) => {
    const row = models.find((r) => termMatches(r.term, group));
    const reference = models.length > 0 && index === 0 ? `${group} (reference)` : group;
    const text = row ? `${group}: ${hazardText(row)}` : reference;
    return { text, color: colors[index], bold: true };
  });
  const unmatched = models.filter((row) => !groups.some((group) => termMatches(row.term, group)));
  for (const row of unmatched) {
    lines.push({ text: `${row.term}: ${hazardText(row)}`, color: "black" });
  }
  for (const test of testRows.filter((row) => row.grouping === grouping)) {
    const name = testNames[test.test] ?? test.test;
    const statistic = `χ² = ${formatNumber(test.statistic, 2)}, df = ${formatCount(test.df)}`;
    lines.push({ text: `${name} ${statistic}, ${formatPEquals(test.pValue)}`, color: "black" });
  }
  return lines;
}
