// Classification search: show results as the visitor types, through the JSON API.
// The form is a plain GET form; without JavaScript it submits and the server renders
// the same markup (templates/classification/_results.html).
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

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function setup(form) {
    var input = form.querySelector("input[name=q]");
    var level = form.querySelector("select[name=level]");
    var target = document.getElementById("classification-results");
    if (!input || !target) { return; }
    var data = form.dataset;
    var lang = document.documentElement.lang || "az";
    var controller = null;

    function titleNodes(parent, result) {
      var title = el("span", "", result.title);
      title.lang = result.title_language;
      parent.appendChild(title);
      if (result.title_language !== lang) {
        var marker = el("span", "badge text-bg-light fallback-language", result.title_language.toUpperCase());
        marker.title = data.textFallback;
        parent.appendChild(document.createTextNode(" "));
        parent.appendChild(marker);
      }
      if (!result.official) {
        var mark = el("sup", "unofficial-mark", "*");
        mark.setAttribute("aria-hidden", "true");
        mark.title = data.textUnofficial;
        parent.appendChild(mark);
        parent.appendChild(el("span", "visually-hidden", " (" + data.textUnofficial + ")"));
      }
    }

    function render(query, payload) {
      target.textContent = "";
      if (!query) { return; }
      var count = el("p", "results-count text-body-secondary small mb-2", data.textCount + " ");
      count.appendChild(el("span", "results-count-number", String(payload.count)));
      target.appendChild(count);
      if (!payload.results.length) {
        target.appendChild(el("p", "no-results", data.textNone));
        return;
      }
      var list = el("ul", "list-group classification-results");
      payload.results.forEach(function (result) {
        var item = el("li", "list-group-item");
        item.dataset.code = result.code;
        var head = el("div", "result-head");
        var link = el("a", "fw-semibold result-link");
        // The template writes the detail URL of the placeholder code 00000000.
        link.href = data.detailUrl.replace("00000000", encodeURIComponent(result.code));
        link.appendChild(el("span", "code-badge me-2", result.code));
        titleNodes(link, result);
        head.appendChild(link);
        if (result.level === 4) {
          head.appendChild(document.createTextNode(" "));
          head.appendChild(el("span", "badge text-bg-success ms-1 unit-badge", data.textUnit));
        }
        item.appendChild(head);
        if (result.path && result.path.length) {
          item.appendChild(el("div", "small text-body-secondary result-path",
            result.path.map(function (step) { return step.code + " " + step.title; }).join(" › ")));
        }
        if (result.matched && result.matched !== result.title && result.matched !== result.code) {
          var matched = el("div", "small fst-italic result-matched", data.textMatched + " “");
          matched.appendChild(el("span", "", result.matched));
          matched.appendChild(document.createTextNode("”"));
          item.appendChild(matched);
        }
        list.appendChild(item);
      });
      target.appendChild(list);
    }

    var run = debounce(function () {
      var query = input.value.trim();
      var params = new URLSearchParams();
      if (query) { params.set("q", query); }
      if (level && level.value) { params.set("level", level.value); }
      // Keep the address in step, so reload and back show the same results.
      var pageUrl = form.action + (params.toString() ? "?" + params.toString() : "");
      window.history.replaceState(null, "", pageUrl);
      if (controller) { controller.abort(); }
      if (!query) { render("", null); return; }
      controller = new AbortController();
      params.set("limit", data.limit || "25");
      // The API has one address for every language: ask for the page's.
      params.set("lang", document.documentElement.lang || "az");
      fetch(data.api + "?" + params.toString(), {
        signal: controller.signal,
        headers: { "Accept": "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (payload) { if (payload) { render(query, payload); } })
        .catch(function () { /* aborted or offline: the form still submits */ });
    }, 200);

    input.addEventListener("input", run);
    if (level) { level.addEventListener("change", run); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("classification-search-form");
    if (form) { setup(form); }
  });
})();
