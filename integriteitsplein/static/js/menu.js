// On a phone the main menu folds behind a "Menu" button, so the page itself starts on the
// first screen. Without JavaScript, or on a wide screen, the menu is simply there.
(function () {
  "use strict";
  var button = document.querySelector(".site-menu-button");
  var menu = document.getElementById("hoofdmenu");
  if (!button || !menu) {
    return;
  }
  menu.classList.add("site-nav--foldable");
  document.documentElement.classList.add("has-foldable-menu");
  button.hidden = false;
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("site-nav--open", open);
    if (open) {
      var first = menu.querySelector("a");
      if (first) {
        first.focus();
      }
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      button.click();
      button.focus();
    }
  });
})();
