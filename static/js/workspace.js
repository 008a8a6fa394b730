// Session editor: a failed autosave says so next to the text box; the text stays where it is.
(function () {
  function statusFor(elt) {
    var form = elt && elt.closest ? elt.closest("form.autosave") : null;
    return form ? document.getElementById(form.dataset.status) : null;
  }
  function failed(evt) {
    var status = statusFor(evt.detail.elt);
    if (!status) return;
    var code = evt.detail.xhr && evt.detail.xhr.status;
    status.innerHTML = "";
    var span = document.createElement("span");
    span.className = "error";
    span.textContent = (document.documentElement.lang || "").indexOf("es") === 0
      ? "No se guardó" + (code ? " (error " + code + ")" : " (sin conexión)") + ". Su texto sigue aquí; se intentará de nuevo al seguir escribiendo o con «Guardar ahora»."
      : "Not saved" + (code ? " (error " + code + ")" : " (no connection)") + ". Your text is still here; it will be retried as you type or with “Save now”.";
    status.appendChild(span);
  }
  document.addEventListener("htmx:responseError", failed);
  document.addEventListener("htmx:sendError", failed);
  document.addEventListener("htmx:timeout", failed);
  // A person added from the search results leaves the list (no inline hx-on: the CSP forbids eval).
  document.addEventListener("htmx:afterRequest", function (evt) {
    var form = evt.detail.elt;
    if (evt.detail.successful && form.matches && form.matches("form[data-remove-on-success]")) {
      var item = form.closest("li");
      if (item) item.remove();
    }
  });
  // Warn before leaving while a narrative save is still in flight or failed.
  window.addEventListener("beforeunload", function (e) {
    if (document.querySelector("form.autosave .error, form.autosave.htmx-request")) {
      e.preventDefault();
      e.returnValue = "";
    }
  });
})();
// An acuerdo's "reason for a new due date" shows only once its date changes (or when it already
// holds text or an error); the server still requires it then. Without JavaScript it always shows.
(function () {
  function sync(box) {
    var date = document.getElementById(box.dataset.date);
    if (!date) return;
    var reason = box.querySelector("textarea, input");
    var keep = (reason && reason.value.trim()) || box.querySelector(".error");
    box.hidden = date.value === date.defaultValue && !keep;
  }
  function syncAll(root) {
    (root || document).querySelectorAll(".reason-when-changed").forEach(sync);
  }
  document.addEventListener("DOMContentLoaded", function () { syncAll(); });
  document.addEventListener("htmx:load", function (evt) { syncAll(evt.target.parentNode || document); });
  ["input", "change"].forEach(function (name) {
    document.addEventListener(name, function (evt) {
      var form = evt.target.closest && evt.target.closest("form");
      if (form && evt.target.type === "date") form.querySelectorAll(".reason-when-changed").forEach(sync);
    });
  });
})();
