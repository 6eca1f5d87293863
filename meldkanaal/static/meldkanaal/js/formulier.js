// The report and follow-up forms (meld_form_page.html, opvolgen*.html); a file, not an inline
// script, so that the Content-Security-Policy allows no inline scripts at all.
(function () {
  "use strict";
  // For every form marked data-meldformulier:
  // - against a double click, the second click does nothing (the server also makes one report);
  // - logging in or out in another tab renews the CSRF cookie, and Django would then refuse
  //   this form and what was typed in it. So the form sends the cookie's current value;
  // - Back after sending may show the page from the browser's memory (bfcache) with what was
  //   typed still in it: then the form is emptied (a new visit gets a fresh one anyway).
  document.querySelectorAll("[data-meldformulier]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
      var field = form.querySelector("input[name=csrfmiddlewaretoken]");
      if (match && field) { field.value = decodeURIComponent(match[1]); }
      var button = form.querySelector("button[type=submit]");
      if (button) { button.disabled = true; button.textContent = "Bezig met versturen…"; }
    });
  });
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("[data-meldformulier]").forEach(function (form) {
      form.reset();
      var button = form.querySelector("button[type=submit]");
      if (button && button.dataset.tekst) { button.disabled = false; button.textContent = button.dataset.tekst; }
    });
  });
  document.querySelectorAll("[data-meldformulier] button[type=submit]").forEach(function (button) {
    button.dataset.tekst = button.textContent;
  });
  // After a refused form the error summary has focus (site.js). A fragment in the address
  // (#inhoud from the skip link) makes the browser move focus to <main> once the page has
  // loaded, after site.js ran; so the summary takes it back then.
  window.addEventListener("load", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary && document.activeElement !== summary) { summary.focus(); }
  });
})();
