// The theme toggle (remembered in localStorage) and the search box. Search loads
// search-index.json, written by docsite at build time, on first use: no server, no CDN.
(function () {
  "use strict";
  var root = document.documentElement;

  // ---- Theme toggle ----
  var toggle = document.querySelector(".theme-toggle");
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
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var next = current() === "dark" ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("docsite-theme", next); } catch (e) { /* private mode */ }
      label();
    });
    label();
  }

  // Every query word must match somewhere; title and keywords weigh most.
  function search(pages, query) {
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) { return []; }
    var fields = [["t", 10], ["k", 6], ["h", 3], ["d", 3], ["b", 1]];
    var hits = [];
    pages.forEach(function (page) {
      var score = 0;
      var all = words.every(function (word) {
        var found = false;
        fields.forEach(function (field) {
          var value = page[field[0]];
          var text = (Array.isArray(value) ? value.join(" ") : (value || "")).toLowerCase();
          if (text.indexOf(word) !== -1) { score += field[1]; found = true; }
        });
        return found;
      });
      if (all) { hits.push({ page: page, score: score }); }
    });
    hits.sort(function (a, b) { return b.score - a.score; });
    return hits.slice(0, 10).map(function (hit) { return hit.page; });
  }
  window.docsiteSearch = search;

  // ---- Search ----
  var form = document.querySelector(".search");
  if (!form) { return; }
  var input = form.querySelector("input");
  var list = form.querySelector(".search-results");
  var index = null;

  function load() {
    if (index) { return Promise.resolve(index); }
    return fetch(form.getAttribute("data-index")).then(function (r) { return r.json(); })
      .then(function (data) { index = data.pages; return index; });
  }


  // The body text around the first word of the query that it contains, with every query word
  // marked. Built as DOM nodes: the index is the author's text, never HTML.
  function snippet(page, query) {
    var text = page.b || page.d || "";
    var words = query.toLowerCase().split(/\s+/).filter(Boolean);
    var lower = text.toLowerCase();
    var at = -1;
    words.forEach(function (word) {
      var found = lower.indexOf(word);
      if (found !== -1 && (at === -1 || found < at)) { at = found; }
    });
    var start = Math.max(0, at - 60);
    var piece = (start > 0 ? "…" : "") + text.slice(start, start + 160) + (start + 160 < text.length ? "…" : "");
    var fragment = document.createDocumentFragment();
    var pattern = new RegExp("(" + words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|") + ")", "gi");
    piece.split(pattern).forEach(function (part, index) {
      if (index % 2 === 1) {
        var mark = document.createElement("mark");
        mark.textContent = part;
        fragment.appendChild(mark);
      } else if (part) {
        fragment.appendChild(document.createTextNode(part));
      }
    });
    return fragment;
  }

  function show(results, query) {
    list.innerHTML = "";
    results.forEach(function (page) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = page.u;
      var title = document.createElement("span");
      title.className = "result-title";
      title.textContent = page.t;
      var text = document.createElement("span");
      text.className = "result-snippet";
      text.appendChild(snippet(page, query));
      link.appendChild(title);
      link.appendChild(text);
      item.appendChild(link);
      list.appendChild(item);
    });
  }

  input.addEventListener("input", function () {
    var query = input.value.trim();
    if (query.length < 2) { show([], query); return; }
    load().then(function (pages) { show(search(pages, query), query); });
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
      show([], "");
      input.focus();
    }
  });
})();
