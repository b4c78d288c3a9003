// The article editor: Quill (vendor/quill.js, BSD-3-Clause) over the body's text box. Without scripts the
// text box stays and takes HTML; either way the server sanitizes what it receives (portal/sanitize.py).
(function () {
  "use strict";
  var SAFE_IMAGE = /^(https?:\/\/|\/)[^\s"'<>]*$/i;

  function init(textarea) {
    if (!window.Quill) return;
    var holder = document.createElement("div");
    holder.className = "rich-editor";
    textarea.parentNode.insertBefore(holder, textarea);
    var quill = new window.Quill(holder, {
      theme: "snow",
      modules: {
        toolbar: {
          container: [
            [{ header: [2, 3, false] }],
            ["bold", "italic", "underline"],
            [{ list: "ordered" }, { list: "bullet" }],
            ["blockquote", "link", "image"],
            [{ align: [] }],
            ["clean"]
          ],
          handlers: {
            // Quill would put the picture into the text as a data: URL, which the server strips: ask for the
            // address of a picture already on the web (or on this site) instead.
            image: function () {
              var url = window.prompt(textarea.getAttribute("data-image-prompt") || "Địa chỉ ảnh (bắt đầu bằng https:// hoặc /):");
              if (!url) return;
              url = url.trim();
              if (!SAFE_IMAGE.test(url)) return;
              var range = this.quill.getSelection(true);
              this.quill.insertEmbed(range.index, "image", url, "user");
            }
          }
        }
      }
    });
    if (textarea.value) quill.clipboard.dangerouslyPasteHTML(textarea.value);
    var label = document.querySelector('label[for="' + textarea.id + '"]');
    quill.root.setAttribute("role", "textbox");
    quill.root.setAttribute("aria-multiline", "true");
    if (label) quill.root.setAttribute("aria-label", label.textContent.replace("*", "").trim());
    if (textarea.getAttribute("aria-describedby")) quill.root.setAttribute("aria-describedby", textarea.getAttribute("aria-describedby"));
    textarea.hidden = true;
    textarea.form.addEventListener("submit", function () {
      var empty = quill.getText().trim() === "" && !quill.root.querySelector("img");
      // Quill 2.0.3 writes every space of the text as &nbsp;, which would keep lines from wrapping.
      textarea.value = empty ? "" : quill.getSemanticHTML().replace(/&nbsp;/g, " ");
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("textarea[data-editor=rich]").forEach(init);
  });
})();
