// Decoding of the engine's Arrow result tables in the browser.
import { tableFromIPC } from "apache-arrow";
import aq from "arquero/dist/arquero.js";

/**
 * Reads a result table published by a loader and wraps it in an Arquero table. Numbers arrive
 * as Float64 (counts too) and a statistic that is not estimable arrives as null.
 *
 * Pass `FileAttachment("data/<name>.arrow").arrayBuffer()` (a promise of bytes), not the bare
 * attachment: Framework infers a file's reader from its extension when a page names no method,
 * and for ".arrow" it would then fetch apache-arrow from a CDN at build time, which breaks the
 * offline build. An attachment object or bytes are accepted as well.
 */
export async function loadArrow(fileAttachment) {
  const source = await fileAttachment;
  const bytes = typeof source?.arrayBuffer === "function" ? await source.arrayBuffer() : source;
  return aq.fromArrow(tableFromIPC(new Uint8Array(bytes)));
}
