// Rapport: light or dark. Loaded in <head> without defer, so the stored choice applies
// before the first paint. Without a stored choice the system's (prefers-color-scheme)
// applies. The switch buttons ([data-theme-toggle]) store the choice in local storage.
(function () {
  "use strict";
  var KEY = "rapport-theme";
  var root = document.documentElement;
  function stored() {
    try { return localStorage.getItem(KEY); } catch (e) { return null; }
  }
  function current() {
    var chosen = stored();
    if (chosen === "dark" || chosen === "light") { return chosen; }
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  function apply(theme) {
    root.setAttribute("data-theme", theme);
    document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
    });
  }
  apply(current());
  document.addEventListener("DOMContentLoaded", function () {
    apply(current());
    document.querySelectorAll("[data-theme-toggle]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var next = current() === "dark" ? "light" : "dark";
        try { localStorage.setItem(KEY, next); } catch (e) { /* private mode: this page only */ }
        apply(next);
      });
    });
  });
})();
