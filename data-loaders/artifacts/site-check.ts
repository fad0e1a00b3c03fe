/**
 * Checks on the built site before it replaces the published folder: it must work offline (no
 * address of any external host in its HTML, JavaScript or CSS) and must hold none of the
 * study's direct identifiers.
 */
import { readFileSync } from "node:fs";
import { extname, relative } from "node:path";
import { listFiles } from "./fingerprint.ts";

/** XML namespaces are names, not requests; everything else with a host is a network fetch. */
const allowedHosts = new Set(["www.w3.org"]);

/** Hosts named in the site's HTML, JavaScript and CSS, with the first file naming each. */
export function externalHosts(siteDir: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of listFiles(siteDir)) {
    if (![".html", ".js", ".css"].includes(extname(file))) continue;
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/\bhttps?:\/\/([a-zA-Z0-9.-]+)/g)) {
      const host = match[1];
      if (!allowedHosts.has(host) && host !== "127.0.0.1" && host !== "localhost" && !found.has(host)) {
        found.set(host, relative(siteDir, file));
      }
    }
  }
  return found;
}

/**
 * Files of the site that contain any of the given identifier strings (patient ids, names,
 * record numbers, calendar dates from the study tables). Binary files (Arrow) are searched as
 * bytes, since a string column stores its text as UTF-8.
 */
export function filesContaining(siteDir: string, needles: readonly string[]): Map<string, string[]> {
  const hits = new Map<string, string[]>();
  const encoded = needles.filter((n) => n.length > 0).map((n) => [n, Buffer.from(n, "utf8")] as const);
  for (const file of listFiles(siteDir)) {
    const bytes = readFileSync(file);
    const found = encoded.filter(([, needle]) => bytes.includes(needle)).map(([n]) => n);
    if (found.length > 0) hits.set(relative(siteDir, file), found);
  }
  return hits;
}

/** Throws when the site would not work offline or publishes an identifier. */
export function checkPublishedSite(siteDir: string, identifiers: readonly string[] = []): void {
  const hosts = externalHosts(siteDir);
  if (hosts.size > 0) {
    const list = [...hosts].map(([host, file]) => `${host} (in ${file})`).join(", ");
    throw new Error(
      `the built site names external hosts: ${list}. It must work offline; import libraries from node_modules instead of npm: or a CDN`,
    );
  }
  const leaks = filesContaining(siteDir, identifiers);
  if (leaks.size > 0) {
    const files = [...leaks.keys()].slice(0, 5).join(", ");
    throw new Error(
      `the built site contains ${leaks.size} file(s) with direct identifiers from the study tables (${files}); identifiers must be replaced by pseudonyms and dates by days from the index date before anything is published`,
    );
  }
}
