// Marks that JavaScript works, so CSS can rely on it (see .no-js in medborger.css).
document.querySelector(".site-header")?.classList.remove("no-js");

// A page that shows a job's progress (a report, an analysis, a journal package) refreshes itself
// until the job is done; the page also links to itself for those without JavaScript.
const progress = document.querySelector("[data-refresh-seconds]");
if (progress) {
  const seconds = parseInt(progress.getAttribute("data-refresh-seconds"), 10) || 3;
  window.setTimeout(() => window.location.reload(), seconds * 1000);
}
// After a refused submit, move focus to the summary of errors, so that a screen reader reads it
// first and a keyboard user continues from it (its links lead to the fields). Done after "load"
// because the browser's own jump to the form's #fragment would otherwise take the focus back.
window.addEventListener("load", () => {
  window.setTimeout(() => document.querySelector("[data-error-summary]")?.focus(), 0);
});
