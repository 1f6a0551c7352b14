// The built site in a real browser (Debian's headless Chromium via playwright-core), served
// from the built files by a tiny static server: search finds the tutorial, the theme toggle
// switches to dark and is remembered. Screenshots go to target/browser-artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { artifacts, axeViolations, binary, launch, repo, staticServer } from "./helpers.mjs";

// WCAG colour contrast (4.5:1 for text) by axe-core, on the page as it is now.
const contrastViolations = (page) => axeViolations(page, ["color-contrast"]);

test("search finds the tutorial and the theme toggle switches to dark", async () => {
  mkdirSync(artifacts, { recursive: true });
  const out = join(mkdtempSync(join(tmpdir(), "docsite-site-")), "public");
  execFileSync(binary, ["build", "--root", repo, "--output", out], { stdio: "inherit" });
  const server = await staticServer(out);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await launch("light");
  try {
    const page = await browser.newPage();
    await page.goto(`${base}posts/containerize-ml-model-docker/`);
    await page.screenshot({ path: join(artifacts, "tutorial-light.png"), fullPage: false });
    assert.deepEqual(await contrastViolations(page), [], "light theme contrast");

    // The script adds what only works with it: each heading's self-link, the search box and
    // the theme toggle (the page itself carries none of them).
    const anchors = await page.evaluate(() => [...document.querySelectorAll(".content h2[id]")].map(
      (h) => [h.querySelector(":scope > a.anchor")?.getAttribute("href"), "#" + h.id]));
    assert.ok(anchors.length > 3, "the tutorial has sections");
    for (const [href, wanted] of anchors) { assert.equal(href, wanted, "a heading links to itself"); }
    assert.equal(await page.locator("header form.search[role=search] #search-input").count(), 1);
    assert.equal(await page.locator("header .theme-toggle").count(), 1);

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
