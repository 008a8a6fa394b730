// Every page: a <select data-autosubmit> (the language switcher) submits its form when changed.
// A script file instead of an inline onchange: the Content-Security-Policy allows no inline code.
document.addEventListener("change", function (evt) {
  var select = evt.target;
  if (select.matches && select.matches("select[data-autosubmit]") && select.form) {
    select.form.submit();
  }
});
