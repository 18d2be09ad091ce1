/* The document editor: a WYSIWYG editor (Tiptap) on each section's textarea, keyboard-friendly
 * reordering and adding of sections, and a warning before leaving with unsaved changes.
 *
 * Without this script the page still works: each section is a heading field and a textarea
 * with HTML, and "Move up", "Move down" and "Add a section" are buttons that post the form.
 */
(function () {
  "use strict";

  var form = document.querySelector("[data-editor-form]");
  if (!form) return;
  var labelsElement = document.getElementById("editor-labels");
  var L = labelsElement ? JSON.parse(labelsElement.textContent) : {};
  var sectionsBox = form.querySelector("[data-sections]");
  var announcer = form.querySelector("[data-announce]");
  var totalInput = form.querySelector("input[name$='-TOTAL_FORMS']");
  var template = document.getElementById("section-template");
  var tiptap = window.MedborgerTiptap;
  // A form that came back from the server (errors, conflict, rearranged) holds unsaved text.
  var dirty = form.hasAttribute("data-unsaved");

  function markDirty() {
    dirty = true;
  }

  function announce(text) {
    if (!announcer) return;
    announcer.textContent = "";
    window.setTimeout(function () {
      announcer.textContent = text;
    }, 50);
  }

  function format(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_match, name) {
      return values[name];
    });
  }

  /* --- The WYSIWYG editor on one textarea ---------------------------------------------- */

  var SAFE_URL = /^(https?:\/\/|mailto:|tel:)/i;

  function makeButton(label, command) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary btn-sm";
    button.textContent = label;
    button.dataset.command = command;
    return button;
  }

  var TOOLBAR = [
    ["paragraph", "paragraph", false],
    ["heading2", "heading2", true],
    ["heading3", "heading3", true],
    ["bold", "bold", true],
    ["italic", "italic", true],
    ["bulletList", "bulletList", true],
    ["orderedList", "orderedList", true],
    ["link", "link", true],
    ["table", "insertTable", false],
    ["addRow", "addRowAfter", false],
    ["addColumn", "addColumnAfter", false],
    ["deleteRow", "deleteRow", false],
    ["deleteColumn", "deleteColumn", false],
    ["deleteTable", "deleteTable", false],
    ["undo", "undo", false],
    ["redo", "redo", false],
  ];

  function run(editor, command) {
    var chain = editor.chain().focus();
    switch (command) {
      case "paragraph":
        return chain.setParagraph().run();
      case "heading2":
        return chain.toggleHeading({ level: 2 }).run();
      case "heading3":
        return chain.toggleHeading({ level: 3 }).run();
      case "bold":
        return chain.toggleBold().run();
      case "italic":
        return chain.toggleItalic().run();
      case "bulletList":
        return chain.toggleBulletList().run();
      case "orderedList":
        return chain.toggleOrderedList().run();
      case "link":
        if (editor.isActive("link")) return chain.extendMarkRange("link").unsetLink().run();
        var url = window.prompt(L.linkPrompt || "URL", "https://");
        if (!url || url === "https://") return false;
        url = url.trim();
        if (!SAFE_URL.test(url)) url = "https://" + url.replace(/^[a-z]+:\/*/i, "");
        return chain.extendMarkRange("link").setLink({ href: url }).run();
      case "insertTable":
        return chain.insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run();
      default:
        return chain[command]().run();
    }
  }

  function isActive(editor, command) {
    switch (command) {
      case "heading2":
        return editor.isActive("heading", { level: 2 });
      case "heading3":
        return editor.isActive("heading", { level: 3 });
      default:
        return editor.isActive(command);
    }
  }

  function canRun(editor, command) {
    var can = editor.can();
    switch (command) {
      case "addRowAfter":
      case "addColumnAfter":
      case "deleteRow":
      case "deleteColumn":
      case "deleteTable":
      case "undo":
      case "redo":
        return can[command]();
      default:
        return true;
    }
  }

  function attachEditor(textarea) {
    if (!tiptap || textarea.dataset.enhanced) return;
    textarea.dataset.enhanced = "1";
    var label = document.getElementById(textarea.id + "-label");
    var wrapper = document.createElement("div");
    wrapper.className = "rich-text";
    var toolbar = document.createElement("div");
    toolbar.className = "rich-text-toolbar btn-toolbar gap-1 mb-1";
    toolbar.setAttribute("role", "toolbar");
    toolbar.setAttribute("aria-label", format(L.toolbar || "%(label)s", { label: label ? label.textContent : "" }));
    toolbar.setAttribute("aria-controls", textarea.id + "-rich");
    var buttons = TOOLBAR.map(function (item) {
      var button = makeButton(L[item[0]] || item[0], item[1]);
      if (item[2]) button.setAttribute("aria-pressed", "false");
      toolbar.appendChild(button);
      return button;
    });
    var area = document.createElement("div");
    wrapper.appendChild(toolbar);
    wrapper.appendChild(area);
    textarea.parentNode.insertBefore(wrapper, textarea.nextSibling);
    textarea.classList.add("d-none");
    textarea.setAttribute("aria-hidden", "true");
    textarea.tabIndex = -1;

    var describedBy = textarea.getAttribute("aria-describedby") || "";
    var attributes = {
      id: textarea.id + "-rich",
      class: "rich-text-area form-control" + (textarea.classList.contains("is-invalid") ? " is-invalid" : ""),
      role: "textbox",
      "aria-multiline": "true",
      "aria-describedby": (describedBy + " " + textarea.id + "-keys").trim(),
    };
    if (label) attributes["aria-labelledby"] = label.id;
    if (textarea.getAttribute("aria-invalid")) attributes["aria-invalid"] = "true";

    var editor = new tiptap.Editor({
      element: area,
      injectCSS: false,
      content: textarea.value,
      extensions: [
        tiptap.StarterKit.configure({
          heading: { levels: [2, 3, 4] },
          code: false,
          codeBlock: false,
          link: {
            openOnClick: false,
            autolink: true,
            protocols: ["mailto", "tel"],
            HTMLAttributes: { rel: "noopener noreferrer nofollow", target: null },
          },
        }),
        tiptap.Table.configure({ resizable: false }),
        tiptap.TableRow,
        tiptap.TableHeader,
        tiptap.TableCell,
      ],
      editorProps: { attributes: attributes },
      onUpdate: function (props) {
        textarea.value = props.editor.getHTML();
        markDirty();
      },
    });
    // The editor normalises the HTML it was given; that is not a change by the user.
    textarea.value = editor.getHTML();

    var keys = document.createElement("p");
    keys.className = "form-text mb-0";
    keys.id = textarea.id + "-keys";
    keys.textContent = L.keys || "";
    wrapper.appendChild(keys);

    function refresh() {
      buttons.forEach(function (button) {
        var command = button.dataset.command;
        if (button.hasAttribute("aria-pressed")) {
          button.setAttribute("aria-pressed", isActive(editor, command) ? "true" : "false");
        }
        button.disabled = !canRun(editor, command);
      });
    }
    editor.on("transaction", refresh);
    refresh();
    toolbar.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-command]");
      if (button) run(editor, button.dataset.command);
    });
    // Tab moves between table cells, so Escape always leaves the text for the next control.
    editor.view.dom.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      var fieldset = textarea.closest("[data-section]");
      var next = fieldset && fieldset.querySelector("[data-move]");
      if (next) {
        event.preventDefault();
        next.focus();
      }
    });
  }

  /* --- Sections: move, add, remove ----------------------------------------------------- */

  function sections() {
    return Array.prototype.slice.call(sectionsBox.querySelectorAll("[data-section]"));
  }

  function renumber() {
    sections().forEach(function (fieldset, index) {
      fieldset.querySelector("[data-position]").value = index;
      fieldset.querySelectorAll("[data-section-number]").forEach(function (span) {
        span.textContent = index + 1;
      });
    });
  }

  sectionsBox.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-move]");
    if (!button) return;
    event.preventDefault();
    var fieldset = button.closest("[data-section]");
    var all = sections();
    var at = all.indexOf(fieldset);
    var up = button.dataset.move === "up";
    var to = up ? at - 1 : at + 1;
    if (to < 0 || to >= all.length) {
      announce(up ? L.alreadyFirst : L.alreadyLast);
      return;
    }
    if (up) sectionsBox.insertBefore(fieldset, all[to]);
    else sectionsBox.insertBefore(fieldset, all[to].nextSibling);
    renumber();
    button.focus();
    var heading = fieldset.querySelector("[data-heading]").value || L.untitled;
    announce(format(L.moved, { heading: heading, place: to + 1 }));
    markDirty();
  });

  sectionsBox.addEventListener("change", function (event) {
    if (event.target.matches("[data-delete]")) {
      event.target.closest("[data-section]").classList.toggle("is-removed", event.target.checked);
    }
  });

  var addButton = form.querySelector("[data-add-section]");
  if (addButton && template && totalInput) {
    addButton.addEventListener("click", function (event) {
      event.preventDefault();
      var index = parseInt(totalInput.value, 10) || 0;
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index));
      var fieldset = holder.querySelector("[data-section]");
      var empty = sectionsBox.querySelector("[data-no-sections]");
      if (empty) empty.remove();
      sectionsBox.appendChild(fieldset);
      totalInput.value = index + 1;
      renumber();
      fieldset.querySelectorAll("[data-body]").forEach(attachEditor);
      fieldset.querySelector("[data-heading]").focus();
      announce(L.added);
      markDirty();
    });
  }

  /* --- Unsaved changes ----------------------------------------------------------------- */

  form.addEventListener("input", markDirty);
  form.addEventListener("submit", function () {
    dirty = false;
  });
  window.addEventListener("beforeunload", function (event) {
    if (!dirty) return;
    event.preventDefault();
    event.returnValue = L.unsaved || "";
    return L.unsaved;
  });

  sectionsBox.querySelectorAll("[data-body]").forEach(attachEditor);
  var errors = document.getElementById("editor-errors") || form.querySelector(".is-invalid");
  if (errors) errors.focus();
})();
