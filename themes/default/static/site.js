// The theme's behaviour, one file for every page: the theme toggle, copy buttons, tab groups,
// the table of contents' scroll-spy and the search box. Each part does nothing on a page
// without its elements.

// ---- Theme toggle (remembered in localStorage) ----
(function () {
  "use strict";
  var root = document.documentElement;
  // Made here rather than written into every page: without scripts it could not work anyway.
  var header = document.querySelector(".site-header .container");
  var toggle = null;
  if (header) {
    toggle = document.createElement("button");
    toggle.className = "theme-toggle";
    toggle.type = "button";
    toggle.innerHTML = '<span class="theme-icon" aria-hidden="true"></span><span class="theme-label"></span>';
    header.appendChild(toggle);
  }
  function current() {
    return root.getAttribute("data-theme") ||
      (window.matchMedia && matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light");
  }
  function label() {
    if (!toggle) { return; }
    var dark = current() === "dark";
    var text = dark ? "Light mode" : "Dark mode";
    var labelText = toggle.querySelector(".theme-label");
    var icon = toggle.querySelector(".theme-icon");
    if (labelText) { labelText.textContent = text; } else { toggle.textContent = text; }
    if (icon) { icon.textContent = dark ? "☀" : "☾"; }
    toggle.setAttribute("aria-label", text);
    toggle.setAttribute("aria-pressed", dark ? "true" : "false");
  }
  if (toggle) {
    toggle.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("docsite-theme", next); } catch (e) { /* private mode */ }
      label();
    });
    label();
  }
})();

// Copy buttons on code blocks, in each block's header row (shown on hover and on focus).
// Console blocks copy only their commands, without `$ ` prompts or output, so what lands in
// the clipboard runs as it is.
(function () {
  "use strict";
  function commandsOf(text) {
    var lines = text.split("\n");
    var prompted = lines.some(function (line) { return line.indexOf("$ ") === 0; });
    if (!prompted) { return text; }
    var out = [];
    var continuing = false;
    lines.forEach(function (line) {
      if (continuing) {
        out.push(line);
      } else if (line.indexOf("$ ") === 0) {
        out.push(line.slice(2));
      } else {
        return;
      }
      continuing = /\\$/.test(line);
    });
    return out.join("\n") + "\n";
  }
  window.docsiteCommands = commandsOf;
  function addButton(figure) {
    var code = figure.querySelector("pre code");
    if (!code) { return; }
    var button = document.createElement("button");
    button.type = "button";
    button.className = "copy-button";
    button.textContent = "Copy";
    button.setAttribute("aria-label", "Copy code to clipboard");
    button.addEventListener("click", function () {
      var text = commandsOf(code.textContent);
      var done = function () {
        button.textContent = "Copied";
        setTimeout(function () { button.textContent = "Copy"; }, 1500);
      };
      if (navigator.clipboard && navigator.clipboard.writeText) {
        navigator.clipboard.writeText(text).then(done, function () { button.textContent = "Press Ctrl+C"; });
      }
    });
    // The button sits in the block's header row, never over the code: the caption when the
    // block has one, else a bar naming its language.
    var bar = figure.querySelector("figcaption");
    if (!bar) {
      bar = document.createElement("div");
      bar.className = "code-toolbar";
      var lang = document.createElement("span");
      lang.className = "code-lang";
      lang.textContent = figure.getAttribute("data-lang") || "";
      bar.appendChild(lang);
      figure.insertBefore(bar, figure.firstChild);
    }
    bar.appendChild(button);
  }
  document.querySelectorAll("figure.code-block").forEach(addButton);
})();

