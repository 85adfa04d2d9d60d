// Running total and part sub-totals on a score sheet, as the member ticks options.
// Progressive enhancement: without JavaScript the server computes the totals on "Lưu nháp".
// Display only: the server (the domain core) scores the sheet that counts.
(function () {
  "use strict";
  var form = document.getElementById("sheet");
  if (!form) return;

  function branchActive(el) {
    // An answer inside a "choose one case" branch counts only if that case is the chosen one.
    var branch = el.closest("[data-branch-of]");
    while (branch) {
      var pick = form.querySelector('input[name="b:' + branch.getAttribute("data-branch-of") + '"]:checked');
      if (pick && pick.value !== branch.getAttribute("data-branch")) return false;
      branch = branch.parentElement ? branch.parentElement.closest("[data-branch-of]") : null;
    }
    return true;
  }

  function recompute() {
    var parts = {};
    var total = 0;
    form.querySelectorAll('input[type="radio"][name^="c:"]:checked').forEach(function (input) {
      if (!branchActive(input)) return;
      var points = parseInt(input.getAttribute("data-points") || "0", 10) || 0;
      var part = input.getAttribute("data-part");
      parts[part] = (parts[part] || 0) + points;
      total += points;
    });
    form.querySelectorAll("[data-part-total]").forEach(function (el) {
      el.textContent = String(parts[el.getAttribute("data-part-total")] || 0);
    });
    var totalEl = document.getElementById("total");
    if (totalEl) totalEl.textContent = String(total);
    form.querySelectorAll("[data-branch-of]").forEach(function (branch) {
      branch.classList.toggle("inactive", !branchActive(branch.firstElementChild || branch));
    });
  }

  form.addEventListener("change", recompute);
  recompute();
})();

// Ask before a button whose step cannot be undone ("Nộp phiếu": data-confirm holds the question).
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button[data-confirm]");
  if (button && !window.confirm(button.getAttribute("data-confirm"))) event.preventDefault();
});
