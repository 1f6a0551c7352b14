// The default theme in a real browser (Debian's headless Chromium via playwright-core), on the
// fixture docs site `tests/fixtures/sites/theme` and on this repository's tutorial:
// - at 390, 1280 and 1600 px, light and dark: the header on one row, nothing overlapping, axe-core
//   with all its rules; screenshots in target/browser-artifacts/theme-*.png;
// - tabs switch every group with the same labels and are remembered across pages;
// - the table of contents marks the section being read, and is a closed disclosure on mobile;
// - copy buttons show on hover and focus, never over the code, and copy commands only;
// - search results carry a snippet with the matched words marked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { artifacts, axeViolations, binary, launch, repo, staticServer } from "./helpers.mjs";

async function build(root) {
  const out = join(mkdtempSync(join(tmpdir(), "docsite-theme-")), "public");
  execFileSync(binary, ["build", "--root", root, "--output", out], { stdio: "inherit" });
  const server = await staticServer(out);
  return { server, base: `http://127.0.0.1:${server.address().port}/` };
}

function overlaps(a, b) {
  return a && b && a.width > 0 && b.width > 0 &&
    a.x < b.x + b.width - 1 && b.x < a.x + a.width - 1 && a.y < b.y + b.height - 1 && b.y < a.y + a.height - 1;
}

const widths = [390, 1280, 1600];
const pages = [["guide", "guide/install/"], ["tutorial", "posts/containerize-ml-model-docker/"]];

test("the layout holds at every width, light and dark, and passes axe-core", async () => {
  mkdirSync(artifacts, { recursive: true });
  const fixture = await build(join(repo, "tests", "fixtures", "sites", "theme"));
  const site = await build(repo);
  try {
    for (const scheme of ["light", "dark"]) {
      const browser = await launch(scheme);
      try {
        const page = await browser.newPage();
        for (const [name, path] of pages) {
          const base = name === "guide" ? fixture.base : site.base;
          for (const width of widths) {
            await page.setViewportSize({ width, height: 900 });
            await page.goto(base + path);
            await page.screenshot({ path: join(artifacts, `theme-${name}-${width}-${scheme}.png`) });
            const where = `${name} at ${width}px, ${scheme}`;
            const boxes = await page.evaluate(() => {
              const box = (selector) => {
                const element = document.querySelector(selector);
                if (!element) return null;
                const r = element.getBoundingClientRect();
                return { x: r.x, y: r.y, width: r.width, height: r.height };
              };
              return {
                header: box(".site-header"), title: box(".site-title"), search: box(".search input"),
                toggle: box(".theme-toggle"), toc: box(".toc"), content: box(".content"),
                sidebar: box(".section-nav"), footer: box(".site-footer .container p"),
                scrollWidth: document.documentElement.scrollWidth,
              };
            });
            const centre = (b) => b.y + b.height / 2;
            for (const part of ["search", "toggle"]) {
              assert.ok(Math.abs(centre(boxes[part]) - centre(boxes.title)) < 8, `${where}: ${part} is on the title's row`);
            }
            assert.ok(boxes.scrollWidth <= width, `${where}: nothing wider than the window (${boxes.scrollWidth})`);
            assert.ok(!overlaps(boxes.toc, boxes.header), `${where}: the contents stay below the header`);
            assert.ok(!overlaps(boxes.toc, boxes.content), `${where}: the contents never cover the article`);
            assert.ok(!overlaps(boxes.sidebar, boxes.content), `${where}: the sidebar never covers the article`);
            assert.ok(Math.abs(boxes.footer.x - boxes.title.x) < 2, `${where}: the footer lines up with the header`);
            const tocOpen = await page.evaluate(() => document.querySelector(".toc details").open);
            assert.equal(tocOpen, width > 960, `${where}: the contents are ${width > 960 ? "shown" : "a closed disclosure"}`);
            assert.deepEqual(await axeViolations(page), [], `${where}: axe-core`);
          }
        }
      } finally {
        await browser.close();
      }
    }
  } finally {
    fixture.server.close();
    site.server.close();
  }
});

