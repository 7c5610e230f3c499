// Transcript upload: while the form is being sent and the meeting analysed, show a
// progress bar with "Analysing… 40%". The form is sent as usual (a normal post, so the
// answer and the speaker choice work as without this file); the page stays as it is
// until the answer comes, and meanwhile this script asks the server every 500 ms how far
// the analysis got, by a random progress token sent with the form.
//
// The texts come from the page (already translated): data-working and data-percent
// ("{percent}" is replaced by the number).
(function () {
  "use strict";
  var POLL_MS = 500;

  function newToken() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) {
      return (b < 16 ? "0" : "") + b.toString(16);
    }).join("");
  }

  function wire(form) {
    var box = document.getElementById(form.getAttribute("data-upload-progress"));
    var field = form.querySelector("input[name=progress_token]");
    if (!box || !field) { return; }
    var bar = box.querySelector("progress");
    var status = box.querySelector("[role=status]");
    var timer = null;

    function show(fraction) {
      if (typeof fraction === "number") {
        var percent = Math.round(fraction * 100);
        bar.value = percent;
        status.textContent = box.getAttribute("data-percent").replace("{percent}", percent);
      } else {
        bar.removeAttribute("value"); // indeterminate: not known yet
        status.textContent = box.getAttribute("data-working");
      }
    }

    function poll(token) {
      fetch("/transcripts/progress?token=" + token, {
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (answer) {
        if (timer !== null && answer && typeof answer.progress === "number") {
          show(answer.progress);
        }
      }).catch(function () { /* the next poll tries again; the upload goes on */ });
    }

    function stop() {
      if (timer !== null) { window.clearInterval(timer); }
      timer = null;
      box.hidden = true;
    }

    form.addEventListener("submit", function () {
      stop();
      var token = newToken();
      field.value = token;
      show(null);
      box.hidden = false;
      timer = window.setInterval(function () { poll(token); }, POLL_MS);
    });
    // Back to this page from the answer (the browser's page cache): no upload is running.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) { stop(); }
    });
  }

  document.querySelectorAll("form[data-upload-progress]").forEach(wire);
}());