// Tab groups: consecutive code blocks marked `tab="…"`. docsite writes them as labelled panels,
// which read stacked without JavaScript; this turns each group into a tab list (WAI-ARIA tabs:
// arrow keys, Home, End). Choosing a tab selects the same label in every group on the page that
// has it, and is remembered (localStorage) for the next page.
(function () {
  "use strict";
  var KEY = "docsite-tab";
  var groups = [];

  function remembered() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function remember(label) {
    try { localStorage.setItem(KEY, label); } catch (e) { /* private mode */ }
  }

  function select(group, label, focus) {
    group.tabs.forEach(function (tab, index) {
      var chosen = tab.getAttribute("data-tab") === label;
      tab.setAttribute("aria-selected", chosen ? "true" : "false");
      tab.tabIndex = chosen ? 0 : -1;
      group.panels[index].hidden = !chosen;
      if (chosen && focus) { tab.focus(); }
    });
  }

  function has(group, label) {
    return group.tabs.some(function (tab) { return tab.getAttribute("data-tab") === label; });
  }

  function choose(label, source) {
    remember(label);
    groups.forEach(function (group) {
      if (has(group, label)) { select(group, label, group === source); }
    });
  }

  document.querySelectorAll(".tab-group").forEach(function (element, groupIndex) {
    var panels = Array.prototype.slice.call(element.querySelectorAll(":scope > .tab-panel"));
    if (!panels.length) { return; }
    var list = document.createElement("div");
    list.className = "tab-list";
    list.setAttribute("role", "tablist");
    var group = { element: element, tabs: [], panels: panels };
    panels.forEach(function (panel, index) {
      var label = panel.getAttribute("data-tab");
      var id = "tab-" + groupIndex + "-" + index;
      var tab = document.createElement("button");
      tab.type = "button";
      tab.id = id;
      tab.className = "tab";
      tab.textContent = label;
      tab.setAttribute("role", "tab");
      tab.setAttribute("data-tab", label);
      tab.setAttribute("aria-controls", id + "-panel");
      panel.id = id + "-panel";
      panel.setAttribute("role", "tabpanel");
      panel.setAttribute("aria-labelledby", id);
      var caption = panel.querySelector(":scope > .tab-label");
      if (caption) { caption.hidden = true; }
      tab.addEventListener("click", function () { choose(label, group); });
      tab.addEventListener("keydown", function (event) {
        var last = group.tabs.length - 1;
        var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: last }[event.key];
        if (next === undefined) { return; }
        event.preventDefault();
        var target = group.tabs[(next + last + 1) % (last + 1)];
        choose(target.getAttribute("data-tab"), group);
      });
      group.tabs.push(tab);
      list.appendChild(tab);
    });
    element.insertBefore(list, element.firstChild);
    element.classList.add("tabs-ready");
    groups.push(group);
    var wanted = remembered();
    select(group, wanted && has(group, wanted) ? wanted : group.tabs[0].getAttribute("data-tab"), false);
  });
})();

// A self-link on each heading of the text, to copy a section's address. Made here rather than
// written into every page (80 bytes a heading); the table of contents links every heading too.
(function () {
  "use strict";
  var headings = document.querySelectorAll(".content :is(h2, h3, h4, h5, h6)[id]");
  Array.prototype.forEach.call(headings, function (heading) {
    var anchor = document.createElement("a");
    anchor.className = "anchor";
    anchor.href = "#" + encodeURIComponent(heading.id);
    anchor.setAttribute("aria-hidden", "true");
    anchor.tabIndex = -1;
    anchor.textContent = "#";
    heading.insertBefore(anchor, heading.firstChild);
  });
})();

// The table of contents: it marks the section being read (scroll-spy, `aria-current`), and on
// narrow screens it starts closed, as a "Contents" disclosure above the article.
(function () {
  "use strict";
  var toc = document.querySelector(".toc");
  if (!toc) { return; }
  var details = toc.querySelector("details");
  var narrow = window.matchMedia ? window.matchMedia("(max-width: 60rem)") : null;
  if (details && narrow && narrow.matches) { details.open = false; }

  var links = Array.prototype.slice.call(toc.querySelectorAll("a[href^='#']"));
  var targets = links.map(function (link) {
    return document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
  });
  var current = null;
  function mark() {
    // The last heading whose top has passed a line a little below the top of the window.
    var line = Math.min(120, window.innerHeight / 4);
    var index = -1;
    targets.forEach(function (target, i) {
      if (target && target.getBoundingClientRect().top <= line) { index = i; }
    });
    // At the bottom of the page the last sections cannot reach that line: the last heading in
    // view is the one being read.
    var bottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
    if (bottom) {
      targets.forEach(function (target, i) {
        if (target && target.getBoundingClientRect().top < window.innerHeight) { index = i; }
      });
    }
    if (index === -1 && targets.length) { index = 0; }
    var link = links[index] || null;
    if (link === current) { return; }
    if (current) { current.removeAttribute("aria-current"); }
    if (link) {
      link.setAttribute("aria-current", "location");
      // Keep the marked entry visible in a scrolled table of contents, without moving the page.
      var box = toc.getBoundingClientRect();
      var place = link.getBoundingClientRect();
      if (place.top < box.top || place.bottom > box.bottom) {
        toc.scrollTop += place.top - box.top - box.height / 3;
      }
    }
    current = link;
  }
  var pending = false;
  window.addEventListener("scroll", function () {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; mark(); });
  }, { passive: true });
  window.addEventListener("resize", mark);
  mark();
})();

