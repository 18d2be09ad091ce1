// Entry point of the editor bundle (built by `make vendor` with esbuild, see scripts/vendor.py).
// It exposes the few Tiptap pieces that static/policy/js/document-editor.js uses.
import { Editor } from "@tiptap/core";
import StarterKit from "@tiptap/starter-kit";
import { Table, TableCell, TableHeader, TableRow } from "@tiptap/extension-table";

// Tiptap renders tables with a `style` attribute (a minimum width), which the strict
// Content-Security-Policy blocks. The app's stylesheet sizes tables instead.
const CspTable = Table.extend({
  renderHTML({ HTMLAttributes }) {
    const { style, ...attributes } = HTMLAttributes;
    return ["table", attributes, ["tbody", 0]];
  },
});

window.MedborgerTiptap = { Editor, StarterKit, Table: CspTable, TableRow, TableHeader, TableCell };
