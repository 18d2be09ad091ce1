/* Hearings: small enhancements; every page works without this file. */
(function () {
  "use strict";

  // Move focus to the list of errors after a refused submit, so it is read out first.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

  // The report page refreshes itself while the report is being built.
  var progress = document.querySelector("[data-refresh-seconds]");
  if (progress) {
    var seconds = parseInt(progress.getAttribute("data-refresh-seconds"), 10) || 3;
    window.setTimeout(function () {
      window.location.reload();
    }, seconds * 1000);
  }
})();
