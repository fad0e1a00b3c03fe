// A labelled range slider usable with Framework's view(): the wrapper exposes `value` and the
// slider's input events bubble to it.
import { element } from "./table.js";

/** A slider for a probability; its value is a number, shown beside it with `digits` decimals. */
export function rangeInput({ label, min = 0, max = 1, step = 0.01, value = 0.5, digits = 2 }) {
  const input = element("input", { type: "range", min, max, step, value });
  const output = element("output", { textContent: Number(value).toFixed(digits) });
  input.addEventListener("input", () => (output.textContent = input.valueAsNumber.toFixed(digits)));
  const caption = element("label", { textContent: label });
  const form = element("form", { className: "range-input" }, [caption, input, output]);
  form.addEventListener("submit", (event) => event.preventDefault());
  Object.defineProperty(form, "value", { get: () => input.valueAsNumber });
  return form;
}
