// Numbered figures with a caption and client-side export (SVG, and PNG at twice the size).
import { element } from "./table.js";

/**
 * A figure: one chart, or one panel per cohort, followed by the caption
 * "Figure N. Title. caption". Each panel has its own "Download SVG" and "Download PNG" buttons;
 * when a panel holds several charts (a Kaplan-Meier plot and its number-at-risk table) they
 * are exported stacked in one image, as printed.
 *
 * plot: an element (a Plot SVG or a container of several); panels: [{label, plot, empty}]
 * instead of plot, where a panel whose plot is null shows its `empty` sentence; columns: how many
 * panels sit side by side at full width (1 or 2); empty: the sentence shown instead of the whole
 * figure when there is no panel at all.
 */
export function figure({ number, title, caption, plot, panels, columns = 1, empty }) {
  const list = panels ?? [{ label: null, plot }];
  if (list.length === 0) {
    const text = `Figure ${number} (${title}) is not drawn: ${empty ?? "there is nothing to show"}`;
    return element("p", { className: "empty-note", textContent: text });
  }
  const grid = element("div", { className: `figure-panels figure-cols-${columns}` });
  for (const panel of list) grid.append(figurePanel(number, panel));
  const figcaption = element("figcaption");
  const label = element("strong", { textContent: `Figure ${number}. ${title}.` });
  figcaption.append(label, ` ${caption}`);
  return element("figure", { className: "report-figure" }, [grid, figcaption]);
}

function figurePanel(number, { label, plot, empty }) {
  const heading = label
    ? [element("div", { className: "panel-label", textContent: `Panel: ${label}` })]
    : [];
  if (!plot) {
    const note = element("p", {
      className: "empty-note",
      textContent: empty ?? "Nothing to show for this panel.",
    });
    return element("div", { className: "figure-panel" }, [...heading, note]);
  }
  const chart = element("div", { className: "figure-chart" }, [plot]);
  const name = `figure-${number}${label ? `-${slug(label)}` : ""}`;
  const svgButton = button("Download SVG", () => saveBlob(svgBlob(chart), `${name}.svg`));
  const pngButton = button("Download PNG", async () => {
    saveBlob(await pngBlob(chart), `${name}.png`);
  });
  const tools = element("div", { className: "figure-downloads" }, [svgButton, pngButton]);
  return element("div", { className: "figure-panel" }, [...heading, chart, tools]);
}

function button(text, onClick) {
  const node = element("button", { type: "button", textContent: text });
  node.addEventListener("click", onClick);
  return node;
}

/** The outermost SVG elements of a chart container, top to bottom. */
function chartSvgs(container) {
  return [...container.querySelectorAll("svg")].filter((svg) => !svg.parentElement.closest("svg"));
}

/** One standalone SVG document: the charts stacked vertically on a white background. */
export function composeSvg(container) {
  const svgs = chartSvgs(container);
  const sizes = svgs.map((svg) => ({ width: sizeOf(svg, "width"), height: sizeOf(svg, "height") }));
  const width = Math.max(...sizes.map((s) => s.width));
  const height = sizes.reduce((sum, s) => sum + s.height, 0);
  const root = svgElement("svg", { width, height, viewBox: `0 0 ${width} ${height}` });
  root.append(svgElement("rect", { width, height, fill: "white" }));
  let y = 0;
  svgs.forEach((svg, index) => {
    const copy = svg.cloneNode(true);
    const placement = { x: 0, y, ...sizes[index] };
    for (const [key, value] of Object.entries(placement)) copy.setAttribute(key, value);
    // The page's CSS sizing (max-width, height: auto) means nothing inside another SVG.
    copy.removeAttribute("style");
    root.append(copy);
    y += sizes[index].height;
  });
  return { text: new XMLSerializer().serializeToString(root), width, height };
}

function svgElement(tag, attributes) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, value);
  return node;
}

// Plot writes width and height attributes; the rendered box is the fallback.
function sizeOf(svg, key) {
  const attribute = Number(svg.getAttribute(key));
  return Number.isFinite(attribute) && attribute > 0 ? attribute : svg.getBoundingClientRect()[key];
}

function svgBlob(container) {
  return new Blob([composeSvg(container).text], { type: "image/svg+xml" });
}

/** The composed SVG drawn on a canvas at twice its size, for slides and manuscripts. */
async function pngBlob(container, scale = 2) {
  const { text, width, height } = composeSvg(container);
  const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  try {
    const image = new Image();
    image.src = url;
    await image.decode();
    const canvas = element("canvas", { width: width * scale, height: height * scale });
    const context = canvas.getContext("2d");
    context.fillStyle = "white";
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    return await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  } finally {
    URL.revokeObjectURL(url);
  }
}

function saveBlob(blob, filename) {
  const link = element("a", { href: URL.createObjectURL(blob), download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started the download by the time the click returns; free the URL later.
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}

function slug(text) {
  return String(text)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
}
