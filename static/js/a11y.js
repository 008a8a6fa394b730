// Accessibility on every page (issue 18, docs/accessibility.md):
// 1. An htmx update is announced to screen readers: "<section>: updated." in the polite live
//    region, or the errors the reply carries in the assertive one (failures.js handles replies
//    that could not be shown at all). Words come translated from base.html (#live-status).
// 2. Keyboard focus survives the swap: the control that had it (same form, same control) gets it
//    back, or the first field with an error when the reply has errors.
// 3. A table that scrolls sideways (narrow screens) can be reached and scrolled with the keyboard.
(function () {
  var saved = null;

  function live(id) { return document.getElementById(id); }

  function say(id, message) {
    var region = live(id);
    if (!region || !message) return;
    region.textContent = "";
    // A change after a pause is announced even when the words are the same as last time.
    window.setTimeout(function () { region.textContent = message; }, 60);
  }

  function sectionOf(elt) {
    return elt && elt.closest ? elt.closest("section, [data-announce-as]") : null;
  }

  function headingOf(section) {
    if (!section) return "";
    if (section.dataset.announceAs) return section.dataset.announceAs;
    var label = section.getAttribute("aria-labelledby");
    var heading = (label && document.getElementById(label)) || section.querySelector("h1, h2, h3");
    return heading ? heading.textContent.trim() : "";
  }

  function inLiveRegion(elt) {
    return !!(elt && elt.closest && elt.closest("[aria-live], [role=status], [role=alert]"));
  }

  // Where focus was: the form (by its hx-post/hx-get/action) and the control within it.
  function remember() {
    var active = document.activeElement;
    if (!active || active === document.body) { saved = null; return; }
    var form = active.form || active.closest("form");
    var controls = form ? Array.prototype.slice.call(form.elements) : [];
    saved = {
      id: active.id,
      form: form && (form.getAttribute("hx-post") || form.getAttribute("hx-get") || form.getAttribute("action")),
      name: active.name, value: active.value, type: active.type,
      index: controls.indexOf(active),
    };
  }

  function findForm(key) {
    if (!key) return null;
    var forms = document.querySelectorAll("form");
    for (var i = 0; i < forms.length; i++) {
      var f = forms[i];
      if ((f.getAttribute("hx-post") || f.getAttribute("hx-get") || f.getAttribute("action")) === key) return f;
    }
    return null;
  }

  function restore(section) {
    var active = document.activeElement;
    var lost = !active || active === document.body || !document.contains(active);
    var invalid = section && section.querySelector("[aria-invalid=true]");
    if (invalid && (lost || section.contains(active))) { invalid.focus(); return; }
    if (!lost || !saved) return;
    var target = saved.id && document.getElementById(saved.id);
    if (!target) {
      var form = findForm(saved.form);
      if (form) {
        var controls = Array.prototype.slice.call(form.elements);
        target = controls.filter(function (c) {
          return saved.name && c.name === saved.name && c.value === saved.value;
        })[0] || controls[saved.index];
      }
    }
    if (!target && section) {
      var heading = section.querySelector("h2, h3");
      if (heading) { heading.setAttribute("tabindex", "-1"); target = heading; }
    }
    if (target && target.focus) target.focus();
  }

  document.addEventListener("htmx:beforeSwap", remember);

  document.addEventListener("htmx:afterSettle", function (evt) {
    var target = evt.detail.target;
    // An outerHTML swap replaced the target: find the new element by its id.
    if (target && !document.contains(target) && target.id) target = document.getElementById(target.id);
    if (!target || inLiveRegion(target)) return;
    var section = sectionOf(target) || target;
    var name = headingOf(section);
    var errors = Array.prototype.slice.call(section.querySelectorAll(".error, .errorlist"))
      .filter(function (e) { return !e.classList.contains("htmx-failure") && e.textContent.trim(); })
      .map(function (e) { return e.textContent.trim().replace(/\s+/g, " "); });
    var words = live("live-status");
    if (!words) return;
    if (errors.length) {
      say("live-alert", words.dataset.errors.replace("{section}", name).replace("{errors}", errors.join(" ")));
    } else {
      say("live-status", words.dataset.updated.replace("{section}", name));
    }
    restore(section);
  });

  // Tables that scroll sideways get into the tab order (and out again when they fit).
  function scrollables() {
    document.querySelectorAll("table").forEach(function (table) {
      var scrolls = table.scrollWidth > table.clientWidth + 1 &&
        /auto|scroll/.test(window.getComputedStyle(table).overflowX);
      if (scrolls && !table.hasAttribute("tabindex")) {
        table.setAttribute("tabindex", "0");
        table.dataset.scrollFocus = "1";
      } else if (!scrolls && table.dataset.scrollFocus) {
        table.removeAttribute("tabindex");
        delete table.dataset.scrollFocus;
      }
    });
  }
  document.addEventListener("DOMContentLoaded", scrollables);
  document.addEventListener("htmx:afterSettle", scrollables);
  window.addEventListener("resize", scrollables);
})();