// ---- Search ----
// docsite writes the index in pieces (src/search): `search/index.json`, the manifest, names the
// shards and the first word of each; a shard lists, for each of its words, the pages that hold it,
// best first; `search/doc/<n>.json` holds one page's title, URL and sections. A query fetches the
// manifest, one shard per word and one small file per result shown: no server, no CDN.
(function () {
  "use strict";
  // The box is made here, not written into every page: without scripts it could not search.
  var header = document.querySelector(".site-header[data-search]");
  if (!header) { return; }
  var form = document.createElement("form");
  form.className = "search";
  form.setAttribute("role", "search");
  form.innerHTML = '<input id="search-input" type="search" placeholder="Search" aria-label="Search" ' +
    'autocomplete="off" aria-controls="search-results">' +
    '<ul id="search-results" class="search-results" aria-label="Search results"></ul>';
  var container = header.querySelector(".container");
  container.insertBefore(form, container.querySelector(".theme-toggle"));
  var input = form.querySelector("input");
  var list = form.querySelector(".search-results");
  var SHOWN = 8;
  var base = new URL(header.getAttribute("data-search"), location.href);
  var loaded = {};

  // A search file as JSON, fetched once. The manifest is revalidated (it names the shards, which
  // change with every build); shards are named by their content.
  function get(path) {
    if (!loaded[path]) {
      var options = path === "index.json" ? { cache: "no-cache" } : {};
      loaded[path] = fetch(new URL(path, base), options).then(function (response) {
        if (!response.ok) { throw new Error(path + ": " + response.status); }
        return response.arrayBuffer();
      }).then(parse);
      loaded[path].catch(function () { delete loaded[path]; });
    }
    return loaded[path];
  }

  // A search file's JSON. Shards and fragments are stored gzipped (`.json.gz`) and arrive so,
  // unless the server already undid it (some send `.gz` files with Content-Encoding: gzip).
  function parse(buffer) {
    var bytes = new Uint8Array(buffer);
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) { return JSON.parse(new TextDecoder().decode(bytes)); }
    return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"))).json();
  }

  // The words of `text` as src/search/terms.rs reads them: runs of letters and digits joined by
  // `._-/:'`, lowercased; a run gives its parts and, when it has several, the parts joined.
  var LETTER = /[\p{Alphabetic}\p{N}]/u;
  var JOINER = /[._\-/:']/;
  function runs(text) {
    var found = [];
    var parts = [];
    var part = "";
    Array.from(text).forEach(function (c) {
      if (LETTER.test(c)) { part += c.toLowerCase(); return; }
      if (part) { parts.push(part); part = ""; }
      if (!JOINER.test(c)) { if (parts.length) { found.push(parts); } parts = []; }
    });
    if (part) { parts.push(part); }
    if (parts.length) { found.push(parts); }
    return found;
  }
  function isWord(word, stop) {
    var length = Array.from(word).length;
    return (length >= 2 || /^[0-9]+$/.test(word)) && length <= 40 && stop.indexOf(word) === -1;
  }

  // A shard entry, "doc,score,section[,c];…" in base 36, as postings.
  function decode(entry) {
    return entry.split(";").map(function (posting) {
      var fields = posting.split(",");
      return { doc: parseInt(fields[0], 36), score: parseInt(fields[1], 36), section: parseInt(fields[2], 36), code: fields[3] === "c" };
    });
  }
  function shardOf(manifest, word) {
    var low = 0;
    var high = manifest.shards.length - 1;
    while (low < high) {
      var middle = (low + high + 1) >> 1;
      if (manifest.shards[middle][0] <= word) { low = middle; } else { high = middle - 1; }
    }
    return low;
  }

  // The pages holding `word` (or, for the word being typed, any word it begins), as a map from
  // page number to its best posting. A prefix reads at most its own shard and the next.
  function lookup(manifest, word, prefix) {
    var first = shardOf(manifest, word);
    var shards = [first];
    var next = manifest.shards[first + 1];
    if (prefix && next && next[0].indexOf(word) === 0) { shards.push(first + 1); }
    return Promise.all(shards.map(function (n) { return get(manifest.shards[n][1]); })).then(function (loadedShards) {
      var pages = new Map();
      loadedShards.forEach(function (shard) {
        Object.keys(shard).forEach(function (key) {
          var exact = key === word;
          if (!exact && !(prefix && key.indexOf(word) === 0)) { return; }
          decode(shard[key]).forEach(function (posting) {
            // A word the reader finished typing counts more than the longer words it begins.
            var score = exact ? posting.score : posting.score * 0.7;
            var held = pages.get(posting.doc);
            if (!held || held.score < score) {
              pages.set(posting.doc, { score: score, section: posting.section, code: posting.code, rarity: 0 });
            }
          });
        });
      });
      // A word counts more the fewer pages hold it, so a rare word decides between pages that
      // match a common one (whose list holds only its best pages).
      var weight = 1 / Math.log2(2 + pages.size);
      pages.forEach(function (hit) { hit.rarity = pages.size; hit.score *= weight; });
      return pages;
    });
  }

  // Pages in every map (scores added), or, when none is, in any of them. The section shown is
  // the one the rarest word points at.
  function combine(maps, every) {
    var result = new Map();
    maps.forEach(function (pages, index) {
      pages.forEach(function (hit, doc) {
        var held = result.get(doc);
        if (!held) {
          if (every && index > 0) { return; }
          result.set(doc, { score: hit.score, section: hit.section, code: hit.code, rarity: hit.rarity, count: 1 });
          return;
        }
        held.score += hit.score;
        held.count += 1;
        if (hit.rarity < held.rarity) { held.section = hit.section; held.code = hit.code; held.rarity = hit.rarity; }
      });
    });
    if (every) {
      result.forEach(function (hit, doc) { if (hit.count < maps.length) { result.delete(doc); } });
    }
    return result;
  }

  // One run of the query: an identifier written whole (`model.predict`) is looked up as such,
  // and by its parts when no page has it whole.
  function lookupRun(manifest, parts, prefix) {
    var words = parts.filter(function (part) { return isWord(part, manifest.stop); });
    function byParts() {
      return Promise.all(words.map(function (word, i) { return lookup(manifest, word, prefix && i === words.length - 1); }))
        .then(function (maps) { return maps.length ? combine(maps, true) : null; });
    }
    var joined = parts.join("");
    if (parts.length < 2 || !isWord(joined, manifest.stop)) { return byParts(); }
    return lookup(manifest, joined, prefix).then(function (whole) { return whole.size ? whole : byParts(); });
  }

  // The best pages for `query`: [{doc, score, section, code}], best first.
  function rank(manifest, query) {
    var queryRuns = runs(query);
    var typing = !/[\s._\-/:']$/.test(query);
    return Promise.all(queryRuns.map(function (parts, index) {
      return lookupRun(manifest, parts, typing && index === queryRuns.length - 1);
    })).then(function (maps) {
      maps = maps.filter(Boolean);
      if (!maps.length) { return []; }
      var hits = combine(maps, true);
      if (!hits.size) { hits = combine(maps, false); }
      var ranked = [];
      hits.forEach(function (hit, doc) { hit.doc = doc; ranked.push(hit); });
      ranked.sort(function (a, b) { return b.score - a.score || a.doc - b.doc; });
      return ranked;
    });
  }

  // The result for a ranked hit: title, the section's heading and link, and a snippet of its
  // prose or code around the first query word it holds.
  function result(hit, page, marks) {
    var section = page.s[hit.section] || page.s[0] || ["", "", "", ""];
    var sources = hit.code ? [section[3], section[2]] : [section[2], section[3]];
    var text = "";
    var inCode = false;
    var at = -1;
    sources.forEach(function (source, index) {
      if (at !== -1 || !source) { return; }
      var found = firstMark(source, marks);
      if (found !== -1 || !text) { text = source; at = found; inCode = hit.code ? index === 0 : index === 1; }
    });
    var anchor = section[0] ? "#" + section[0] : "";
    return {
      url: page.u + anchor,
      title: page.t,
      heading: section[1] && section[1] !== page.t ? section[1] : "",
      snippet: window_(text, at),
      code: inCode,
    };
  }
  function firstMark(text, marks) {
    if (!marks) { return -1; }
    var match = marks.exec(text);
    marks.lastIndex = 0;
    return match ? match.index : -1;
  }
  // About 160 characters of `text` around `at`, cut at spaces.
  function window_(text, at) {
    var start = Math.max(0, at - 50);
    if (start > 0) { var space = text.indexOf(" ", start); if (space !== -1 && space < at) { start = space + 1; } }
    var end = Math.min(text.length, start + 160);
    if (end < text.length) { var last = text.lastIndexOf(" ", end); if (last > at) { end = last; } }
    return (start > 0 ? "…" : "") + text.slice(start, end) + (end < text.length ? "…" : "");
  }
  // What to mark in a snippet: each name of the query as typed (`model.predict`), and each of
  // its words where a word starts; a finished word also where it ends, as the index matched it.
  function pattern(query, stop) {
    var escape = function (text) { return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); };
    var typing = !/[\s._\-/:']$/.test(query);
    var names = query.split(/[^\p{Alphabetic}\p{N}._\-/:']+/u).map(function (name) {
      return name.replace(/^[._\-/:']+|[._\-/:']+$/g, "");
    }).filter(Boolean);
    var alternatives = [];
    names.forEach(function (name, index) {
      var parts = runs(name)[0] || [];
      if (parts.length > 1) { alternatives.push({ length: name.length + 1, source: escape(name) }); }
      parts.forEach(function (part, i) {
        if (!isWord(part, stop) && parts.length < 2) { return; }
        var last = typing && index === names.length - 1 && i === parts.length - 1;
        var end = last ? "" : "(?![\\p{Alphabetic}\\p{N}])";
        alternatives.push({ length: part.length, source: "(?<![\\p{Alphabetic}\\p{N}])" + escape(part) + end });
      });
    });
    if (!alternatives.length) { return null; }
    alternatives.sort(function (a, b) { return b.length - a.length; });
    return new RegExp(alternatives.map(function (a) { return a.source; }).join("|"), "giu");
  }

  // The results for `query`, best first, each {url, title, heading, snippet, code}.
  function search(query, again) {
    return get("index.json").then(function (manifest) {
      return rank(manifest, query).then(function (ranked) {
        var marks = pattern(query, manifest.stop);
        var bundle = manifest.bundle || 1;
        return Promise.all(ranked.slice(0, SHOWN).map(function (hit) {
          return get("doc/" + Math.floor(hit.doc / bundle).toString(36) + ".json.gz")
            .then(function (pages) {
              var page = pages[hit.doc % bundle];
              return page ? result(hit, page, marks) : null;
            }, function () { return null; });
        })).then(function (results) { return { results: results.filter(Boolean), total: ranked.length, marks: marks }; });
      });
    }).catch(function (error) {
      // A stale manifest after a rebuild names shards that are gone: read it again, once.
      if (!again) {
        loaded = {};
        return search(query, true);
      }
      throw error;
    });
  }
  window.docsiteSearch = search;

  function marked(text, marks) {
    var fragment = document.createDocumentFragment();
    var from = 0;
    if (marks) {
      text.replace(marks, function (match, at) {
        if (at > from) { fragment.appendChild(document.createTextNode(text.slice(from, at))); }
        var mark = document.createElement("mark");
        mark.textContent = match;
        fragment.appendChild(mark);
        from = at + match.length;
        return match;
      });
    }
    if (from < text.length) { fragment.appendChild(document.createTextNode(text.slice(from))); }
    return fragment;
  }
  function span(className, content) {
    var element = document.createElement("span");
    element.className = className;
    if (typeof content === "string") { element.textContent = content; } else { element.appendChild(content); }
    return element;
  }

  // Built as DOM nodes: the index holds the author's text, never HTML.
  function show(found, query) {
    list.textContent = "";
    if (!found) { return; }
    found.results.forEach(function (hit) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = hit.url;
      link.appendChild(span("result-title", hit.title));
      if (hit.heading) { link.appendChild(span("result-heading", hit.heading)); }
      var snippet = span(hit.code ? "result-snippet result-code" : "result-snippet", marked(hit.snippet, found.marks));
      link.appendChild(snippet);
      if (hit.code) { link.appendChild(span("result-badge", "in code")); }
      item.appendChild(link);
      list.appendChild(item);
    });
    if (!found.results.length) {
      var none = document.createElement("li");
      none.className = "result-none";
      none.textContent = "No pages match “" + query + "”";
      list.appendChild(none);
    }
  }

  var asked = 0;
  input.addEventListener("focus", function () { get("index.json").catch(function () {}); });
  input.addEventListener("input", function () {
    var query = input.value.trim() ? input.value : "";
    var mine = ++asked;
    if (query.trim().length < 2) { show(null, ""); return; }
    search(query).then(function (found) {
      if (mine === asked) { show(found, query.trim()); }
    }, function () {
      if (mine === asked) { show(null, ""); }
    });
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) { location.href = first.href; }
  });
  form.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var position = links.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && links.length) {
      event.preventDefault();
      links[Math.min(position + 1, links.length - 1)].focus();
    } else if (event.key === "ArrowUp" && links.length) {
      event.preventDefault();
      if (position <= 0) { input.focus(); } else { links[position - 1].focus(); }
    } else if (event.key === "Escape") {
      show(null, "");
      input.focus();
    }
  });
  // "/" anywhere outside a text field goes to the search box, as on GitHub and MkDocs.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) { return; }
    event.preventDefault();
    input.focus();
  });
})();
