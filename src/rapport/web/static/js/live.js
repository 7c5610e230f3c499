// Live meeting mode: a timer per agenda item, the current item large, one key (D) and one
// button for "we drifted into personal talk", in video meetings the agenda's checkpoints
// (questions at minute offsets inside an item) as timed nudges, and at the end a
// filled-in form that logs the meeting. The state is kept in local storage, so a reload
// (or a closed tab reopened) carries on where it was; the meeting time goes on meanwhile.
//
// All text comes from the page (already translated); this file only moves state around.
// Time is read from Date.now() and advanced by setInterval, so tests can drive it with
// Playwright's page.clock instead of sleeping.
(function () {
  "use strict";
  var root = document.getElementById("live-meeting");
  if (!root) { return; }
  var plan = JSON.parse(document.getElementById("live-plan").textContent);
  var items = plan.items;
  var state = {
    running: false,
    index: 0,
    last: null,               // Date.now() at the previous tick while running
    spent: items.map(function () { return 0; }),   // ms per item
    total: 0,                 // ms of meeting time
    drift: false,
    driftMs: 0,               // ms of drifted personal talk, all drifts together
    driftStart: 0,            // total ms when the current drift began
    drifts: 0,
    shown: {},                // "item:checkpoint" -> true once its nudge was shown
    nudge: null,              // the checkpoint on screen: [item, checkpoint], or null
    ended: false
  };
  // One meeting, one key: the same client and items (a reload or the same link again).
  var KEY = "rapport-live:" + plan.key;

  function save() {
    try { localStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* storage off */ }
  }

  function restore() {
    var saved = null;
    try { saved = JSON.parse(localStorage.getItem(KEY) || "null"); } catch (e) { saved = null; }
    if (!saved || !saved.spent || saved.spent.length !== items.length) { return false; }
    Object.keys(state).forEach(function (k) { if (k in saved) { state[k] = saved[k]; } });
    return true;
  }

  var el = function (id) { return document.getElementById(id); };
  var startButton = el("live-start");
  var nextButton = el("live-next");
  var driftButton = el("live-drift");
  var endButton = el("live-end");

  function fmt(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    var m = Math.floor(s / 60);
    s = s % 60;
    return m + ":" + (s < 10 ? "0" : "") + s;
  }

  function personalMs() {
    var ms = state.driftMs + (state.drift ? state.total - state.driftStart : 0);
    items.forEach(function (item, i) { if (item.kind === "personal") { ms += state.spent[i]; } });
    return Math.min(ms, state.total);
  }

  function tick() {
    if (!state.running) { return; }
    var now = Date.now();
    var delta = Math.max(0, now - state.last);
    state.last = now;
    state.total += delta;
    state.spent[state.index] += delta;
    checkpoints();
    render();
    if (now - (state.savedAt || 0) >= 1000) { state.savedAt = now; save(); }
  }

  // The current item's checkpoints: a nudge with its question once the item has run for
  // at_min minutes (each shown once).
  function checkpoints() {
    var list = items[state.index].checkpoints || [];
    list.forEach(function (c, j) {
      var id = state.index + ":" + j;
      if (!state.shown[id] && state.spent[state.index] >= c.at_min * 60000) {
        state.shown[id] = true;
        state.nudge = [state.index, j];
      }
    });
  }

  function showNudge() {
    var box = el("live-checkpoint");
    if (!state.nudge || state.ended) { box.hidden = true; return; }
    var c = items[state.nudge[0]].checkpoints[state.nudge[1]];
    el("live-checkpoint-question").textContent = c.question;
    box.hidden = false;
  }

  function render() {
    var item = items[state.index];
    var budget = item.minutes * 60000;
    var spent = state.spent[state.index];
    el("live-current-title").textContent = item.title;
    el("live-current-kind").textContent = plan.kinds[item.kind] || "";
    el("live-item-clock").textContent = fmt(spent);
    el("live-item-budget").textContent = fmt(budget);
    el("live-total-clock").textContent = fmt(state.total);
    var over = spent > budget;
    root.classList.toggle("is-over", over);
    el("live-over").hidden = !over;
    el("live-position").textContent = (state.index + 1) + " / " + items.length;
    var bar = el("live-progress");
    bar.value = Math.min(spent, budget);
    bar.max = budget || 1;
    el("live-personal-clock").textContent = fmt(personalMs());
    el("live-drift-clock").textContent = state.drift ? fmt(state.total - state.driftStart) : "";
    document.querySelectorAll("[data-item-index]").forEach(function (row) {
      var i = Number(row.getAttribute("data-item-index"));
      row.classList.toggle("current", i === state.index);
      row.classList.toggle("done", i < state.index);
      if (i === state.index) { row.setAttribute("aria-current", "step"); } else { row.removeAttribute("aria-current"); }
      row.querySelector(".spent").textContent = fmt(state.spent[i]);
    });
    showNudge();
    var isLast = state.index === items.length - 1;
    nextButton.disabled = isLast || state.ended;
    el("live-wrap-up").hidden = !(isLast || item.kind === "personal" || item.kind === "closing");
  }

  var timer = null;

  function start() {
    if (state.ended) { return; }
    if (state.running) { tick(); }
    state.running = !state.running;
    state.last = Date.now();
    // Tick in step with the moment the meeting (re)started, so clocks read whole seconds.
    if (timer) { clearInterval(timer); }
    timer = setInterval(tick, 250);
    showRunning();
    save();
  }

  function showRunning() {
    startButton.textContent = state.running ? plan.labels.pause : (state.total ? plan.labels.resume : plan.labels.start);
    startButton.setAttribute("aria-pressed", state.running ? "true" : "false");
    root.classList.toggle("is-running", state.running);
  }

  function next() {
    if (state.ended || state.index >= items.length - 1) { return; }
    tick();
    state.index += 1;
    state.nudge = null;
    el("live-announce").textContent = items[state.index].title;
    render();
    save();
  }

  function toggleDrift() {
    if (state.ended) { return; }
    tick();
    if (!state.running) { start(); }
    state.drift = !state.drift;
    if (state.drift) {
      state.driftStart = state.total;
      state.drifts += 1;
    } else {
      state.driftMs += state.total - state.driftStart;
    }
    showDrift();
    render();
    save();
  }

  function showDrift() {
    driftButton.setAttribute("aria-pressed", state.drift ? "true" : "false");
    root.classList.toggle("is-drifting", state.drift);
    el("live-redirect").classList.toggle("active", state.drift);
  }

  function end() {
    if (state.ended) { return; }
    tick();
    if (state.drift) { toggleDrift(); }
    state.running = false;
    state.ended = true;
    state.nudge = null;   // no checkpoint nudge after the meeting
    showEnded(true);
    render();
    save();
  }

  function showEnded(focus) {
    root.classList.remove("is-running");
    el("live-checkpoint").hidden = true;
    var totalMin = Math.round(state.total / 60000);
    var personalMin = Math.min(totalMin, Math.round(personalMs() / 60000));
    el("log-duration_min").value = totalMin;
    el("log-personal_min").value = personalMin;
    el("log-business_min").value = totalMin - personalMin;
    el("log-drifts").value = state.drifts;
    startButton.disabled = true;
    nextButton.disabled = true;
    driftButton.disabled = true;
    endButton.disabled = true;
    var form = el("live-log");
    form.hidden = false;
    if (focus) { el("live-log-title").focus(); }
  }

  startButton.addEventListener("click", start);
  nextButton.addEventListener("click", next);
  driftButton.addEventListener("click", toggleDrift);
  endButton.addEventListener("click", end);
  el("live-checkpoint-done").addEventListener("click", function () {
    state.nudge = null;
    el("live-checkpoint").hidden = true;
    save();
  });
  // The logged meeting is done with: forget its state.
  el("live-log").addEventListener("submit", function () {
    try { localStorage.removeItem(KEY); } catch (e) { /* storage off */ }
  });

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    var typing = target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" ||
      target.tagName === "SELECT" || target.isContentEditable);
    if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
    var key = event.key.toLowerCase();
    if (key === "d") { event.preventDefault(); toggleDrift(); }
    else if (key === "n") { event.preventDefault(); next(); }
    else if (key === "p") { event.preventDefault(); start(); }
  });

  if (restore()) {
    showDrift();
    if (state.ended) {
      showEnded(false);
    } else if (state.running) {
      // The meeting went on while the page reloaded: count that time, then tick on.
      timer = setInterval(tick, 250);
      tick();
    }
    showRunning();
  }
  render();
})();
