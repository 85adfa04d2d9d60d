// Progressive enhancement only: the page works without it.
// Attaching a file reloads the page: ask first when ticks or descriptions are not saved yet.
(function () {
  "use strict";
  var sheet = document.getElementById("sheet");
  if (!sheet) return;
  var unsaved = false;
  sheet.addEventListener("change", function (event) {
    if (!event.target.form || event.target.form === sheet) unsaved = true;
  });
  sheet.addEventListener("submit", function () { unsaved = false; });
  document.querySelectorAll("form.evidence-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var input = document.querySelector('input[type="file"][form="' + form.id + '"]');
      var limit = Number(form.getAttribute("data-max-bytes")) || 0;
      var file = input && input.files && input.files[0];
      if (limit && file && file.size > limit) {
        event.preventDefault();
        window.alert("Tệp quá lớn (tối đa " + Math.floor(limit / 1048576) + " MB)");
        return;
      }
      if (unsaved && !window.confirm("Phần tự chấm chưa lưu sẽ mất khi đính kèm tệp. Tiếp tục?")) {
        event.preventDefault();
      }
    });
  });
})();
