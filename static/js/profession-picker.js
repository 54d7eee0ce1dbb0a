// Profession picker: search the classification as you type and fill in the chosen code.
// Without JavaScript the same field takes a 4-digit code and the server validates it.
(function () {
  "use strict";

  function debounce(fn, ms) {
    var timer;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function setup(root) {
    var input = root.querySelector("input[name=profession]");
    var list = root.querySelector(".picker-suggestions");
    var chosen = root.querySelector(".picker-chosen");
    if (!input || !list) { return; }
    var api = root.dataset.api;
    var already = (root.dataset.codesOnForm || "").split(",").filter(Boolean);
    var active = -1;
    var results = [];
    var controller = null;

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-expanded", "false");

    function close() {
      list.classList.add("d-none");
      list.innerHTML = "";
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function choose(result) {
      input.value = result.code;
      chosen.textContent = "";
      var badge = document.createElement("span");
      badge.className = "badge text-bg-light code-badge";
      badge.textContent = result.code;
      chosen.appendChild(badge);
      chosen.appendChild(document.createTextNode(" " + result.title + " — " + root.dataset.textChosen));
      close();
      input.focus();
    }

    function highlight(index) {
      var items = list.querySelectorAll("[role=option]");
      items.forEach(function (item, i) {
        item.classList.toggle("active", i === index);
        item.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (items[index]) {
        input.setAttribute("aria-activedescendant", items[index].id);
        items[index].scrollIntoView({ block: "nearest" });
      }
    }

    function render(data) {
      list.innerHTML = "";
      results = data.results || [];
      if (!results.length) {
        var empty = document.createElement("div");
        empty.className = "list-group-item small text-body-secondary";
        empty.textContent = root.dataset.textNone;
        list.appendChild(empty);
      }
      results.forEach(function (result, i) {
        var item = document.createElement("div");
        item.className = "list-group-item list-group-item-action";
        item.id = "profession-option-" + i;
        item.setAttribute("role", "option");
        item.dataset.code = result.code;
        var head = document.createElement("div");
        var code = document.createElement("strong");
        code.className = "code-badge me-2";
        code.textContent = result.code;
        head.appendChild(code);
        head.appendChild(document.createTextNode(result.title));
        if (!result.official) {
          // A small marker; the legend under the field explains it once.
          var note = document.createElement("sup");
          note.className = "unofficial-mark";
          note.setAttribute("aria-hidden", "true");
          note.title = root.dataset.textUnofficial;
          note.textContent = "*";
          head.appendChild(note);
          var spoken = document.createElement("span");
          spoken.className = "visually-hidden";
          spoken.textContent = " (" + root.dataset.textUnofficial + ")";
          head.appendChild(spoken);
        }
        if (already.indexOf(result.code) !== -1) {
          var mark = document.createElement("span");
          mark.className = "badge text-bg-warning ms-2";
          mark.textContent = root.dataset.textAlready;
          head.appendChild(mark);
        }
        item.appendChild(head);
        var path = document.createElement("div");
        path.className = "small text-body-secondary result-path";
        path.textContent = (result.path || []).map(function (p) { return p.code + " " + p.title; }).join(" › ");
        item.appendChild(path);
        if (result.matched && result.matched !== result.title) {
          var matched = document.createElement("div");
          matched.className = "small fst-italic";
          matched.textContent = "“" + result.matched + "”";
          item.appendChild(matched);
        }
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(result); });
        list.appendChild(item);
      });
      list.classList.remove("d-none");
      input.setAttribute("aria-expanded", "true");
      active = -1;
      // The first suggestion is highlighted, so Enter picks it instead of sending the form.
      if (results.length) { highlight(0); }
    }

    var search = debounce(function (query) {
      if (controller) { controller.abort(); }
      controller = new AbortController();
      var url = api + "?level=4&limit=8&lang=" + encodeURIComponent(document.documentElement.lang || "az") +
        "&q=" + encodeURIComponent(query);
      fetch(url, { signal: controller.signal, headers: { "Accept": "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(render)
        .catch(function () { /* aborted or offline: keep the plain field */ });
    }, 150);

    input.addEventListener("input", function () {
      var query = input.value.trim();
      if (/^\d{4}$/.test(query) || query.length < 2) {
        if (query.length < 2) { close(); return; }
      }
      search(query);
    });
    input.addEventListener("keydown", function (event) {
      var count = list.querySelectorAll("[role=option]").length;
      if (event.key === "ArrowDown" && count) {
        event.preventDefault();
        highlight((active + 1) % count);
      } else if (event.key === "ArrowUp" && count) {
        event.preventDefault();
        highlight((active - 1 + count) % count);
      } else if (event.key === "Enter" && active >= 0 && results[active]) {
        event.preventDefault();
        choose(results[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".profession-picker").forEach(setup);
  });
})();
