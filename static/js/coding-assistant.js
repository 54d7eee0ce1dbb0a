// Coding assistant on the line form: the employer's own job title and duties in,
// suggested unit groups with their certainty out; picking one fills the profession code.
// Without JavaScript the "suggest" and pick buttons send the form and the server
// renders the same list (templates/forecasts/includes/assistant_suggestions.html).
(function () {
  "use strict";

  var MIN_TITLE = 3;

  function debounce(fn, ms) {
    var timer;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function band(score) {
    if (score >= 70) { return "text-bg-success"; }
    if (score >= 40) { return "text-bg-warning"; }
    return "text-bg-secondary";
  }

  function setup(root) {
    var form = root.closest("form");
    var title = root.querySelector("input[name=job_title]");
    var duties = root.querySelector("input[name=duties]");
    var box = root.querySelector(".assistant-suggestions");
    var status = root.querySelector(".assistant-status");
    var profession = form && form.querySelector("input[name=profession]");
    var chosen = form && form.querySelector(".picker-chosen");
    if (!title || !box || !profession) { return; }
    var text = root.dataset;
    var controller = null;
    var asked = "";

    function pickButton(code, label, language, official) {
      var button = element("button", "btn btn-link p-0 text-start align-baseline assistant-pick");
      button.type = "submit";
      button.name = "pick";
      button.value = code;
      button.setAttribute("aria-pressed", profession.value.trim() === code ? "true" : "false");
      button.appendChild(element("span", "code-badge fw-bold", code));
      button.appendChild(document.createTextNode(" "));
      var name = element("span", "", label);
      if (language) { name.lang = language; }
      button.appendChild(name);
      if (official === false) {
        var mark = element("sup", "unofficial-mark", "*");
        mark.setAttribute("aria-hidden", "true");
        button.appendChild(mark);
        button.appendChild(element("span", "visually-hidden", " (" + text.textUnofficial + ")"));
      }
      return button;
    }

    function render(data) {
      box.textContent = "";
      var suggestions = data.suggestions || [];
      if (data.ambiguous) {
        box.appendChild(element("p", "small mb-2 assistant-ambiguous",
          data.reason === "generic" ? text.textGeneric : text.textClose));
      }
      if (!suggestions.length) {
        box.appendChild(element("p", "small mb-0", text.textNone));
      } else {
        var list = element("ol", "list-group list-group-numbered assistant-list");
        list.setAttribute("aria-label", text.textList);
        suggestions.forEach(function (s) {
          var item = element("li", "list-group-item assistant-item");
          item.dataset.code = s.code;
          item.appendChild(pickButton(s.code, s.title, s.title_language, s.official));
          item.appendChild(document.createTextNode(" "));
          item.appendChild(element("span", "badge assistant-certainty " + band(s.score),
            text.textCertainty + ": " + s.score + "%"));
          (s.evidence || []).forEach(function (e) {
            if (e.source !== "label" && e.source !== "title" && e.source !== "example") { return; }
            var matched = element("div", "small assistant-matched", text.textMatched + ": ");
            var quoted = element("span", "", "“" + e.text + "”");
            if (e.language) { quoted.lang = e.language; }
            matched.appendChild(quoted);
            item.appendChild(matched);
          });
          if (s.definition) {
            var excerpt = s.definition.length > 240 ? s.definition.slice(0, 239) + "…" : s.definition;
            var definition = element("div", "small text-body-secondary assistant-definition", excerpt);
            definition.lang = s.definition_language;
            item.appendChild(definition);
          }
          list.appendChild(item);
        });
        box.appendChild(list);
      }
      if (data.ambiguous && data.reason === "generic" && (data.choices || []).length) {
        var label = element("p", "small mb-1 mt-2", text.textChoose);
        label.id = "assistant-choices-label";
        box.appendChild(label);
        var choices = element("ul", "list-unstyled d-flex flex-wrap gap-1 assistant-choices");
        choices.setAttribute("aria-labelledby", label.id);
        data.choices.forEach(function (c) {
          var li = element("li");
          var button = pickButton(c.code, c.label, "", true);
          button.className = "btn btn-outline-secondary btn-sm assistant-pick";
          li.appendChild(button);
          choices.appendChild(li);
        });
        box.appendChild(choices);
      }
      status.textContent = text.textReady;
    }

    function ask(force) {
      var query = title.value.trim();
      var key = query + "\u0000" + (duties ? duties.value.trim() : "");
      if (query.length < MIN_TITLE || (!force && key === asked)) { return; }
      asked = key;
      if (controller) { controller.abort(); }
      controller = new AbortController();
      var params = new URLSearchParams({
        title: query,
        limit: "5",
        lang: document.documentElement.lang || "az"
      });
      if (duties && duties.value.trim()) { params.set("duties", duties.value.trim()); }
      if (text.activity) { params.set("activity", text.activity); }
      fetch(text.api + "?" + params.toString(), {
        signal: controller.signal,
        headers: { "Accept": "application/json" }
      })
        // A refusal (too many requests, a title too long) keeps what is shown; the
        // "suggest" button still asks the server.
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (data) { render(data); } else { asked = ""; }
        })
        .catch(function () { /* aborted or offline: the buttons still send the form */ });
    }

    function pick(button) {
      var code = button.value;
      profession.value = code;
      box.querySelectorAll(".assistant-pick").forEach(function (other) {
        other.setAttribute("aria-pressed", other === button ? "true" : "false");
      });
      if (chosen) {
        chosen.textContent = "";
        chosen.appendChild(element("span", "badge text-bg-light code-badge", code));
        var name = button.querySelector("span[lang]") || button;
        var label = name === button ? button.textContent.replace(code, "").trim() : name.textContent;
        chosen.appendChild(document.createTextNode(" " + label + " — " + text.textChosen));
      }
      status.textContent = text.textPicked + ": " + code;
    }

    var later = debounce(function () { ask(false); }, 350);
    title.addEventListener("input", later);
    if (duties) { duties.addEventListener("input", later); }
    [title, duties].forEach(function (field) {
      if (!field) { return; }
      field.addEventListener("keydown", function (event) {
        if (event.key === "Enter") { event.preventDefault(); ask(true); }
      });
    });
    root.addEventListener("click", function (event) {
      var target = event.target.closest("button");
      if (!target || !root.contains(target)) { return; }
      if (target.classList.contains("assistant-ask")) {
        event.preventDefault();
        ask(true);
      } else if (target.classList.contains("assistant-pick")) {
        event.preventDefault();
        pick(target);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".coding-assistant").forEach(setup);
  });
})();
