// Kvota Portalı: progressive enhancements shared by every page.
(function () {
  "use strict";
  // Move focus to an error summary so keyboard and screen-reader users hear it first.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  });
})();

// Disable a submit button after the first click so a double click sends one request.
document.addEventListener("submit", function (event) {
  var button = event.target.querySelector("[data-prevent-double-submit]");
  if (button) {
    if (button.dataset.sent) { event.preventDefault(); return; }
    button.dataset.sent = "1";
    setTimeout(function () { button.disabled = true; }, 0);
  }
});
