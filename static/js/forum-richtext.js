/* Minutes editor: a small toolbar above each textarea marked data-rich-text. Each button wraps
   the selected text in one of the HTML tags the server keeps (the server sanitises whatever
   arrives). Without JavaScript the textarea works as it is. No inline code: CSP-safe. */
(function () {
  "use strict";

  function wrap(textarea, before, after, transform) {
    var start = textarea.selectionStart;
    var end = textarea.selectionEnd;
    var value = textarea.value;
    var selected = value.slice(start, end);
    var inner = transform ? transform(selected) : selected;
    textarea.value = value.slice(0, start) + before + inner + after + value.slice(end);
    textarea.focus();
    textarea.setSelectionRange(start + before.length, start + before.length + inner.length);
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function listItems(text) {
    var lines = text.split(/\r?\n/).filter(function (line) { return line.trim() !== ""; });
    if (lines.length === 0) { lines = [""]; }
    return "\n" + lines.map(function (line) { return "  <li>" + line.trim() + "</li>"; }).join("\n") + "\n";
  }

  var ACTIONS = [
    { key: "heading", before: "<h3>", after: "</h3>" },
    { key: "paragraph", before: "<p>", after: "</p>" },
    { key: "bold", before: "<strong>", after: "</strong>" },
    { key: "italic", before: "<em>", after: "</em>" },
    { key: "list", before: "<ul>", after: "</ul>", transform: listItems }
  ];

  function enhance(textarea) {
    var toolbar = document.createElement("div");
    toolbar.className = "btn-toolbar gap-1 mb-1";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", textarea.dataset.toolbarLabel || "Formatting");
    toolbar.setAttribute("aria-controls", textarea.id);
    ACTIONS.forEach(function (action) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-outline-primary btn-sm";
      button.textContent = textarea.dataset["label" + action.key.charAt(0).toUpperCase() + action.key.slice(1)] || action.key;
      button.addEventListener("click", function () {
        wrap(textarea, action.before, action.after, action.transform);
      });
      toolbar.appendChild(button);
    });
    textarea.parentNode.insertBefore(toolbar, textarea);
  }

  document.querySelectorAll("textarea[data-rich-text]").forEach(enhance);
})();
