// The booking page (web/templates/booking.html): only the lengths that fit the chosen
// start can be picked. Without scripts every length is listed and the server refuses one
// that does not fit, with the reason.
(function () {
  "use strict";
  function sync() {
    var slot = document.getElementById("slot");
    var length = document.getElementById("length");
    if (!slot || !length || !slot.selectedOptions.length) { return; }
    var fits = (slot.selectedOptions[0].getAttribute("data-lengths") || "").split(" ");
    var firstFit = null;
    Array.prototype.forEach.call(length.options, function (option) {
      var ok = fits.indexOf(option.value) >= 0;
      option.disabled = !ok;
      option.hidden = !ok;
      if (ok && firstFit === null) { firstFit = option; }
    });
    if (length.selectedOptions.length && length.selectedOptions[0].disabled && firstFit) {
      length.value = firstFit.value;
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    var slot = document.getElementById("slot");
    if (slot) {
      slot.addEventListener("change", sync);
      sync();
    }
  });
})();
