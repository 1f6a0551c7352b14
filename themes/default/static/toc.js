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
