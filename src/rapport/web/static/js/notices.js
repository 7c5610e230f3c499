/* Reminders in the browser while Rapport is open (docs/integrations.md): asks
   /api/notifications now and every minute; each reminder comes once. Shown as a system
   notification when the user allowed them (the button on the Digest page asks), else as a
   banner at the top of the page. No library, nothing from elsewhere. */
(function () {
  "use strict";
  var EVERY_MS = 60000;
  var timer = null;

  function banner(items, closeLabel) {
    var box = document.getElementById("notice-banner");
    if (!box) {
      box = document.createElement("div");
      box.id = "notice-banner";
      box.className = "alert alert-warn notice-banner";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      var main = document.getElementById("main") || document.body;
      main.insertBefore(box, main.firstChild);
    }
    items.forEach(function (item) {
      var p = document.createElement("p");
      p.className = "notice";
      var link = document.createElement("a");
      link.href = item.url || "/today";
      link.textContent = item.title;
      p.appendChild(link);
      if (item.body) {
        var body = document.createElement("span");
        body.className = "notice-body";
        body.textContent = " " + item.body.replace(/\n/g, " · ");
        p.appendChild(body);
      }
      box.appendChild(p);
    });
    if (!box.querySelector("button.notice-close")) {
      var close = document.createElement("button");
      close.type = "button";
      close.className = "button small secondary notice-close";
      close.textContent = closeLabel || "×";
      close.addEventListener("click", function () { box.remove(); });
      box.appendChild(close);
    }
  }

  function show(answer) {
    var items = (answer && answer.notifications) || [];
    if (!items.length) return;
    var allowed = "Notification" in window && window.Notification.permission === "granted";
    if (allowed) {
      items.forEach(function (item) {
        try {
          var shown = new window.Notification(item.title, { body: item.body || "", tag: "rapport-" + item.id });
          shown.onclick = function () { window.focus(); window.location.href = item.url || "/today"; };
        } catch (e) {
          banner([item], answer.close);
        }
      });
    } else {
      banner(items, answer.close);
    }
  }

  function poll() {
    if (!window.fetch) return;
    fetch("/api/notifications?lang=" + encodeURIComponent(document.documentElement.lang || ""), {
      credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (response.status === 401 || response.status === 403) {
        if (timer) window.clearInterval(timer);  // not logged in: stop asking
        return null;
      }
      return response.ok ? response.json() : null;
    }).then(function (answer) {
      if (answer) show(answer);
    }).catch(function () { /* the server is away for a moment: ask again later */ });
  }

  function permissionButton() {
    var button = document.getElementById("notify-permission");
    if (!button) return;
    if (!("Notification" in window) || window.Notification.permission !== "default") {
      button.hidden = true;
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      window.Notification.requestPermission().then(function () { button.hidden = true; });
    });
  }

  function start() {
    permissionButton();
    if (document.querySelector("form[action='/login'], form[action='/setup']")) return;
    poll();
    timer = window.setInterval(poll, EVERY_MS);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
