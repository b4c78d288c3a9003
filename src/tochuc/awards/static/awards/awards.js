// The "tick all" box of the batch and decide pages: no inline scripts, so it lives here.
(function () {
  "use strict";
  document.addEventListener("change", function (e) {
    var all = e.target.closest("input[data-tick-all]");
    if (!all) return;
    var table = all.closest("table");
    table.querySelectorAll('input[type="checkbox"][name="' + all.getAttribute("data-tick-all") + '"]').forEach(function (box) {
      box.checked = all.checked;
    });
  });
})();
