// Table 1: baseline characteristics of the eligible patients, one column per cohort, reshaped
// from the engine's long `table1` result table with Arquero.
import aq from "arquero/dist/arquero.js";
import { formatCount, formatNumber, MISSING } from "./format.js";
import { dataTable, element } from "./table.js";

const MEDIAN = "Median (Q1–Q3)";
const MEAN = "Mean (SD)";
const MISSING_LINE = "Missing";
// Continuous lines first, levels in their declared order, "Missing" last within a variable.
const statisticOrder = { [MEDIAN]: 0, [MEAN]: 1 };
const MISSING_ORDER = 10_000;
const DIGITS = 1;

const medianText = (d) =>
  d.median === null
    ? MISSING
    : `${formatNumber(d.median, DIGITS)} (${formatNumber(d.firstQuartile, DIGITS)}–` +
      `${formatNumber(d.thirdQuartile, DIGITS)})`;
const meanText = (d) =>
  d.mean === null
    ? MISSING
    : `${formatNumber(d.mean, DIGITS)} (${formatNumber(d.standardDeviation, DIGITS)})`;
// Percentages arrive on 0–100, of the patients with a value; null when none has one.
const levelText = (d) =>
  `${formatCount(d.n)} (${d.percentage === null ? MISSING : `${d.percentage.toFixed(1)}%`})`;

/**
 * The table's lines, wide: one object per displayed line with `order` (the variable's place),
 * `label` (its name), `line` (the statistic or level) and one text cell per cohortId.
 * A "Missing" line is added to a variable when any cohort has a missing value in it.
 */
export function table1Lines(table1) {
  const continuous = table1
    .filter((d) => d.kind === "continuous")
    .derive({ [MEDIAN]: aq.escape(medianText), [MEAN]: aq.escape(meanText) })
    .fold([MEDIAN, MEAN], { as: ["line", "text"] })
    .derive({ lineOrder: aq.escape((d) => statisticOrder[d.line]) });
  const categorical = table1
    .filter((d) => d.kind === "categorical")
    .groupby("cohortId", "variable")
    .derive({ lineOrder: () => op.row_number(), line: (d) => d.level, text: aq.escape(levelText) })
    .ungroup();
  const missing = table1
    .groupby("cohortId", "variable", "label", "order")
    .rollup({ missing: (d) => op.max(d.missing) })
    .groupby("variable")
    .filter((d) => op.max(d.missing) > 0)
    .ungroup()
    .derive({
      lineOrder: aq.escape(() => MISSING_ORDER),
      line: aq.escape(() => MISSING_LINE),
      text: aq.escape((d) => formatCount(d.missing)),
    });
  const columns = ["cohortId", "variable", "label", "order", "lineOrder", "line", "text"];
  return continuous
    .select(columns)
    .concat(categorical.select(columns), missing.select(columns))
    .groupby("order", "variable", "label", "lineOrder", "line")
    .pivot("cohortId", "text")
    .orderby("order", "lineOrder")
    .objects();
}

/** Wide lines with a heading row before each variable's first line. */
function withHeadings(lines) {
  const rows = [];
  let current = null;
  for (const line of lines) {
    if (line.variable !== current) {
      current = line.variable;
      rows.push({ heading: true, label: line.label ?? line.variable });
    }
    rows.push(line);
  }
  return rows;
}

/**
 * The numbered Table 1. cohorts: [{cohortId, header}] in column order (header: label and
 * eligible n); table1: the Arquero `table1` table; empty: the sentence shown when the study
 * lists no Table 1 variable.
 */
export function baselineTable({ number, title, caption, table1, cohorts, empty }) {
  const rows = table1.numRows() === 0 ? [] : withHeadings(table1Lines(table1));
  const characteristic = (row) =>
    row.heading
      ? element("strong", { textContent: row.label })
      : element("span", { textContent: row.line, style: "padding-left: 1.2em" });
  const columns = [
    { label: "Characteristic", value: characteristic },
    ...cohorts.map((cohort) => ({
      label: cohort.header,
      value: (row) => (row.heading ? "" : row[cohort.cohortId] ?? MISSING),
      align: "right",
    })),
  ];
  return dataTable({ number, title, caption, columns, rows, empty });
}
