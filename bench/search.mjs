// The search box at scale, measured in the browser: what a reader downloads and what they find.
//
//   node bench/search.mjs [N]        (default 10000 articles)
//
// Writes N articles with ../shared/bench/gen_corpus.py, builds them with target/release/docsite,
// and reports:
// - the index's share of the build: clean builds with `search: false` and with search, alternating,
//   median of three (wall and CPU time, from /usr/bin/time);
// - for ten queries, three of them identifiers that occur only in code: the bytes the page
//   fetches from typing the query to the results shown (site.js, the manifest, the shards, the
//   fragments of the results shown), raw and gzipped, in a fresh Chromium profile, then the bytes
//   of a second query typed in the same page, and the top result (title, heading, in code or not);
// - the same queries through Pagefind, when it is installed (`$PAGEFIND`, or PyPI's
//   `pagefind_bin` in target/bench-venv, installed here if pip can), run on the same output:
//   its indexing time and the bytes of `pagefind.js`, its WASM, index chunks and the data of the
//   first eight results (what docsite's box shows).
//
// Needs tests/browser's node_modules (`npm ci` there) and Debian's chromium.
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize } from "node:path";
import { gzipSync } from "node:zlib";
import { binary, launch, repo } from "../tests/browser/helpers.mjs";

const count = Number(process.argv[2] ?? 10000);
const QUERIES = ["docker", "onnx model", "part 4242", "load balancer", "health checks",
  "scikit-learn pipeline", "debug flask api", "np.argmax", "useradd", "get_json"];
const CODE_ONLY = new Set(["np.argmax", "useradd", "get_json"]);
const SECOND = "gunicorn workers";

const work = mkdtempSync(join(tmpdir(), "docsite-search-bench-"));
const site = join(work, "site");
run("python3", [join(repo, "..", "shared", "bench", "gen_corpus.py"), "--engine", "docsite", "--n", String(count), "--out", site]);

// ---- The index's share of the build ----
const config = join(site, "docsite.yaml");
const plain = readFileSync(config, "utf8");
const timings = { on: [], off: [] };
for (let round = 0; round < 3; round++) {
  for (const mode of ["off", "on"]) {
    writeFileSync(config, mode === "off" ? `${plain}\nsearch: false\n` : plain);
    if (existsSync(join(site, "public"))) renameSync(join(site, "public"), join(work, `old-${mode}-${round}`));
    timings[mode].push(timed(binary, ["build", "--root", site]));
  }
}
writeFileSync(config, plain);
const median = (values) => values.slice().sort((a, b) => a - b)[Math.floor(values.length / 2)];
const on = { wall: median(timings.on.map((t) => t.wall)), cpu: median(timings.on.map((t) => t.cpu)) };
const off = { wall: median(timings.off.map((t) => t.wall)), cpu: median(timings.off.map((t) => t.cpu)) };
console.log(`${count} articles: build ${on.wall.toFixed(2)} s wall, ${on.cpu.toFixed(2)} s CPU; ` +
  `with search: false ${off.wall.toFixed(2)} s, ${off.cpu.toFixed(2)} s CPU; ` +
  `the index is ${pct((on.wall - off.wall) / on.wall)} of the wall time, ${pct((on.cpu - off.cpu) / on.cpu)} of the CPU time`);
const public_ = join(site, "public");
const searchFiles = walk(join(public_, "search"));
console.log(`search files: ${searchFiles.length}, ${kb(searchFiles.reduce((n, f) => n + statSync(f).size, 0))}`);

// ---- Queries in the browser ----
const server = await countingServer(public_);
const base = `http://127.0.0.1:${server.address().port}/`;
console.log("\n| query | first query: bytes (gzipped) | requests | top result | section | in code |");
console.log("|---|---:|---:|---|---|---|");
let seconds = [];
for (const query of QUERIES) {
  const browser = await launch();
  try {
    const page = await browser.newPage();
    await page.goto(`${base}posts/post-00000/`);
    server.reset();
    await page.waitForSelector("#search-input");
    const answer = await page.evaluate((q) => window.docsiteSearch(q), query);
    await page.fill("#search-input", query);
    await page.locator("#search-results li").first().waitFor();
    await page.waitForLoadState("networkidle");
    const first = server.take();
    // site.js arrives with the page; a reader who searches first thing has fetched it for that.
    const script = statSync(join(public_, "site.js")).size;
    const bytes = first.bytes + script, gz = first.gzip + gzipSync(readFileSync(join(public_, "site.js"))).length;
    const top = answer.results[0];
    console.log(`| \`${query}\`${CODE_ONLY.has(query) ? " (only in code)" : ""} | ${kb(bytes)} (${kb(gz)}) | ${first.requests + 1} | ` +
      `${top ? top.title : "none"} | ${top?.heading || "–"} | ${top?.code ? "yes" : "no"} |`);
    await page.fill("#search-input", SECOND);
    await page.locator("#search-results li").first().waitFor();
    await page.waitForLoadState("networkidle");
    seconds.push(server.take());
  } finally {
    await browser.close();
  }
}
const second = seconds.map((s) => s.bytes);
console.log(`\nsecond query (\`${SECOND}\`, same page): median ${kb(median(second))} ` +
  `(${kb(median(seconds.map((s) => s.gzip)))} gzipped), ${median(seconds.map((s) => s.requests))} requests`);

