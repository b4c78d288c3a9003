// Small behaviours that HTMX does not cover. No inline scripts: this file is loaded by every page.
(function () {
  "use strict";
  // Send the CSRF token with every HTMX request.
  document.addEventListener("htmx:configRequest", function (e) {
    var token = document.querySelector('meta[name="csrf-token"]');
    if (token) e.detail.headers["X-CSRFToken"] = token.content;
  });
  // Tree nodes: the toggle loads children once, then shows/hides them.
  document.addEventListener("click", function (e) {
    var btn = e.target.closest("button.toggle");
    if (!btn) return;
    var list = document.getElementById(btn.getAttribute("aria-controls"));
    var open = btn.getAttribute("aria-expanded") === "true";
    if (list && list.dataset.loaded === "1") {
      e.preventDefault();
      list.hidden = open;
      btn.setAttribute("aria-expanded", open ? "false" : "true");
      btn.textContent = open ? "▸" : "▾";
    }
  });
  document.addEventListener("htmx:afterSwap", function (e) {
    var list = e.detail.target;
    if (list && list.classList && list.classList.contains("children")) {
      list.dataset.loaded = "1";
      list.hidden = false;
      var btn = document.querySelector('button[aria-controls="' + list.id + '"]');
      if (btn) { btn.setAttribute("aria-expanded", "true"); btn.textContent = "▾"; }
    }
  });
  // Close the search results with Escape.
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      var box = document.getElementById("search-results");
      if (box) box.innerHTML = "";
    }
  });
  // Fields that only matter for one choice of a radio group (e.g. merge into a new org): data-when="mode=new".
  function syncConditional() {
    document.querySelectorAll("[data-when]").forEach(function (el) {
      var parts = el.getAttribute("data-when").split("=");
      var checked = document.querySelector('input[name="' + parts[0] + '"]:checked');
      var field = el.closest(".field") || el;
      field.hidden = !checked || checked.value !== parts[1];
    });
  }
  document.addEventListener("DOMContentLoaded", syncConditional);
  document.addEventListener("change", function (e) {
    if (e.target.matches('input[type="radio"]')) syncConditional();
  });
  // A form that deletes asks first: <form data-confirm="Xóa …?">. Without JavaScript it submits as it is.
  document.addEventListener("submit", function (e) {
    var question = e.target.getAttribute && e.target.getAttribute("data-confirm");
    if (question && !window.confirm(question)) e.preventDefault();
  });
  // Print buttons: <button data-print> (no inline onclick: the pages run under a strict CSP).
  document.addEventListener("click", function (e) {
    if (e.target.closest && e.target.closest("[data-print]")) {
      e.preventDefault();
      window.print();
    }
  });
  // Language switcher submits on change.
  document.addEventListener("change", function (e) {
    if (e.target.matches("select[data-autosubmit]")) e.target.form.submit();
  });
})();
