// Rapport: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Move focus to the first field with an error after a failed form submission.
  function focusFirstError() {
    var invalid = document.querySelector("[aria-invalid=true]");
    if (invalid) { invalid.focus(); }
  }

  // Charts: <div data-chart="ID"> with <script type="application/json" id="ID"> holding
  // {"data": [...], "layout": {...}}; drawn with the plotly.js that Rapport serves itself.
  // Drawn after the first paint, one chart per task, so the page shows (and answers) first.
  function drawCharts() {
    if (!window.Plotly) { return; }
    var charts = Array.prototype.slice.call(document.querySelectorAll("[data-chart]"));
    function next() {
      var el = charts.shift();
      if (!el) { return; }
      drawChart(el);
      setTimeout(next, 0);
    }
    requestAnimationFrame(function () { setTimeout(next, 0); });
  }

  function drawChart(el) {
    var style = getComputedStyle(document.body);
    {
      var source = document.getElementById(el.getAttribute("data-chart"));
      if (!source) { return; }
      // The height comes as data, not a style attribute (the CSP allows no inline styles).
      if (el.getAttribute("data-height")) { el.style.minHeight = el.getAttribute("data-height") + "px"; }
      var spec = JSON.parse(source.textContent);
      var layout = Object.assign({
        margin: { l: 48, r: 16, t: 16, b: 48 },
        paper_bgcolor: "rgba(0,0,0,0)",
        plot_bgcolor: "rgba(0,0,0,0)",
        font: { family: style.fontFamily, size: 13, color: style.color },
        separators: el.getAttribute("data-separators") || ".,"
      }, spec.layout || {});
      // Grid lines in the theme's line colour (light or dark).
      var grid = getComputedStyle(document.documentElement).getPropertyValue("--line").trim();
      ["xaxis", "yaxis", "yaxis2"].forEach(function (axis) {
        if (axis === "yaxis2" && !layout.yaxis2) { return; }
        layout[axis] = Object.assign({}, layout[axis] || {}, grid ? { gridcolor: grid, zerolinecolor: grid } : {});
      });
      window.Plotly.newPlot(el, spec.data, layout, { displayModeBar: false, responsive: true });
    }
  }

  // Copy buttons: <button data-copy="ID"> copies the value or text of element ID.
  function wireCopyButtons() {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.addEventListener("click", function () {
        var target = document.getElementById(button.getAttribute("data-copy"));
        if (!target) { return; }
        var text = "value" in target ? target.value : target.textContent;
        var done = function () {
          var status = document.getElementById(button.getAttribute("data-copy-status"));
          if (status) { status.hidden = false; }
        };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(text).then(done, function () { fallbackCopy(target); done(); });
        } else {
          fallbackCopy(target); done();
        }
      });
    });
  }

  function fallbackCopy(target) {
    if (typeof target.select === "function") {
      target.select();
      document.execCommand("copy");
    }
  }

  // "/" jumps to the search field of a page that has one (as on many sites).
  function wireSearchKey() {
    var search = document.querySelector("[role=search] input[type=search]");
    if (!search) { return; }
    document.addEventListener("keydown", function (event) {
      var t = event.target;
      var typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable);
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        search.focus();
      }
    });
  }

  // On a phone, folding sections (details.fold) start closed, except those marked to stay
  // open, so the page is short; the headings stay, with their counts. Without this script
  // every section is open.
  function foldOnPhone() {
    if (!window.matchMedia || !window.matchMedia("(max-width: 640px)").matches) { return; }
    document.querySelectorAll("details.fold[data-fold]:not([data-keep-open])").forEach(function (d) {
      if (!location.hash || !d.querySelector(location.hash.replace(/[^#\w-]/g, ""))) { d.open = false; }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    foldOnPhone();
    focusFirstError();
    wireSearchKey();
    drawCharts();
    wireCopyButtons();
  });
})();
