/**
 * The drawings in a real browser (headless Chromium, the Debian package; CI installs it with
 * apt-get): toSvg of the gradient of a small MLP loss renders to a PNG that is not blank, and
 * Chromium's DOMParser reads it as XML; toHtml's page runs its inlined script (dagre, layout,
 * painter) and draws the picture itself, collapse included. Skips only when no Chromium binary is
 * found.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { toHtml, toSvg } from "../../src/index.js";
import { passCounts } from "./count.js";
import { mlpGradGraph } from "./fixtures.js";
import { decodePng, nonBackgroundPixels } from "./png.js";

const chromium = ["chromium", "chromium-browser"]
  .flatMap((name) => (process.env.PATH ?? "").split(delimiter).map((dir) => join(dir, name)))
  .find((p) => existsSync(p));

const dir = mkdtempSync(join(tmpdir(), "fluxion-draw-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs headless Chromium on a file; returns its stdout. */
function run(args: string[]): string {
  const r = spawnSync(chromium!, ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run", `--user-data-dir=${join(dir, "profile")}`, ...args], {
    encoding: "utf8",
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  return r.stdout;
}

describe.skipIf(chromium === undefined)("drawings in headless Chromium", () => {
  it("renders toSvg of grad of an MLP loss to a PNG that is not blank", () => {
    const svgPath = join(dir, "mlp.svg"), pngPath = join(dir, "mlp.png");
    writeFileSync(svgPath, toSvg(mlpGradGraph(), { theme: "light" }));
    run([`--screenshot=${pngPath}`, "--window-size=900,700", `file://${svgPath}`]);
    const png = decodePng(readFileSync(pngPath));
    expect([png.width, png.height]).toEqual([900, 700]);
    const inked = nonBackgroundPixels(png);
    // Boxes, text and edges cover a real share of the window, and not all of it.
    expect(inked).toBeGreaterThan(0.02 * 900 * 700);
    expect(inked).toBeLessThan(0.9 * 900 * 700);
  }, 180_000);

  it("parses the SVG as XML with the browser's DOMParser", () => {
    const g = mlpGradGraph();
    const page = join(dir, "parse.html");
    writeFileSync(
      page,
      `<!doctype html><body><script>const d = new DOMParser().parseFromString(${JSON.stringify(toSvg(g)).replace(/</g, "\\u003c")}, "image/svg+xml");` +
        `document.body.textContent = d.getElementsByTagName("parsererror").length > 0 ? "PARSE ERROR" : "parsed " + d.querySelectorAll("[data-pass]").length;</script></body>`,
    );
    const dom = run(["--dump-dom", "--virtual-time-budget=5000", `file://${page}`]);
    const c = passCounts(g);
    expect(dom).toContain(`parsed ${c.forward + c.backward}`);
  }, 180_000);

  it("runs toHtml's page: its own script lays out and paints the picture, and collapses a group on click", () => {
    const g = mlpGradGraph();
    const html = toHtml(g, { theme: "dark" });
    const page = join(dir, "page.html");
    // After the page has drawn, click the first group's title and record what is drawn then.
    const probe =
      `<script>setTimeout(() => { const v = document.querySelector(".fx-view"); const before = v.querySelectorAll("[data-pass]").length;` +
      `v.querySelector(".fx-group > text").dispatchEvent(new MouseEvent("click", { bubbles: true }));` +
      `document.title = "drawn " + before + " collapsed " + v.querySelectorAll("[data-collapsed]").length; }, 500);</script>`;
    writeFileSync(page, html.replace("</body>", `${probe}</body>`));
    const dom = run(["--dump-dom", "--virtual-time-budget=10000", `file://${page}`]);
    const c = passCounts(g);
    expect(dom).toContain(`<title>drawn ${c.forward + c.backward} collapsed 1</title>`);
    const png = join(dir, "page.png");
    run([`--screenshot=${png}`, "--window-size=900,700", "--virtual-time-budget=5000", `file://${page}`]);
    expect(nonBackgroundPixels(decodePng(readFileSync(png)))).toBeGreaterThan(0.02 * 900 * 700);
  }, 180_000);
});
