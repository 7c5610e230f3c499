// Rapport: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Move focus to the first field with an error after a failed form submission.
  document.addEventListener("DOMContentLoaded", function () {
    var invalid = document.querySelector("[aria-invalid=true]");
    if (invalid) { invalid.focus(); }
  });
})();
