// Desk console: the chosen service's questions, and routing's suggestion while the agent types.
(function () {
  "use strict";
  var form = document.getElementById("desk-form");
  if (!form) { return; }
  var catalogue = JSON.parse(document.getElementById("catalogue").textContent);
  var byCode = {};
  catalogue.forEach(function (s) { byCode[s.code] = s; });
  var serviceInput = document.getElementById("f-service_code");
  var serviceName = document.getElementById("service-name");
  var attributes = document.getElementById("attributes");
  var kept = JSON.parse(attributes.getAttribute("data-values") || "{}");
  var panel = document.getElementById("suggestion");

  function el(tag, props, text) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) { node.setAttribute(k, props[k]); });
    if (text) { node.textContent = text; }
    return node;
  }

  function showService() {
    var service = byCode[serviceInput.value.trim()];
    serviceName.textContent = service ? service.name + " — " + service.group : "";
    attributes.textContent = "";
    if (!service || !service.attributes.length) { return; }
    var fieldset = el("fieldset");
    fieldset.appendChild(el("legend", {}, service.name));
    service.attributes.forEach(function (a) {
      var id = "f-attr-" + a.code, name = "attr." + a.code, input;
      fieldset.appendChild(el("label", { "for": id }, a.label + (a.required ? " *" : "")));
      if (a.values && a.values.length) {
        input = el("select", { id: id, name: name });
        input.appendChild(el("option", { value: "" }, "—"));
        a.values.forEach(function (v) { input.appendChild(el("option", { value: v.key }, v.name)); });
      } else {
        input = el("input", { id: id, name: name, type: a.datatype === "number" ? "number" : "text" });
      }
      if (a.required) { input.setAttribute("aria-required", "true"); }
      if (kept[name]) { input.value = kept[name]; }
      fieldset.appendChild(input);
    });
    attributes.appendChild(fieldset);
  }

  var timer = null, inFlight = null;
  function render(answer) {
    panel.textContent = "";
    if (!answer || answer.unavailable) {
      panel.appendChild(el("p", { "class": "muted" }, panel.dataset.none));
      return;
    }
    var head = el("p", { id: "suggested" });
    head.appendChild(el("strong", {}, panel.dataset.suggested + ": "));
    head.appendChild(document.createTextNode(answer.department_name + " (" + Math.round(answer.confidence * 100) +
      "% " + panel.dataset.confidence + ")"));
    head.setAttribute("data-department", answer.department);
    panel.appendChild(head);
    if (answer.urgent) {
      panel.appendChild(el("p", { "class": "badge bad" }, panel.dataset.urgent + (answer.emergency ? ": " + answer.emergency : "")));
    }
    var others = (answer.alternatives || []).filter(function (a) { return a.department !== answer.department; }).slice(0, 3);
    if (others.length) {
      panel.appendChild(el("p", { "class": "muted" }, panel.dataset.alternatives + ":"));
      var list = el("ul");
      others.forEach(function (a) { list.appendChild(el("li", {}, a.department_name + " (" + Math.round(a.score * 100) + "%)")); });
      panel.appendChild(list);
    }
  }

  function suggest() {
    var text = document.getElementById("f-text").value.trim();
    if (text.length < 3) { return; }
    if (inFlight) { inFlight.abort(); }
    inFlight = new AbortController();
    fetch("/masa/oneri?lang=" + encodeURIComponent(panel.dataset.lang), {
      method: "POST", credentials: "same-origin", signal: inFlight.signal,
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ text: text, service_code: serviceInput.value.trim() || null,
        district: document.getElementById("f-district").value || null,
        kind: document.getElementById("f-kind").value || null })
    }).then(function (r) { return r.json(); }).then(render).catch(function (e) {
      if (e.name !== "AbortError") { render(null); }
    });
  }

  function later() {
    clearTimeout(timer);
    timer = setTimeout(suggest, 350);
  }

  serviceInput.addEventListener("input", function () { showService(); later(); });
  ["f-text", "f-district", "f-kind"].forEach(function (id) {
    document.getElementById(id).addEventListener("input", later);
  });
  showService();
  later();
})();
