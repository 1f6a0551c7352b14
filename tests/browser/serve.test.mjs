// docsite serve in a real browser (Debian's headless Chromium, driven by playwright-core):
// an edit shows up without a manual reload and in the search box, a broken edit shows the error
// overlay, and fixing it removes the overlay; a page on another name that resolves to 127.0.0.1
// (DNS rebinding) cannot read the drafts. Screenshots go to target/browser-artifacts/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { artifacts, binary, launch, repo } from "./helpers.mjs";
const page_md = join("content", "posts", "containerize-ml-model-docker", "index.md");

function copySite() {
  const root = mkdtempSync(join(tmpdir(), "docsite-browser-"));
  for (const part of ["content", "static", "themes", "docsite.yaml"]) {
    cpSync(join(repo, part), join(root, part), { recursive: true });
  }
  return root;
}

function startServer(root) {
  const child = spawn(binary, ["serve", "--port", "0", "--root", root], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolvePromise, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (line) => {
      const match = line.match(/serving at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (match) resolvePromise({ child, url: match[1] });
    });
    child.on("exit", (code) => reject(new Error(`docsite serve exited with ${code}`)));
  });
}

test("edits appear live, errors show as an overlay and go away when fixed", async () => {
  mkdirSync(artifacts, { recursive: true });
  const root = copySite();
  const { child, url } = await startServer(root);
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`${url}posts/containerize-ml-model-docker/`);
    await page.waitForSelector("h1");
    const file = join(root, page_md);
    const original = readFileSync(file, "utf8");

    // A search before the edit, so the page holds the index as it was.
    await page.fill("#search-input", "gunicorn");
    await page.locator("#search-results a").first().waitFor({ timeout: 5000 });

    const stamp = String(Date.now());
    const marker = "Live reload marker " + stamp;
    writeFileSync(file, original.replace("<!-- more -->", `${marker}\n\n<!-- more -->`));
    const started = Date.now();
    await page.getByText(marker).waitFor({ timeout: 2000 });
    console.log(`edit visible after ${Date.now() - started} ms`);

    // The served search index has the new word.
    await page.fill("#search-input", stamp);
    const found = page.locator("#search-results a").first();
    await found.waitFor({ timeout: 5000 });
    assert.match(await found.innerText(), /How to containerize a machine learning model with Docker/);
    await page.screenshot({ path: join(artifacts, "serve-edited.png") });

    writeFileSync(file, original.replace("title: How to", "title: [How to"));
    await page.locator("#docsite-overlay").waitFor({ state: "visible", timeout: 5000 });
    const overlay = await page.locator("#docsite-overlay").innerText();
    assert.match(overlay, /DS002/);
    assert.match(overlay, /index\.md:\d+:\d+/);
    // Opaque: the page behind never shows through the diagnostics.
    const backdrop = await page.locator("#docsite-overlay").evaluate((box) => getComputedStyle(box).backgroundColor);
    assert.equal(backdrop, "rgb(22, 22, 26)", "the overlay is opaque");
    await page.screenshot({ path: join(artifacts, "serve-error-overlay.png") });

    writeFileSync(file, original);
    await page.locator("#docsite-overlay").waitFor({ state: "detached", timeout: 5000 });
    await page.getByRole("heading", { level: 1 }).waitFor();
    assert.equal(await page.getByText(marker).count(), 0);
  } finally {
    await browser.close();
    child.kill();
  }
});

test("a page on another name that resolves to 127.0.0.1 cannot read the drafts", async () => {
  const root = copySite();
  const { child, url } = await startServer(root);
  const port = new URL(url).port;
  // The browser resolves attacker.test to 127.0.0.1, as a rebinding attacker's DNS would.
  const browser = await launch("light", ["--host-resolver-rules=MAP attacker.test 127.0.0.1"]);
  try {
    const page = await browser.newPage();
    const own = await page.goto(`http://localhost:${port}/posts/containerize-ml-model-docker/`);
    assert.equal(own.status(), 200);
    const rebound = await page.goto(`http://attacker.test:${port}/posts/containerize-ml-model-docker/`);
    assert.equal(rebound.status(), 403);
    const text = await page.locator("body").innerText();
    assert.match(text, /docsite serve answers to its address and localhost only/);
    assert.doesNotMatch(text, /Dockerfile/);
    // Script on that page cannot read any other page of the site either.
    const read = await page.evaluate(async () => (await fetch("/")).status);
    assert.equal(read, 403);
  } finally {
    await browser.close();
    child.kill();
  }
});
