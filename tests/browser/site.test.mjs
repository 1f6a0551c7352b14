// The built site in a real browser (Debian's headless Chromium via playwright-core), served
// from the built files by a tiny static server: search finds the tutorial, the theme toggle
// switches to dark and is remembered. Screenshots go to target/browser-artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdirSync, mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

// WCAG colour contrast (4.5:1 for text) by axe-core, on the page as it is now.
async function contrastViolations(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ["color-contrast"] }));
  return result.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary}`));
}

const repo = resolve(import.meta.dirname, "..", "..");
const binary = process.env.DOCSITE_BIN ?? join(repo, "target", "release", "docsite");
const artifacts = join(repo, "target", "browser-artifacts");
const types = { ".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml" };

function staticServer(dir) {
  const server = createServer((request, response) => {
    let path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
    if (path.endsWith("/")) path += "index.html";
    const file = join(dir, path);
    try {
      if (!file.startsWith(dir) || !statSync(file).isFile()) throw new Error("not found");
      response.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" });
      response.end(readFileSync(file));
    } catch {
      response.writeHead(404);
      response.end("not found");
    }
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

test("search finds the tutorial and the theme toggle switches to dark", async () => {
  mkdirSync(artifacts, { recursive: true });
  const out = join(mkdtempSync(join(tmpdir(), "docsite-site-")), "public");
  execFileSync(binary, ["build", "--root", repo, "--output", out], { stdio: "inherit" });
  const server = await staticServer(out);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "docsite-chromium-")), {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    colorScheme: "light",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${base}posts/containerize-ml-model-docker/`);
    await page.screenshot({ path: join(artifacts, "tutorial-light.png"), fullPage: false });
    assert.deepEqual(await contrastViolations(page), [], "light theme contrast");

    // Console blocks copy their commands only: no `$ ` prompts, no output.
    assert.ok(await page.locator("figure.code-block .copy-button").count() > 5, "every code block has a copy button");
    const copied = await page.evaluate(() => {
      const block = [...document.querySelectorAll('figure[data-lang="console"] code')].find((c) => c.textContent.includes("curl -s http://localhost:5000/health"));
      return window.docsiteCommands(block.textContent);
    });
    assert.equal(copied, "curl -s http://localhost:5000/health\n");

    await page.fill("#search-input", "gunicorn");
    const first = page.locator("#search-results a").first();
    await first.waitFor({ timeout: 5000 });
    assert.match(await first.innerText(), /How to containerize a machine learning model with Docker/);
    await page.keyboard.press("ArrowDown");
    assert.equal(await page.evaluate(() => document.activeElement.closest("#search-results") !== null), true, "results are reachable by keyboard");
    await page.keyboard.press("Escape");

    assert.equal(await page.evaluate(() => document.documentElement.getAttribute("data-theme")), null);
    await page.click(".theme-toggle");
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute("data-theme")), "dark");
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, "rgb(13, 17, 23)", "dark colours apply");
    await page.screenshot({ path: join(artifacts, "tutorial-dark.png"), fullPage: false });
    assert.deepEqual(await contrastViolations(page), [], "dark theme contrast");

    await page.reload();
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute("data-theme")), "dark", "the choice is remembered");
  } finally {
    await browser.close();
    server.close();
  }
});
