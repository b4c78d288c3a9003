// The article editor: Quill (vendor/quill.js, BSD-3-Clause) over the body's text box. Without scripts the
// text box stays and takes HTML; either way the server sanitizes what it receives (portal/sanitize.py).
(function () {
  "use strict";
  var SAFE_IMAGE = /^(https?:\/\/|\/)[^\s"'<>]*$/i;
  // The table buttons: Quill's table module (quill.getModule("table")) does the work; the labels come from the
  // page (data-table-labels) so that they follow the interface language.
  var TABLE_TOOLS = {
    "table-insert": { mark: "\u229e", run: function (t, cols) { t.insertTable(3, cols); } },
    "table-row": { mark: "+\u2261", run: function (t) { t.insertRowBelow(); } },
    "table-column": { mark: "+\u2016", run: function (t) { t.insertColumnRight(); } },
    "table-delete-row": { mark: "\u2212\u2261", run: function (t) { t.deleteRow(); } },
    "table-delete-column": { mark: "\u2212\u2016", run: function (t) { t.deleteColumn(); } },
    "table-delete": { mark: "\u22a0", run: function (t) { t.deleteTable(); } }
  };

  function tableHandlers() {
    var handlers = {};
    Object.keys(TABLE_TOOLS).forEach(function (name) {
      handlers[name] = function () {
        var table = this.quill.getModule("table");
        // A row or column needs the cursor inside a table; the module ignores the click otherwise.
        this.quill.getSelection(true);
        TABLE_TOOLS[name].run(table, 3);
      };
    });
    return handlers;
  }

  function labelTableButtons(toolbar, labels) {
    Object.keys(TABLE_TOOLS).forEach(function (name) {
      var button = toolbar.querySelector("button.ql-" + name);
      if (!button) return;
      button.textContent = TABLE_TOOLS[name].mark;
      button.classList.add("table-tool");
      if (labels[name]) {
        button.title = labels[name];
        button.setAttribute("aria-label", labels[name]);
      }
    });
  }

  function init(textarea) {
    if (!window.Quill) return;
    var holder = document.createElement("div");
    holder.className = "rich-editor";
    textarea.parentNode.insertBefore(holder, textarea);
    var handlers = tableHandlers();
    var quill = new window.Quill(holder, {
      theme: "snow",
      modules: {
        table: true,
        toolbar: {
          container: [
            [{ header: [2, 3, false] }],
            ["bold", "italic", "underline"],
            [{ list: "ordered" }, { list: "bullet" }],
            ["blockquote", "link", "image"],
            Object.keys(TABLE_TOOLS),
            [{ align: [] }],
            ["clean"]
          ],
          handlers: Object.assign(handlers, {
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
          })
        }
      }
    });
    var labels = {};
    try { labels = JSON.parse(textarea.getAttribute("data-table-labels") || "{}"); } catch (e) { labels = {}; }
    labelTableButtons(quill.getModule("toolbar").container, labels);
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
