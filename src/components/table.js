// Numbered tables built with the DOM. Cells are formatted by the caller; an empty table is
// replaced by a sentence, so a reader never meets a header row with nothing under it.

/**
 * A table with a caption "Table N. Title. caption".
 *
 * columns: [{label, value: (row) => string | Node, align: "left" | "right", wrap?: boolean,
 * title?: (row) => string}]; rows: plain objects; empty: the sentence shown instead of a table
 * with no rows; panel: an optional label ("GBSG (external test)") added to the caption.
 */
export function dataTable({ number, title, caption, panel, columns, rows, empty }) {
  const wrapper = element("figure", { className: "report-table" });
  wrapper.append(tableCaption({ number, title, caption, panel }));
  const body =
    rows.length === 0
      ? element("p", { className: "empty-note", textContent: empty })
      : plainTable(columns, rows);
  wrapper.append(body);
  return wrapper;
}

/** The bare table (in a horizontally scrolling box), for tables that share one caption. */
export function plainTable(columns, rows) {
  const table = element("table");
  const head = table.createTHead().insertRow();
  for (const column of columns) {
    head.append(element("th", { textContent: column.label, className: cellClass(column) }));
  }
  const body = table.createTBody();
  for (const row of rows) body.append(tableRow(columns, row));
  return scrollBox(table);
}

/** Several parts (tables, notes) under one numbered caption. */
export function tableGroup({ number, title, caption, panel, parts }) {
  const heading = tableCaption({ number, title, caption, panel });
  return element("figure", { className: "report-table" }, [heading, ...parts]);
}

function tableRow(columns, row) {
  const tr = document.createElement("tr");
  if (row.rowClass) tr.className = row.rowClass;
  for (const column of columns) {
    const td = element("td", { className: cellClass(column) });
    const value = column.value(row);
    td.append(value instanceof Node ? value : document.createTextNode(String(value)));
    if (column.title) td.title = column.title(row);
    tr.append(td);
  }
  return tr;
}

/** The caption line of a table; a figcaption above the table, as journals print it. */
export function tableCaption({ number, title, caption, panel }) {
  const figcaption = element("figcaption");
  figcaption.append(element("strong", { textContent: `Table ${number}. ${title}.` }));
  if (panel) {
    const label = element("span", { className: "panel", textContent: `Panel: ${panel}.` });
    figcaption.append(" ", label);
  }
  if (caption) figcaption.append(` ${caption}`);
  return figcaption;
}

/** A plain two-column list of label / value pairs (used for short facts on the overview). */
export function factList(pairs) {
  const list = element("dl", { className: "facts" });
  for (const [label, value] of pairs) {
    const dd = element("dd");
    dd.append(value instanceof Node ? value : String(value));
    list.append(element("dt", { textContent: label }), dd);
  }
  return list;
}

/** Text with a tooltip, e.g. a short hash whose full value shows on hover. */
export function withTitle(text, title) {
  return element("span", { textContent: text, title, className: "has-title" });
}

function scrollBox(table) {
  return element("div", { className: "table-scroll" }, [table]);
}

// Cells keep estimates and intervals on one line; columns of running text (wrap: true) may wrap.
function cellClass(column) {
  return [column.align === "right" ? "num" : "", column.wrap ? "wrap" : ""].join(" ").trim();
}

/** document.createElement with properties and children. */
export function element(tag, properties = {}, children = []) {
  const node = Object.assign(document.createElement(tag), properties);
  node.append(...children);
  return node;
}
