// On a phone the main menu is folded behind "Menu" by the CSS alone (assets/css/site.css), so
// the header has its final layout before any script runs. Without JavaScript "Menu" is a link
// that opens the menu as its target. Here it becomes a button of the same size that folds the
// menu open and shut (aria-expanded), with Escape to close it.
(function () {
  "use strict";
  var link = document.querySelector("a.site-menu-button");
  var menu = document.getElementById("hoofdmenu");
  if (!link || !menu) {
    return;
  }
  var button = document.createElement("button");
  button.type = "button";
  button.className = link.className;
  button.textContent = link.textContent;
  button.setAttribute("aria-controls", menu.id);
  var openedAsTarget = window.location.hash === "#" + menu.id;
  button.setAttribute("aria-expanded", String(openedAsTarget));
  menu.classList.toggle("site-nav--open", openedAsTarget);
  link.replaceWith(button);

  function setOpen(open) {
    button.setAttribute("aria-expanded", String(open));
    menu.classList.toggle("site-nav--open", open);
    if (!open && window.location.hash === "#" + menu.id) {
      // The target would keep the menu open: drop it without a jump or a new history entry.
      history.replaceState(null, "", window.location.pathname + window.location.search);
    }
  }
  button.addEventListener("click", function () {
    var open = button.getAttribute("aria-expanded") !== "true";
    setOpen(open);
    if (open) {
      var first = menu.querySelector("a");
      if (first) {
        first.focus();
      }
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      setOpen(false);
      button.focus();
    }
  });
})();
