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

// "Sil" on a forecast line: without JavaScript the link opens a confirmation page; with it
// a dialog asks the same question on the page and posts the same form.
document.addEventListener("click", function (event) {
  var link = event.target.closest("[data-confirm-delete]");
  var dialog = document.getElementById("delete-dialog");
  if (!link || !dialog || typeof dialog.showModal !== "function") { return; }
  event.preventDefault();
  var form = dialog.querySelector("[data-delete-form]");
  form.action = link.getAttribute("href");
  dialog.querySelector("[data-delete-line]").textContent = link.dataset.line || "";
  dialog.returnFocusTo = link;
  dialog.showModal();
  var cancel = dialog.querySelector("[data-dialog-cancel]");
  if (cancel) { cancel.focus(); }
});
document.addEventListener("click", function (event) {
  var cancel = event.target.closest("[data-dialog-cancel]");
  if (cancel) { cancel.closest("dialog").close(); }
});
document.addEventListener("close", function (event) {
  var dialog = event.target;
  if (dialog.returnFocusTo) { dialog.returnFocusTo.focus(); dialog.returnFocusTo = null; }
}, true);
