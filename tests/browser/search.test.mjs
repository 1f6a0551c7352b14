// The search box in a real browser (Debian's headless Chromium via playwright-core) on a site of
// 600 generated pages served under a base path (`/docs/`), as the theme's site.js reads the
// index docsite writes in pieces (src/search):
// - a query loads the manifest, the shards of its words and the fragments of the results shown,
//   never the whole index;
// - a result links to the section that holds the words, shows its heading and a snippet with the
//   words marked, and says "in code" when the words are in a code block;
// - the word being typed is a prefix; a name with dots or underscores is found whole;
// - a rare word counts more than words on every page;
// - arrows and Enter pick a result; an answer that arrives after a newer query is dropped.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { gunzipSync } from "node:zlib";
import { join } from "node:path";
import { binary, launch, staticServer } from "./helpers.mjs";

const PAGES = 600;

function generate() {
  const root = mkdtempSync(join(tmpdir(), "docsite-search-"));
  writeFileSync(join(root, "docsite.yaml"), "title: Search test\nbase_url: https://example.com/docs/\n");
  mkdirSync(join(root, "content", "posts"), { recursive: true });
  for (let n = 0; n < PAGES; n++) {
    const words = Array.from({ length: 40 }, (_, w) => `filler${n}w${w}`).join(" ");
    let body = `Shared introduction for every page. ${words}\n\n## Setup step\n\nInstall the package and pin its version.\n`;
    if (n === 17) {
      body += "\n## Calling the model\n\nThe handler answers each request.\n\n```python\nprediction = model.predict_proba(batch)\nprint(prediction)\n```\n";
    }
    if (n === 42) {
      body += "\n## Rare words\n\nThe zygomorphic flower and the quokkaword appear here only.\n";
    }
    if (n === 43) {
      body += "\n## Other rare word\n\nOnly this page has the wallabyword.\n";
    }
    if (n === 44) {
      body += "\n## Another rare word\n\nOnly this page has the kangarooword.\n";
    }
    writeFileSync(join(root, "content", "posts", `page-${n}.md`),
      `---\ntitle: Page number ${n}\ndate: 2024-01-01\n---\n\n${body}`);
  }
  const out = join(root, "public");
  execFileSync(binary, ["build", "--root", root, "--output", out], { stdio: "inherit" });
  return out;
}

function sizeOf(dir) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
}

test("search loads only what a query needs and leads to the section", async () => {
  const out = generate();
  const server = await staticServer(out, "/docs/");
  const base = `http://127.0.0.1:${server.address().port}/docs/`;
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const fetched = [];
    page.on("requestfinished", async (request) => {
      if (!request.url().includes("/docs/search/")) return;
      const sizes = await request.sizes();
      fetched.push({ url: request.url(), bytes: sizes.responseBodySize });
    });
    await page.goto(`${base}posts/page-3/`);
    const results = page.locator("#search-results a");

    // A name from a code block, typed as the reader would call it.
    await page.fill("#search-input", "model.predict_proba");
    await results.first().waitFor({ timeout: 5000 });
    assert.equal(await results.count(), 1);
    const hit = results.first();
    assert.equal(await hit.getAttribute("href"), "/docs/posts/page-17/#calling-the-model");
    assert.equal(await hit.locator(".result-title").innerText(), "Page number 17");
    assert.equal(await hit.locator(".result-heading").innerText(), "Calling the model");
    assert.equal(await hit.locator(".result-badge").innerText(), "in code");
    assert.deepEqual(await hit.locator(".result-snippet mark").allInnerTexts(), ["model.predict_proba"], "the name marked whole, not inside `prediction`");

    const index = sizeOf(join(out, "search"));
    const loaded = fetched.reduce((sum, file) => sum + file.bytes, 0);
    assert.ok(loaded * 5 < index, `the first query loaded ${loaded} of ${index} bytes: ${JSON.stringify(fetched)}`);
    assert.ok(fetched.some((file) => file.url.endsWith("/docs/search/index.json")), "the manifest, under the base path");

    // Prose: the section's heading, the words marked; the last word is a prefix while typing.
    await page.fill("#search-input", "zygomorphic quokka");
    // Wait for this query's results: the previous query's marks are still on the page until
    // they are replaced (waiting for any mark raced with the search, once in CI).
    await page.locator(".result-snippet mark", { hasText: "zygomorphic" }).first().waitFor({ timeout: 5000 });
    assert.equal(await results.count(), 1);
    assert.equal(await results.first().getAttribute("href"), "/docs/posts/page-42/#rare-words");
    assert.deepEqual(await results.first().locator("mark").allInnerTexts(), ["zygomorphic", "quokka"]);
    assert.equal(await results.first().locator(".result-badge").count(), 0, "prose is not marked as code");

    // A word on every page: many results, the list stays short.
    await page.fill("#search-input", "install package");
    await page.waitForFunction(() => document.querySelectorAll("#search-results a").length === 8);

    // A number on one page beside words on every page: each word keeps only its best 200
    // pages, so no page holds all three; the rare word decides which page comes first.
    await page.fill("#search-input", "page number 517");
    await page.waitForFunction(() => document.querySelector("#search-results a .result-title")?.textContent === "Page number 517", null, { timeout: 5000 });

    await page.fill("#search-input", "nothingmatchesthis");
    await page.locator(".result-none").waitFor({ timeout: 5000 });

    // An answer that arrives late, after a newer query, never replaces the newer results.
    await browser.route("**/search/doc/**", async (route) => {
      const response = await route.fetch();
      const body = await response.body();
      if (gunzipSync(body).toString().includes("Page number 44")) await new Promise((wait) => setTimeout(wait, 1000));
      return route.fulfill({ response, body });
    });
    await page.fill("#search-input", "kangarooword");
    await page.fill("#search-input", "wallabyword");
    await page.waitForFunction(() => document.querySelector("#search-results a .result-title")?.textContent === "Page number 43");
    await new Promise((wait) => setTimeout(wait, 1500));
    assert.equal(await results.first().locator(".result-title").innerText(), "Page number 43");
    await browser.unroute("**/search/doc/**");

    // Keyboard: "/" focuses the box, arrows move through the results, Enter follows one.
    await page.fill("#search-input", "");
    await page.locator("main").click();
    await page.keyboard.press("/");
    assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
    await page.keyboard.type("rare");
    await results.first().waitFor({ timeout: 5000 });
    await page.keyboard.press("ArrowDown");
    const focused = await page.evaluate(() => document.activeElement.getAttribute("href"));
    assert.equal(focused, "/docs/posts/page-42/#rare-words");
    await page.keyboard.press("Enter");
    await page.waitForURL(`${base}posts/page-42/#rare-words`);
  } finally {
    await browser.close();
    server.close();
  }
});
