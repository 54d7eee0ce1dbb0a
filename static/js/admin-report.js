// Draw the top-20 bar chart of the demand report as SVG from the data on the page.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("chart-data");
    var target = document.getElementById("top-chart");
    if (!source || !target) { return; }
    var rows = JSON.parse(source.textContent);
    if (!rows.length) { return; }
    var ns = "http://www.w3.org/2000/svg";
    var max = Math.max.apply(null, rows.map(function (r) { return r.workers; })) || 1;
    var rowHeight = 22, labelWidth = 320, barWidth = 420;
    var svg = document.createElementNS(ns, "svg");
    svg.setAttribute("width", String(labelWidth + barWidth + 60));
    svg.setAttribute("height", String(rows.length * rowHeight));
    rows.forEach(function (row, index) {
      var y = index * rowHeight;
      var label = document.createElementNS(ns, "text");
      label.setAttribute("x", "0");
      label.setAttribute("y", String(y + 15));
      label.setAttribute("font-size", "12");
      label.textContent = row.code + " " + row.title.slice(0, 45);
      var bar = document.createElementNS(ns, "rect");
      bar.setAttribute("x", String(labelWidth));
      bar.setAttribute("y", String(y + 3));
      bar.setAttribute("height", "16");
      bar.setAttribute("width", String(Math.max(2, Math.round(barWidth * row.workers / max))));
      bar.setAttribute("fill", "#417690");
      var value = document.createElementNS(ns, "text");
      value.setAttribute("x", String(labelWidth + Math.round(barWidth * row.workers / max) + 6));
      value.setAttribute("y", String(y + 15));
      value.setAttribute("font-size", "12");
      value.textContent = String(row.workers);
      svg.appendChild(label); svg.appendChild(bar); svg.appendChild(value);
    });
    target.appendChild(svg);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
