// Participant-flow diagram (CONSORT / STARD style) of one cohort. Boxes are laid out in pixels
// and sized to their wrapped text, so long exclusion reasons never run over a border.
import * as Plot from "@observablehq/plot";
import { formatCount } from "./format.js";
import { MODEL_COLOR } from "./roc-chart.js";

const FONT_SIZE = 12;
const FONT_FAMILY = "system-ui, sans-serif";
const LINE_HEIGHT = Math.round(FONT_SIZE * 1.35);
const PADDING = 7;
// Vertical room between two main boxes when no side box hangs off the trunk between them.
const PLAIN_GAP = 26;
// Room above and below a side box inside the gap it sits in.
const SIDE_MARGIN = 10;
const BRANCH_GAP = 24;

/**
 * The flow of one cohort from the rows of the engine's `flow` table: records in the table, then
 * (when some belong to another cohort defined on the same table) a side box with those, the
 * records of this cohort, a side box listing every exclusion reason in protocol order with its
 * count (zero counts kept), the eligible patients, a side box with the eligible patients whose
 * outcome is not known (when there are any), and the patients with a known outcome.
 *
 * rows: flow rows of one cohort (any order); width: pixels; noCriteria: the sentence written in
 * the exclusion box when the cohort defines no eligibility criterion.
 */
export function flowDiagram({ rows, width, noCriteria = "No eligibility criteria defined" }) {
  const layout = flowLayout(flowSteps(rows, noCriteria), Math.max(320, Math.floor(width)));
  const texts = (anchor, weight) =>
    Plot.text(
      layout.lines.filter((line) => line.anchor === anchor && line.bold === (weight === "bold")),
      {
        x: "x",
        y: "y",
        text: "text",
        textAnchor: anchor,
        lineAnchor: "middle",
        fontWeight: weight,
        // As a mark attribute, not page style, so that the exported SVG keeps the size.
        fontSize: FONT_SIZE,
      },
    );
  return Plot.plot({
    width: layout.width,
    height: layout.height,
    margin: 0,
    axis: null,
    style: { fontSize: `${FONT_SIZE}px`, fontFamily: FONT_FAMILY, background: "white" },
    x: { type: "identity" },
    y: { type: "identity" },
    marks: [
      Plot.arrow(layout.arrows, {
        x1: "x1",
        y1: "y1",
        x2: "x2",
        y2: "y2",
        stroke: "#555",
        strokeWidth: 1.2,
        headLength: 7,
      }),
      Plot.rect(layout.boxes, {
        x1: "x1",
        x2: "x2",
        y1: "y1",
        y2: "y2",
        fill: "fill",
        stroke: "stroke",
        strokeWidth: 1,
      }),
      ...["start", "middle", "end"].flatMap((anchor) => [
        texts(anchor, "normal"),
        texts(anchor, "bold"),
      ]),
    ],
  });
}

/**
 * The main boxes of the flow and, for each gap between two of them, the side box that branches
 * off there (or null). Steps missing from the table are left out rather than drawn empty.
 */
function flowSteps(rows, noCriteria) {
  const sorted = [...rows].sort((a, b) => a.order - b.order);
  const step = (name) => sorted.find((row) => row.step === name);
  const excluded = sorted.filter((row) => row.step === "excluded");
  const otherSplit = step("other-split");
  const eligible = step("eligible");
  const analysed = step("analysed-binary");
  const outcomeUnknown = eligible && analysed ? eligible.count - analysed.count : 0;
  const main = [
    { row: step("records"), side: otherSplit?.count > 0 ? plainSide(otherSplit) : null },
    { row: step("in-cohort"), side: exclusionSide(excluded, noCriteria) },
    { row: eligible, side: outcomeUnknown > 0 ? outcomeSide(outcomeUnknown) : null },
    { row: analysed, side: null, final: true },
  ];
  return main.filter((entry) => entry.row);
}

function plainSide(row) {
  return { heading: null, items: [{ text: row.label, count: null }], total: row.count };
}

function exclusionSide(excluded, noCriteria) {
  if (excluded.length === 0) return { heading: null, items: [{ text: noCriteria, count: null }] };
  const total = excluded.reduce((sum, row) => sum + row.count, 0);
  return {
    heading: `Excluded, n = ${formatCount(total)}`,
    items: excluded.map((row) => ({ text: row.label, count: row.count })),
  };
}

function outcomeSide(count) {
  const text = "Outcome not known under the outcome definition";
  return { heading: null, items: [{ text, count: null }], total: count };
}

