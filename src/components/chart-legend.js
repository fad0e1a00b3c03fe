// A legend drawn inside the chart's SVG, so that an exported figure keeps it.
import * as Plot from "@observablehq/plot";

/**
 * Coloured text lines in a corner of the frame, one mark per line.
 *
 * items: [{text, color}]; anchor: "top-left", "top-right", "bottom-left" or "bottom-right".
 */
export function legendMarks(items, anchor = "top-left") {
  const right = anchor.endsWith("right");
  const bottom = anchor.startsWith("bottom");
  const lineHeight = 15;
  return items.map((item, index) => {
    // From the bottom corner the last item sits lowest, so offsets count from the end.
    const offset = 8 + lineHeight * (bottom ? items.length - 1 - index : index);
    return Plot.text([item.text], {
      frameAnchor: anchor,
      dx: right ? -8 : 8,
      dy: bottom ? -offset : offset,
      textAnchor: right ? "end" : "start",
      lineAnchor: bottom ? "bottom" : "top",
      fill: item.color,
      fontSize: 11,
      fontWeight: item.bold ? "bold" : undefined,
      stroke: "white",
      strokeWidth: 3,
      paintOrder: "stroke",
    });
  });
}
