// The receipt's print button (a script file, so the pages need no inline script).
document.querySelectorAll("[data-print]").forEach(function (b) {
  b.addEventListener("click", function () { window.print(); });
});