test("tabs, scroll-spy, copy buttons and search snippets work", async () => {
  const fixture = await build(join(repo, "tests", "fixtures", "sites", "theme"));
  const browser = await launch("light");
  await browser.grantPermissions(["clipboard-read", "clipboard-write"], { origin: new URL(fixture.base).origin });
  try {
    const page = await browser.newPage();
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(fixture.base + "guide/install/");

    // Tabs: a tab list, the first tab chosen, the others' panels hidden.
    const selected = () => page.evaluate(() => [...document.querySelectorAll('.tab[aria-selected="true"]')].map((t) => t.textContent));
    assert.deepEqual(await page.locator('[role="tablist"] [role="tab"]').allInnerTexts(), ["macOS", "Linux", "Windows"]);
    assert.deepEqual(await selected(), ["macOS"]);
    assert.equal(await page.locator('.tab-panel[data-tab="Linux"]').isVisible(), false);
    await page.click('.tab[data-tab="Linux"]');
    assert.deepEqual(await selected(), ["Linux"]);
    assert.equal(await page.locator('.tab-panel[data-tab="Linux"] code').isVisible(), true);
    await page.keyboard.press("ArrowRight");
    assert.deepEqual(await selected(), ["Windows"], "arrow keys move between tabs");
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute("data-tab")), "Windows");
    // Remembered on the next page, whose group has the same labels.
    await page.goto(fixture.base + "guide/update/");
    assert.deepEqual(await selected(), ["Windows"], "the choice is remembered across pages");
    assert.equal((await page.locator('.tab-panel[data-tab="Windows"] code').innerText()).trim(), "winget upgrade curl");

    // Scroll-spy: the heading being read is marked in the contents.
    await page.goto(fixture.base + "guide/install/");
    await page.evaluate(() => document.getElementById("running-it").scrollIntoView());
    await page.waitForFunction(() => document.querySelector('.toc a[aria-current]')?.getAttribute("href") === "#running-it");
    await page.evaluate(() => document.getElementById("cleaning-up").scrollIntoView());
    await page.waitForFunction(() => document.querySelector('.toc a[aria-current]')?.getAttribute("href") === "#cleaning-up");
    assert.equal(await page.locator(".toc a[aria-current]").count(), 1, "one entry is marked");

    // Copy: hidden until hover or focus, in the block's header row, never over the code.
    await page.evaluate(() => window.scrollTo(0, 0));
    const figure = page.locator('figure[data-lang="console"]');
    const button = figure.locator(".copy-button");
    await page.mouse.move(1, 1);
    assert.equal(await button.evaluate((b) => getComputedStyle(b).opacity), "0");
    await button.focus();
    await page.waitForFunction(() => getComputedStyle(document.querySelector('figure[data-lang="console"] .copy-button')).opacity === "1");
    const [buttonBox, codeBox] = [await button.boundingBox(), await figure.locator("pre").boundingBox()];
    assert.ok(!overlaps(buttonBox, codeBox), "the copy button does not cover the code");
    await button.click();
    await page.waitForFunction(() => document.querySelector('figure[data-lang="console"] .copy-button').textContent === "Copied");
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), "curl --version\n", "commands only");

    // Search: the snippet marks the words found.
    await page.fill("#search-input", "lock file");
    const result = page.locator("#search-results a").first();
    await result.waitFor({ timeout: 5000 });
    assert.deepEqual(await result.locator("mark").allInnerTexts(), ["lock", "file"]);
    const panel = await page.locator("#search-results").boundingBox();
    assert.ok(panel.x >= 0 && panel.x + panel.width <= 1280, "results stay inside the window");
  } finally {
    await browser.close();
    fixture.server.close();
  }
});
