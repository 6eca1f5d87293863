// Small progressive enhancements only; every page works without JavaScript.
(function () {
  "use strict";
  // Move focus to an error summary when a form comes back with errors, so screen
  // readers announce it (the summary has role="alert" and tabindex="-1").
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.focus();
  }
})();