// ---- Pagefind on the same output, if there is one ----
const pagefind = pagefindBinary();
if (!pagefind) {
  console.log("\nPagefind: SKIP (no $PAGEFIND and `pip install pagefind_bin` failed)");
} else {
  const started = process.hrtime.bigint();
  const made = spawnSync(pagefind, ["--site", public_, "--output-subdir", "pagefind"], { encoding: "utf8" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (made.status !== 0) {
    console.log(`\nPagefind failed:\n${made.stderr}`);
  } else {
    const files = walk(join(public_, "pagefind"));
    console.log(`\nPagefind: indexed in ${seconds.toFixed(2)} s (after the build), ${files.length} files, ` +
      `${kb(files.reduce((n, f) => n + statSync(f).size, 0))}`);
    console.log("| query | first query: bytes (gzipped) | requests | top result |");
    console.log("|---|---:|---:|---|");
    for (const query of QUERIES) {
      const browser = await launch();
      try {
        const page = await browser.newPage();
        await page.goto(`${base}posts/post-00000/`);
        server.reset();
        const top = await page.evaluate(async (q) => {
          const pf = await import("/pagefind/pagefind.js");
          await pf.init();
          const found = await pf.search(q);
          const shown = await Promise.all(found.results.slice(0, 8).map((r) => r.data()));
          return shown[0]?.meta?.title ?? "none";
        }, query);
        await page.waitForLoadState("networkidle");
        const first = server.take();
        console.log(`| \`${query}\` | ${kb(first.bytes)} (${kb(first.gzip)}) | ${first.requests} | ${top} |`);
      } finally {
        await browser.close();
      }
    }
  }
}
server.close();
rmSync(work, { recursive: true, force: true });

// ---- Helpers ----
function run(command, args) {
  const done = spawnSync(command, args, { stdio: ["ignore", "ignore", "inherit"] });
  if (done.status !== 0) throw new Error(`${command} ${args.join(" ")} failed`);
}

function timed(command, args) {
  const done = spawnSync("/usr/bin/time", ["-f", "%e %U %S", command, ...args], { encoding: "utf8" });
  if (done.status !== 0) throw new Error(`${command} failed: ${done.stderr}`);
  const [wall, user, system] = done.stderr.trim().split("\n").pop().split(" ").map(Number);
  return { wall, cpu: user + system };
}

function walk(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)]);
}

function pct(share) { return `${(share * 100).toFixed(1)}%`; }
function kb(bytes) { return `${(bytes / 1000).toFixed(1)} kB`; }

function pagefindBinary() {
  if (process.env.PAGEFIND) return process.env.PAGEFIND;
  const venv = join(repo, "target", "bench-venv");
  const python = join(venv, "bin", "python");
  if (!existsSync(python)) spawnSync("python3", ["-m", "venv", venv]);
  const find = () => walk(join(venv, "lib")).find((f) => /pagefind_bin.*\/pagefind(_extended)?$/.test(f));
  if (!find()) spawnSync(python, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "pagefind_bin"]);
  return find();
}

// A static server that counts what it sends: bytes as served and as gzip would send them.
function countingServer(dir) {
  const types = { ".html": "text/html", ".css": "text/css", ".js": "text/javascript", ".mjs": "text/javascript",
    ".json": "application/json", ".wasm": "application/wasm" };
  let sent = { bytes: 0, gzip: 0, requests: 0 };
  const server = createServer((request, response) => {
    let path = normalize(decodeURIComponent(new URL(request.url, "http://x").pathname));
    if (path.endsWith("/")) path += "index.html";
    const file = join(dir, path);
    try {
      if (!file.startsWith(dir) || !statSync(file).isFile()) throw new Error("not found");
      const body = readFileSync(file);
      sent.bytes += body.length;
      sent.gzip += gzipSync(body).length;
      sent.requests += 1;
      response.writeHead(200, { "Content-Type": types[extname(file)] ?? "application/octet-stream" });
      response.end(body);
    } catch {
      response.writeHead(404);
      response.end("not found");
    }
  });
  server.reset = () => { sent = { bytes: 0, gzip: 0, requests: 0 }; };
  server.take = () => { const taken = sent; server.reset(); return taken; };
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}
