/**
 * The built report, opened as a reader opens it: build each shipped study (the default MRI
 * demonstration, and the real-data GBSG study with its one option) into a temporary folder,
 * serve it on 127.0.0.1, open every page in headless Chromium (Debian's package, driven by
 * playwright-core) and fail on any console error, any request to another host, any chart
 * without marks, or any "NaN" / "undefined" text. Screenshots go to
 * test-output/screenshots/<study>/.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tableFromIPC } from "apache-arrow";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import { chromium, type Browser } from "playwright-core";
import config from "../../observablehq.config.ts";
import { serveStatic } from "./serve-static.ts";
import { copyEmbeddedStudy, editJson } from "./study-fixture.ts";

const projectRoot = join(import.meta.dirname, "..", "..");
const chromiumPath = "/usr/bin/chromium";
const screenshots = join(projectRoot, "test-output", "screenshots");
const pages: { name: string; path: string }[] = config.pages;

/** The aggregate-only publication of the GBSG study: no per-patient rows, small cells hidden. */
const scratch: string[] = [];
function aggregateOnlyStudy(): string[] {
  const { work, study } = copyEmbeddedStudy();
  scratch.push(work);
  editJson(join(study, "study.json"), (json) => void (json.publication = { minimumCellCount: 40, aggregateOnly: true }));
  return ["--study", study];
}

const studies = [
  { name: "demo", args: () => [] as string[] },
  { name: "gbsg", args: () => ["--study", join(projectRoot, "studies", "gbsg-external-validation")] },
  { name: "gbsg-aggregate", args: aggregateOnlyStudy },
];
const sites = new Map<string, { outDir: string; server: Server; origin: string }>();
let browser: Browser;

before(async () => {
  assert.ok(existsSync(chromiumPath), `${chromiumPath} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does`);
  for (const study of studies) {
    const outDir = join(mkdtempSync(join(tmpdir(), "report-site-")), "dist");
    const build = spawnSync("npx", ["tsx", "scripts/build.ts", ...study.args(), "--out", outDir], {
      cwd: projectRoot,
      encoding: "utf8",
      env: { ...process.env, STUDY_DIR: "" },
    });
    assert.equal(build.status, 0, `the ${study.name} report build failed:\n${build.stderr.slice(-4000)}`);
    sites.set(study.name, { outDir, ...(await serveStatic(outDir)) });
    mkdirSync(join(screenshots, study.name), { recursive: true });
  }
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
});

after(async () => {
  await browser?.close();
  for (const site of sites.values()) {
    site.server.close();
    rmSync(join(site.outDir, ".."), { recursive: true, force: true });
  }
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

for (const study of studies) for (const page of pages) {
  test(`${study.name}: page "${page.name}" renders offline with no errors, no empty chart and no NaN`, async () => {
    const { origin } = sites.get(study.name)!;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const tab = await context.newPage();
    const errors: string[] = [];
    const foreign: string[] = [];
    tab.on("console", (message) => message.type() === "error" && errors.push(message.text()));
    tab.on("pageerror", (error) => errors.push(error.message));
    await tab.route("**/*", (route) => {
      const url = new URL(route.request().url());
      if (url.hostname === "127.0.0.1") return route.continue();
      foreign.push(url.href);
      return route.abort();
    });
    await tab.goto(`${origin}${page.path}`, { waitUntil: "networkidle" });
    await tab.waitForTimeout(500);
    const file = page.path === "/" ? "index" : page.path.slice(1);
    await tab.screenshot({ path: join(screenshots, study.name, `${file}.png`), fullPage: true });
    const text = await tab.locator("main").innerText();
    const charts = await tab.evaluate(() =>
      [...document.querySelectorAll("main figure svg")].map((svg) => ({
        marks: svg.querySelectorAll("[aria-label] path, [aria-label] circle, [aria-label] rect, [aria-label] line, [aria-label] text").length,
        label: svg.closest("figure")?.querySelector("figcaption")?.textContent?.slice(0, 60) ?? "",
      })),
    );
    await context.close();
    assert.deepEqual(foreign, [], "requests to hosts other than 127.0.0.1");
    assert.deepEqual(errors, [], "console errors");
    assert.doesNotMatch(text, /\bNaN\b|\bundefined\b/, "NaN or undefined shown to the reader");
    for (const chart of charts) assert.ok(chart.marks > 0, `chart without marks: ${chart.label}`);
  });
}

test("aggregate-only publication: no per-patient rows are published, the slider says it is unavailable, small subgroups are hidden", async () => {
  const { origin, outDir } = sites.get("gbsg-aggregate")!;
  const data = join(outDir, "_file", "data");
  const file = (name: string) => join(data, readdirSync(data).find((f) => f.startsWith(`${name}.`) && f.endsWith(".arrow"))!);
  assert.equal(tableFromIPC(readFileSync(file("predictions"))).numRows, 0);
  const subgroups = tableFromIPC(readFileSync(file("subgroups"))).toArray().map((r) => r.toJSON());
  const small = subgroups.filter((r) => r.suppressed);
  assert.ok(small.length > 0 && small.every((r) => r.n === null && r.auc === null), "levels under 40 patients show no numbers");
  const tab = await browser.newPage();
  await tab.goto(`${origin}/thresholds`, { waitUntil: "networkidle" });
  assert.match(await tab.locator("main").innerText(), /unavailable/i);
  await tab.close();
});
