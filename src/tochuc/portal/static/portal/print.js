// The print view's "In bài này" button (no inline handler: the pages run under a strict CSP).
(function () {
  "use strict";
  document.addEventListener("click", function (e) {
    if (e.target.closest("[data-print]")) {
      e.preventDefault();
      window.print();
    }
  });
})();
