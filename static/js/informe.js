// Informe: copy the report paragraph to the clipboard (no inline script: CSP-friendly).
document.addEventListener("click", function (event) {
  var button = event.target.closest("[data-copy-target]");
  if (!button) return;
  var source = document.getElementById(button.dataset.copyTarget);
  var status = button.parentElement.querySelector(".copy-status");
  var say = function (key) { if (status) status.textContent = status.dataset[key]; };
  if (navigator.clipboard && window.isSecureContext) {
    navigator.clipboard.writeText(source.textContent.trim()).then(
      function () { say("copied"); }, function () { say("failed"); });
  } else {
    var range = document.createRange();
    range.selectNodeContents(source);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    say(document.execCommand("copy") ? "copied" : "failed");
  }
});
