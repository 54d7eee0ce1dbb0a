// Draw the top-20 bar chart of the demand report as SVG from the JSON on the page;
// the print button prints the page (its print stylesheet leaves the admin out).
// No inline styles (CSP): the look comes from classes in admin-report.css.
(function () {
  "use strict";
  var NS = "http://www.w3.org/2000/svg";

  function element(name, attributes, text) {
    var node = document.createElementNS(NS, name);
    Object.keys(attributes).forEach(function (key) { node.setAttribute(key, String(attributes[key])); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function draw() {
    var source = document.getElementById("chart-data");
    var target = document.getElementById("top-chart");
    if (!source || !target) { return; }
    var rows = JSON.parse(source.textContent);
    if (!rows.length) { return; }
    var max = Math.max.apply(null, rows.map(function (r) { return r.workers; })) || 1;
    var rowHeight = 22, labelWidth = 340, barWidth = 460, valueWidth = 70;
    var width = labelWidth + barWidth + valueWidth, height = rows.length * rowHeight;
    var svg = element("svg", { viewBox: "0 0 " + width + " " + height, width: width, height: height });
    rows.forEach(function (row, index) {
      var y = index * rowHeight;
      var length = Math.max(2, Math.round(barWidth * row.workers / max));
      var name = row.code + " " + row.title;
      var label = element("text", { x: 0, y: y + 15, "class": "label" },
        name.length > 52 ? name.slice(0, 51) + "…" : name);
      label.appendChild(element("title", {}, name));
      var bar = element("rect", { x: labelWidth, y: y + 3, height: 16, width: length, "class": "bar" });
      bar.appendChild(element("title", {}, name + ": " + row.workers));
      svg.appendChild(label);
      svg.appendChild(bar);
      svg.appendChild(element("text", { x: labelWidth + length + 6, y: y + 15, "class": "value" }, String(row.workers)));
    });
    target.appendChild(svg);
  }

  function start() {
    draw();
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
