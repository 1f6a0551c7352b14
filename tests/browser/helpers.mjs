// What the browser tests share: where things are, a static server for a built site, Debian's
// headless Chromium started the one way this machine allows, and axe-core.
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

export const repo = resolve(import.meta.dirname, "..", "..");
export const binary = process.env.DOCSITE_BIN ?? join(repo, "target", "release", "docsite");
export const artifacts = join(repo, "target", "browser-artifacts");

const axePath = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
const types = { ".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".json": "application/json", ".svg": "image/svg+xml" };

/// Serve the built files of `dir` on 127.0.0.1 and an ephemeral port, under `prefix` (a site
/// whose base_url has a path, such as `/docs/`).
export function staticServer(dir, prefix = "/") {
  const server = createServer((request, response) => {
    let path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
    if (path.endsWith("/")) path += "index.html";
    const file = join(dir, path.slice(prefix.length - 1));
    try {
      if (!path.startsWith(prefix) || !file.startsWith(dir) || !statSync(file).isFile()) throw new Error("not found");
      response.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" });
      response.end(readFileSync(file));
    } catch {
      response.writeHead(404);
      response.end("not found");
    }
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}

/// Debian's Chromium, headless, with a fresh profile and no background network; `extraArgs`
/// are added to its command line.
export function launch(colorScheme = "light", extraArgs = []) {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "docsite-chromium-")), {
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    colorScheme,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run", ...extraArgs],
  });
}

/// axe-core's violations on the page as it is now: every rule, or only those named.
export async function axeViolations(page, rules) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate((only) => window.axe.run(document, only ? { runOnly: only } : {}), rules ?? null);
  return result.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(" ")}${rules ? `: ${n.failureSummary}` : ""}`));
}
