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
