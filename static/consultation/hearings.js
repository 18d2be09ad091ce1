/* Hearings: small enhancements; every page works without this file. */
(function () {
  "use strict";

  // The report page refreshes itself while the report is being built.
  var progress = document.querySelector("[data-refresh-seconds]");
  if (progress) {
    var seconds = parseInt(progress.getAttribute("data-refresh-seconds"), 10) || 3;
    window.setTimeout(function () {
      window.location.reload();
    }, seconds * 1000);
  }
})();
