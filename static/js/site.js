// Marks that JavaScript works, so CSS can rely on it (see .no-js in medborger.css).
document.querySelector(".site-header")?.classList.remove("no-js");

// After a refused submit, move focus to the summary of errors, so that a screen reader reads it
// first and a keyboard user continues from it (its links lead to the fields). Done after "load"
// because the browser's own jump to the form's #fragment would otherwise take the focus back.
window.addEventListener("load", () => {
  window.setTimeout(() => document.querySelector("[data-error-summary]")?.focus(), 0);
});
