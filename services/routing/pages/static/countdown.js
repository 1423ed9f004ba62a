// SLA countdown: refreshes each "time left" badge every 30 s from its due time (server clock at render).
(function () {
  "use strict";
  var table = document.getElementById("cases");
  if (!table) { return; }
  var skew = Date.parse(table.getAttribute("data-now")) - Date.now();
  function text(seconds) {
    var left = Math.abs(seconds), d = Math.floor(left / 86400), h = Math.floor(left % 86400 / 3600),
      m = Math.floor(left % 3600 / 60), parts = [];
    if (d) { parts.push(d + " g"); }
    if (h || d) { parts.push(h + " sa"); }
    if (!d) { parts.push(m + " dk"); }
    return parts.join(" ");
  }
  function tick() {
    var now = Date.now() + skew;
    table.querySelectorAll("[data-due]").forEach(function (badge) {
      var seconds = Math.round((Date.parse(badge.getAttribute("data-due")) - now) / 1000);
      badge.textContent = text(seconds) + " " + badge.getAttribute(seconds < 0 ? "data-late" : "data-left");
      badge.className = "badge " + (seconds < 0 ? "bad" : (seconds < 86400 ? "warn" : "ok"));
    });
  }
  setInterval(tick, 30000);
})();
