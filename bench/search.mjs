// Search index size and query time on a built site:
//   node bench/search.mjs PUBLIC_DIR [QUERY …]
// Loads PUBLIC_DIR/search-index.json and runs the theme's own search function (site.js) on
// each query 100 times; prints the index size (raw and gzipped) and the median query time.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { join, resolve } from "node:path";
import vm from "node:vm";

const [dir, ...queries] = process.argv.slice(2);
const raw = readFileSync(join(dir, "search-index.json"));
const pages = JSON.parse(raw).pages;
const sandbox = { window: {}, document: { documentElement: { getAttribute: () => null }, querySelector: () => null } };
vm.runInNewContext(readFileSync(resolve(import.meta.dirname, "..", "themes/default/static/site.js"), "utf8"), sandbox);
const search = sandbox.window.docsiteSearch;
console.log(`${pages.length} pages; index ${(raw.length / 1024).toFixed(0)} KiB, ${(gzipSync(raw).length / 1024).toFixed(0)} KiB gzipped`);
for (const query of queries.length ? queries : ["docker", "gunicorn flask", "keras model", "nothingmatches"]) {
  const times = [];
  let hits = 0;
  for (let i = 0; i < 100; i++) {
    const start = process.hrtime.bigint();
    hits = search(pages, query).length;
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  console.log(`"${query}": ${hits} shown, median ${times[50].toFixed(2)} ms`);
}
