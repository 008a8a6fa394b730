// Every htmx action says when it failed (4xx, 5xx, no connection, a reply that could not be
// shown) and leaves what the user typed in place: htmx swaps nothing on an error, and this puts
// the message in an aria-live line at the top of the form (or next to the element) that made the
// request. A 409/403 from the server carries its reason as plain text; we show it as it is.
// The words come translated from base.html (#htmx-failure-text), so Spanish or English follows
// the user's language. The narrative autosave keeps its own status line (workspace.js).
(function () {
  function text(name) {
    var holder = document.getElementById("htmx-failure-text");
    return holder ? holder.dataset[name] || "" : "";
  }
  function origin(evt) {
    var elt = evt.detail && evt.detail.elt;
    if (!elt || !elt.closest) return null;
    return elt.closest("form") || elt;
  }
  function lineFor(anchor, create) {
    var line = anchor.tagName === "FORM"
      ? anchor.querySelector(":scope > .htmx-failure")
      : (anchor.nextElementSibling && anchor.nextElementSibling.classList.contains("htmx-failure")
        ? anchor.nextElementSibling : null);
    if (!line && create) {
      line = document.createElement("p");
      line.className = "htmx-failure error";
      line.setAttribute("role", "alert");
      line.setAttribute("aria-live", "assertive");
      if (anchor.tagName === "FORM") anchor.insertBefore(line, anchor.firstChild);
      else anchor.insertAdjacentElement("afterend", line);
    }
    return line;
  }
  function message(evt) {
    var xhr = evt.detail.xhr;
    var status = xhr ? xhr.status : 0;
    if (evt.type === "htmx:sendError" || evt.type === "htmx:timeout" || !status) {
      return text("network");
    }
    if (evt.type === "htmx:swapError") return text("swap");
    var type = xhr.getResponseHeader("Content-Type") || "";
    var reason = type.indexOf("text/plain") === 0 ? (xhr.responseText || "").trim() : "";
    if (reason) return text("refused").replace("{reason}", reason);
    return text(status >= 500 ? "server" : "client").replace("{code}", status);
  }
  function failed(evt) {
    var anchor = origin(evt);
    if (!anchor || (anchor.classList && anchor.classList.contains("autosave"))) return;
    var line = lineFor(anchor, true);
    line.textContent = message(evt);
  }
  function clear(evt) {
    var anchor = origin(evt);
    var line = anchor && lineFor(anchor, false);
    if (line) line.remove();
  }
  ["htmx:responseError", "htmx:sendError", "htmx:swapError", "htmx:timeout"].forEach(function (name) {
    document.addEventListener(name, failed);
  });
  document.addEventListener("htmx:beforeRequest", clear);
})();
