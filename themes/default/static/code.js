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
