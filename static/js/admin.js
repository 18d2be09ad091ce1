// The shared Django admin (templates/admin/base_site.html).
//
// Django's filter widget (SelectFilter2.js, for filter_horizontal) puts an aria-label on a plain
// <span> icon inside the filter box's label, where ARIA does not allow one (axe-core:
// aria-prohibited-attr). Its text tells what the box does, so it becomes the icon's image name,
// which is allowed and joins the label of the filter box. The widget is built on "load", so this
// runs on "load" too, registered later (a deferred script), hence after it.
"use strict";

function nameFilterIcons() {
  document.querySelectorAll(".search-label-icon[aria-label]:not([role])").forEach((icon) => {
    icon.setAttribute("role", "img");
  });
}

window.addEventListener("load", nameFilterIcons);