/** Pixel positions of every box, text line and arrow; the height follows from the text. */
function flowLayout(steps, width) {
  // Main boxes hold short labels; the side boxes get the room their reasons need.
  const mainWidth = Math.max(150, Math.round(width * 0.37));
  const trunk = Math.round(mainWidth / 2) + 0.5;
  const sideLeft = mainWidth + BRANCH_GAP;
  const sideWidth = width - sideLeft - 1;
  const out = { boxes: [], lines: [], arrows: [], width };
  let y = 0.5;
  steps.forEach((entry, index) => {
    y = placeMainBox(out, entry, { x1: 0.5, x2: mainWidth, y });
    if (index === steps.length - 1) return;
    const side = entry.side ? sideBox(entry.side, sideLeft, sideWidth) : null;
    const gap = side ? Math.max(PLAIN_GAP, side.height + 2 * SIDE_MARGIN) : PLAIN_GAP;
    if (side) {
      const top = y + (gap - side.height) / 2;
      placeSideBox(out, side, top);
      const middle = Math.round(top + side.height / 2) + 0.5;
      out.arrows.push({ x1: trunk, y1: middle, x2: sideLeft, y2: middle });
    }
    out.arrows.push({ x1: trunk, y1: y, x2: trunk, y2: y + gap });
    y += gap;
  });
  out.height = Math.ceil(y) + 1;
  return out;
}

// A main box: its label wrapped and centred, then "n = …" in bold.
function placeMainBox(out, entry, { x1, x2, y }) {
  const center = (x1 + x2) / 2;
  const label = wrapText(entry.row.label, x2 - x1 - 2 * PADDING);
  const lines = [...label.map((text) => ({ text, bold: false })), countLine(entry.row.count)];
  const height = lines.length * LINE_HEIGHT + 2 * PADDING;
  out.boxes.push({
    x1,
    x2,
    y1: y,
    y2: y + height,
    fill: entry.final ? "#eef2fb" : "white",
    stroke: entry.final ? MODEL_COLOR : "#555",
  });
  lines.forEach((line, k) => {
    out.lines.push({ ...line, anchor: "middle", x: center, y: lineY(y, k) });
  });
  return y + height;
}

function countLine(count) {
  return { text: `n = ${formatCount(count)}`, bold: true };
}

/**
 * A side box's lines with their offsets from its top: an optional bold heading, each item's
 * text wrapped on the left with its count right-aligned on the item's first line, and an
 * optional bold "n = …" line.
 */
function sideBox(side, left, width) {
  const hasCounts = side.items.some((item) => item.count !== null);
  const textRoom = width - 2 * PADDING - (hasCounts ? textWidth("0000") + 8 : 0);
  const lines = [];
  let offset = PADDING;
  const push = (text, options) => {
    lines.push({ text, bold: false, anchor: "start", x: left + PADDING, dy: offset, ...options });
  };
  if (side.heading) {
    push(side.heading, { bold: true });
    offset += LINE_HEIGHT;
  }
  side.items.forEach((item, k) => {
    // A little space before each item after the first, so one reason reads apart from the next.
    if (k > 0 || side.heading) offset += 3;
    if (item.count !== null) {
      push(formatCount(item.count), { anchor: "end", x: left + width - PADDING });
    }
    for (const text of wrapText(item.text, textRoom)) {
      push(text);
      offset += LINE_HEIGHT;
    }
  });
  if (side.total !== undefined) {
    push(`n = ${formatCount(side.total)}`, { bold: true });
    offset += LINE_HEIGHT;
  }
  return { left, width, lines, height: offset + PADDING };
}

function placeSideBox(out, side, top) {
  const y1 = Math.round(top) + 0.5;
  out.boxes.push({
    x1: side.left,
    x2: side.left + side.width,
    y1,
    y2: y1 + side.height,
    fill: "#f6f7f9",
    stroke: "#888",
  });
  for (const line of side.lines) {
    const y = y1 + line.dy + LINE_HEIGHT / 2;
    out.lines.push({ text: line.text, bold: line.bold, anchor: line.anchor, x: line.x, y });
  }
}

function lineY(top, index) {
  return top + PADDING + index * LINE_HEIGHT + LINE_HEIGHT / 2;
}

let measureContext = null;

/** Rendered width of a text at the diagram's font; an estimate where no canvas is available. */
function textWidth(text, bold = false) {
  if (measureContext === null && typeof document !== "undefined") {
    measureContext = document.createElement("canvas").getContext("2d");
  }
  if (!measureContext) return text.length * FONT_SIZE * 0.6;
  measureContext.font = `${bold ? "bold " : ""}${FONT_SIZE}px ${FONT_FAMILY}`;
  return measureContext.measureText(text).width;
}

/**
 * Greedy word wrap to a pixel width. A single word wider than the line keeps its own line; the
 * 0.94 factor leaves room for the renderer's rounding and for fonts wider than the measured one.
 */
export function wrapText(text, width) {
  const room = width * 0.94;
  const lines = [];
  let current = "";
  for (const word of String(text).split(/\s+/).filter(Boolean)) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && textWidth(candidate) > room) {
      lines.push(current);
      current = word;
    } else {
      current = candidate;
    }
  }
  if (current) lines.push(current);
  return lines.length ? lines : [""];
}
