// The "Afdrukken" button on the recovery codes page (hidden without JavaScript).
(function () {
  "use strict";
  var button = document.querySelector("[data-print]");
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      window.print();
    });
  }
})();
