// Highlight the whole evidence passage the URL fragment names (#char=s,e), including the
// pieces it was cut into where it crosses another passage. CSS :target already highlights
// the first piece; this adds the others. Loaded as a file: the CSP forbids inline script.
(function () {
  "use strict";
  function highlight() {
    document.querySelectorAll("mark.evidence.hl").forEach(function (el) { el.classList.remove("hl"); });
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) { return; }
    document.querySelectorAll("mark.evidence").forEach(function (el) {
      if (el.getAttribute("data-ev") === id) { el.classList.add("hl"); }
    });
  }
  window.addEventListener("hashchange", highlight);
  document.addEventListener("DOMContentLoaded", highlight);
})();
