/*
 * Suggestions under every search box with data-autocomplete="/zoeken/?format=json".
 * The ARIA 1.2 combobox pattern: the input keeps focus, arrow keys move through the
 * options (aria-activedescendant), Enter opens the chosen one, Escape closes the list
 * (and, with the list closed, empties the box). A live region says how many suggestions
 * there are, or that there are none; "no suggestions" is also shown, not only announced.
 * Without JavaScript the form simply submits to the search page.
 */
(function () {
  "use strict";

  var MIN_CHARS = 2;
  var DELAY_MS = 200;
  var MAX_OPTIONS = 8;
  var counter = 0;

  function setup(input) {
    counter += 1;
    var listId = "zoeksuggesties-" + counter;
    var endpoint = input.getAttribute("data-autocomplete");
    var form = input.form;

    var list = document.createElement("ul");
    list.id = listId;
    list.className = "search-autocomplete";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "Suggesties");
    list.hidden = true;

    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    // Seen, not read out: the live region above already says it.
    var empty = document.createElement("p");
    empty.className = "search-autocomplete search-autocomplete__empty";
    empty.setAttribute("aria-hidden", "true");
    empty.hidden = true;

    var wrapper = document.createElement("div");
    wrapper.className = "search-autocomplete__wrapper";
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    wrapper.appendChild(list);
    wrapper.appendChild(empty);
    wrapper.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);
    input.setAttribute("autocomplete", "off");

    var options = [];
    var active = -1;
    var timer = null;
    var controller = null;

    function close() {
      list.hidden = true;
      empty.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(results, query, corrected) {
      list.textContent = "";
      options = results.slice(0, MAX_OPTIONS).map(function (result, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "search-autocomplete__option";
        option.dataset.url = result.url;
        var title = document.createElement("span");
        title.className = "search-autocomplete__title";
        title.textContent = result.title;
        // A hidden comma: screen readers pause between title and type.
        var separator = document.createElement("span");
        separator.className = "visually-hidden";
        separator.textContent = ", ";
        var type = document.createElement("span");
        type.className = "search-autocomplete__type";
        type.textContent = result.type;
        option.appendChild(title);
        option.appendChild(separator);
        option.appendChild(type);
        option.addEventListener("mousedown", function (event) {
          event.preventDefault(); // keep focus in the input
          go(i);
        });
        list.appendChild(option);
        return option;
      });
      if (options.length) {
        empty.hidden = true;
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        var count = options.length === 1 ? "1 suggestie" : options.length + " suggesties";
        status.textContent = (corrected ? count + " voor \u2018" + corrected + "\u2019" : count) +
          ". Gebruik de pijltjestoetsen om te kiezen.";
      } else {
        close();
        empty.textContent = "Geen suggesties voor \u2018" + query + "\u2019. Druk op Enter om te zoeken.";
        empty.hidden = false;
        status.textContent = empty.textContent;
      }
      active = -1;
    }

    // The Redactie's promoted results first, then the results, each address once.
    function suggestionsOf(data) {
      var seen = {};
      var promoted = (data.promotions || []).map(function (promotion) {
        return { title: promotion.title, url: promotion.url, type: "Tip van de redactie" };
      });
      return promoted.concat(data.results || []).filter(function (item) {
        if (!item.url || seen[item.url]) {
          return false;
        }
        seen[item.url] = true;
        return true;
      });
    }

    function go(index) {
      var url = options[index] && options[index].dataset.url;
      if (url) {
        window.location.href = url;
      }
    }

    function fetchSuggestions() {
      var query = input.value.trim();
      if (query.length < MIN_CHARS) {
        close();
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      var separator = endpoint.indexOf("?") === -1 ? "?" : "&";
      fetch(endpoint + separator + "q=" + encodeURIComponent(query), {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { results: [] };
        })
        .then(function (data) {
          if (input.value.trim() === query) {
            render(suggestionsOf(data), query, data.corrected_query || "");
          }
        })
        .catch(function () {
          /* aborted or offline: the form still works */
        });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      if (list.hidden && event.key === "Escape" && input.value) {
        // The APG combobox: Escape on a closed list clears the box.
        event.preventDefault();
        input.value = "";
        close();
        status.textContent = "";
        return;
      }
      if (list.hidden && event.key !== "ArrowDown") {
        return;
      }
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden && options.length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        highlight(Math.min(active + 1, options.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        highlight(Math.max(active - 1, -1));
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        go(active);
      } else if (event.key === "Escape") {
        event.preventDefault();
        close();
      }
    });

    input.addEventListener("blur", function () {
      window.setTimeout(close, 150);
    });

    if (form) {
      form.addEventListener("submit", close);
    }
  }

  function init() {
    var inputs = document.querySelectorAll("input[data-autocomplete]");
    Array.prototype.forEach.call(inputs, setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
