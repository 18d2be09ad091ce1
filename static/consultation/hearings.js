/* Hearings: small enhancements; every page works without this file. */
(function () {
  "use strict";

  // Move focus to the list of errors after a refused submit, so it is read out first.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }

})();
