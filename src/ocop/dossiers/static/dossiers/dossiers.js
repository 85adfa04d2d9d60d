// Progressive enhancement only: the pages work without it.
// Ask before a step that cannot be undone (forms with data-confirm).
document.addEventListener("submit", function (event) {
  var form = event.target;
  var question = form.getAttribute && form.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
// Warn before sending a file over the server's limit (the server checks again).
document.querySelectorAll('form.upload input[type="file"]').forEach(function (input) {
  var limit = Number(input.form.getAttribute("data-max-bytes")) || 0;
  input.addEventListener("change", function () {
    var file = input.files && input.files[0];
    if (limit && file && file.size > limit) {
      window.alert("Tệp quá lớn (tối đa " + Math.floor(limit / 1048576) + " MB) / file too large");
      input.value = "";
    }
  });
});
